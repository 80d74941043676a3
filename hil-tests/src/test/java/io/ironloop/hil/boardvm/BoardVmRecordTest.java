package io.ironloop.hil.boardvm;

import io.ironloop.control.recording.RecordingHeader;
import io.ironloop.control.recording.RecordingReader;
import io.ironloop.firmware.cli.IronloopCli;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ironloop record} on the pi4j backend, inside board-vm: the whole command as a user runs it on a
 * board (the machine on its own threads in real time, the kernel's i2c-dev, spidev and gpiod under the
 * drivers), and the recording it writes read back with the values the simulated chips were given. This
 * is what makes "a recording made on a real board replays in the lab" more than a sim-only claim.
 * Ordered after {@link BoardVmPi4jTest}, whose machine holds the GPIO lines until its class ends.
 */
@Tag("board-vm")
@Order(2)
@EnabledIfEnvironmentVariable(named = "BOARD_VM_I2C_SIM", matches = ".+",
    disabledReason = "runs inside board-vm only, started by hil-tests/board-vm/run-suite.sh")
class BoardVmRecordTest
{
    private static final double SECONDS = 3.0;

    private final BoardVmSim sim = new BoardVmSim();
    private final Path repo = Files.isDirectory(Path.of("board-configs")) ? Path.of(".") : Path.of("..");

    @Test
    void shouldRecordEveryProcessImageSlotOfAMachineOnTheKernelBackend(@TempDir final Path dir) throws Exception
    {
        sim.presetBme280();
        sim.i2cSet(BoardVmSim.ADS1115, 0x00, 2, 0x4E, 0xC3); // 8.0016 bar (BoardVmPi4jTest works it out)
        sim.spiResponse(0, 0x00, 0x02, 0x9A);               // MCP3008: 666 counts
        sim.spiResponse(1, 0x01, 0x90, 0x1C, 0x30);         // MAX31855: 25.0 degC, cold junction 28.1875 degC
        sim.gpioPull(22, "up");                             // limit switch open (active low)
        final Path out = dir.resolve("board.ilr");
        final StringWriter stdout = new StringWriter();
        final StringWriter stderr = new StringWriter();

        final int exit = IronloopCli.execute(new PrintWriter(stdout, true), new PrintWriter(stderr, true), "record",
            repo.resolve("hil-tests/src/test/resources/boardvm/bench.yaml").toString(),
            "--board", repo.resolve("board-configs/boards/raspberry-pi-4b.yaml").toString(),
            "--seconds", Double.toString(SECONDS), "--out", out.toString());

        assertEquals(0, exit, "record on the pi4j backend: " + stdout + stderr);
        try (RecordingReader reader = RecordingReader.open(out))
        {
            final RecordingHeader header = reader.header();
            final List<String> names = List.of("line_pressure", "cabinet_temperature", "cabinet_pressure", "spare_voltage",
                "kiln_temperature", "kiln_cold_junction", "flow_pulses", "end_stop");
            assertEquals(names, header.names(), "every sensor's slot, in the machine file's order");
            final double[] row = new double[header.channelCount()];
            long rows = 0;
            final double[] last = new double[row.length];
            while (reader.next(row))
            {
                rows++;
                System.arraycopy(row, 0, last, 0, row.length);
            }
            final double rateHz = 1e9 / header.periodNs();
            System.out.printf("board-vm record: %d rows at %.0f Hz over %.1f s%n", rows, rateHz, SECONDS);
            // The guest runs 10-20x slower than a board; the recorder writes one row per control tick it keeps up
            // with, so at least half the ticks must be there, never more than the run had.
            assertTrue(rows >= SECONDS * rateHz / 2 && rows <= SECONDS * rateHz + 1, rows + " rows at " + rateHz + " Hz");
            assertEquals(8.0016, last[header.channel("line_pressure")], 1e-4, "ADS1115 through i2c-dev, 4-20 mA scaled");
            assertEquals(25.08, last[header.channel("cabinet_temperature")], 0.005, "BME280 worked example");
            assertEquals(100653.27, last[header.channel("cabinet_pressure")], 0.01, "BME280 worked example");
            assertEquals(666 * 3.3 / 1024, last[header.channel("spare_voltage")], 1e-9, "MCP3008 through spidev");
            assertEquals(25.0, last[header.channel("kiln_temperature")], 1e-9, "MAX31855 through spidev");
            assertEquals(28.1875, last[header.channel("kiln_cold_junction")], 1e-9, "MAX31855 cold junction");
        }
    }
}
