package io.ironloop.firmware.replay;

import io.ironloop.control.recording.RecordingReader;
import io.ironloop.firmware.page.PageOptions;
import io.ironloop.firmware.run.FirmwareRun;
import io.ironloop.firmware.run.RunOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ironloop record} on a real-time run (agents on their threads, as on a board; the sim backend here, not
 * lockstep): the recorder agent writes every sensor slot at the control rate, the run stops after --seconds of
 * rows with a complete last block, and a scenario replaying the recording through the unchanged driver reads
 * back the recorded values.
 */
class RealTimeRecordTest
{
    @TempDir
    Path dir;

    /** The pump station without its EMA filter (so a replay through the driver reads back exactly what was recorded), under its own name. */
    private Path machine() throws Exception
    {
        Files.createDirectories(dir.resolve("machines"));
        Files.createDirectories(dir.resolve("boards"));
        Files.copy(ReplayTestFiles.root().resolve("board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final String pump = Files.readString(ReplayTestFiles.machine("pump-station.yaml"))
            .replace("  name: pump-station\n", "  name: record-rt-" + ProcessHandle.current().pid() + "\n")
            .replace("      filters:\n        - ema: 0.3\n", "");
        assertFalse(pump.contains("ema:"), "the filter is gone");
        final Path file = dir.resolve("machines/pump.yaml");
        Files.writeString(file, pump);
        return file;
    }

    @Test
    void shouldRecordARealTimeRunThatReplaysToTheRecordedValues() throws Exception
    {
        final Path machine = machine();
        final Path out = dir.resolve("run.irec");
        final StringWriter console = new StringWriter();
        FirmwareRun.run(RunOptions.of(machine, new PrintWriter(console, true)).seconds(1.5).mqtt(false)
            .page(new PageOptions(true, null, null, null)).recordOut(out).build());
        assertTrue(console.toString().contains(out + ": 150 rows x 1 channels at 100.000 Hz"), console.toString());

        final double[] row = new double[1];
        int finite = 0;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        try (RecordingReader reader = RecordingReader.open(out))
        {
            assertFalse(reader.interrupted(), "closed cleanly: the final header is written");
            assertEquals(150, reader.header().rowCount());
            assertEquals(100.0, reader.header().rateHz());
            assertEquals(List.of("discharge_pressure"), reader.header().names());
            assertEquals(List.of("bar"), reader.header().units());
            while (reader.next(row))
            {
                if (Double.isFinite(row[0]))
                {
                    finite++;
                    low = Math.min(low, row[0]);
                    high = Math.max(high, row[0]);
                }
            }
        }
        assertTrue(finite > 100, finite + " finite rows of 150");
        assertTrue(high - low > 0.01, "the pump ran: pressure from " + low + " to " + high + " bar");

        final Path scenario = dir.resolve("replay.yaml");
        Files.writeString(scenario, "scenario:\n  machine: machines/pump.yaml\n"
            + "  recording: {file: run.irec, rateHz: 100, channels: 1}\n"
            + "  feeds:\n    - {channel: discharge_pressure, sensor: discharge_pressure}\n"
            + "  expect:\n    - tracks: {sensor: discharge_pressure, tolerance: 0.002, after: 0.5}\n");
        final ScenarioRunner.Result result = ScenarioRunner.run(scenario, false);
        assertEquals(List.of(), result.failures());
        assertEquals(ScenarioRunner.PASSED, result.exitCode());
        assertEquals(150, result.report().rows());
    }
}
