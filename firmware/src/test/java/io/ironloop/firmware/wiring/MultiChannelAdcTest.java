package io.ironloop.firmware.wiring;

import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several sensors on the inputs of one ADS1115 and of one MCP3008, from the machine file: each reads its own channel. */
class MultiChannelAdcTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    @TempDir
    Path dir;

    private Path machineWith(final String sensors) throws Exception
    {
        final Path machines = Files.createDirectories(dir.resolve("machines"));
        Files.createDirectories(dir.resolve("boards"));
        Files.copy(MachineRuntimeTest.pumpStation().getParent().getParent().resolve("boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final Path file = machines.resolve("adcs.yaml");
        Files.writeString(file, "machine:\n  name: adcs\n  board: sim\n  sensors:\n" + sensors);
        return file;
    }

    /** A 4-20 mA transmitter over 150 ohm on {@code channel}: the sim drives it at mid-range, so each range tells its channel. */
    private static String loop(final String id, final String driver, final String at, final int channel, final double rangeHigh)
    {
        return "    - id: " + id + "\n"
            + "      driver: " + driver + "\n"
            + "      " + at + "\n"
            + "      channel: " + channel + "\n"
            + "      rateHz: 50\n"
            + "      input: {type: current-4-20ma, shuntOhms: 150, range: [0.0, " + rangeHigh + "], unit: bar}\n";
    }

    private static void assertReadsAround(final Machine machine, final String id, final double expected)
    {
        final Reading reading = new Reading();
        machine.image().read(machine.image().slotOf(id), reading);
        assertEquals(SensorStatus.OK, reading.status, id);
        assertEquals(expected, reading.value, expected * 0.02, id);
    }

    @Test
    void shouldReadTwoSensorsOnOneMcp3008AndTwoOnOneAds1115FromTheirOwnChannels() throws Exception
    {
        final Path file = machineWith(
            loop("suction_pressure", "mcp3008", "spi: {bus: 0, chipSelect: 0}", 1, 4.0)
            + loop("seal_pressure", "mcp3008", "spi: {bus: 0, chipSelect: 0}", 6, 16.0)
            + loop("inlet_pressure", "ads1115", "i2c: {bus: 1, address: 0x48}", 0, 10.0)
            + loop("outlet_pressure", "ads1115", "i2c: {bus: 1, address: 0x48}", 3, 40.0));
        assertEquals(List.of(), MachineSetup.validate(List.of(file)).stream().map(Problem::toString).toList());
        final VirtualClock clock = new VirtualClock(0L);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        final SimBoard board = new SimBoard(clock);
        try (Machine machine = Machine.assemble(MachineSetup.load(file, null), clock, board, counters))
        {
            assertEquals(1, machine.acquisition().stream().filter(agent -> agent.roleName().contains("spi0")).count(),
                "both MCP3008 inputs on the spi0 agent");
            assertEquals(1, machine.acquisition().stream().filter(agent -> agent.roleName().contains("i2c-1")).count(),
                "both ADS1115 inputs on the i2c-1 agent");
            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            try (LockstepRunner runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0])))
            {
                runner.runUntil(2 * SECOND_NS);
                // Mid-range of each transmitter's own range: 2, 8, 5 and 20 bar.
                assertReadsAround(machine, "suction_pressure", 2.0);
                assertReadsAround(machine, "seal_pressure", 8.0);
                assertReadsAround(machine, "inlet_pressure", 5.0);
                assertReadsAround(machine, "outlet_pressure", 20.0);
            }
        }
    }

    @Test
    void shouldRefuseTwoSensorsOnOneChannelOfOneChip() throws Exception
    {
        final Path file = machineWith(
            loop("a", "ads1115", "i2c: {bus: 1, address: 0x48}", 2, 10.0)
            + loop("b", "ads1115", "i2c: {bus: 1, address: 0x48}", 2, 10.0)
            + loop("c", "mcp3008", "spi: {bus: 0, chipSelect: 0}", 5, 10.0)
            + loop("d", "mcp3008", "spi: {bus: 0, chipSelect: 0}", 5, 10.0));
        final List<String> problems = MachineSetup.validate(List.of(file)).stream().map(Problem::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("ads1115 channel 2 at i2c-1 address 0x48 is used twice"), problems.get(0));
        assertTrue(problems.get(1).contains("mcp3008 channel 5 at spi0 CS0 is used twice"), problems.get(1));
    }
}
