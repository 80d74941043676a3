package io.ironloop.firmware.replay;

import io.ironloop.control.recording.RecordingWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * alarmWithin and noAlarmOutside with the built-in alarm (interlocks and SAFE loops): a recorded
 * over-pressure inside a labelled segment trips the pump station's interlock.
 */
class AlarmExpectationsTest
{
    @TempDir
    Path dir;

    /** 4 bar, then 9.6 bar (over the 9 bar interlock) while labelled from {@code from} to {@code to} seconds. */
    private Path recording(final double from, final double to, final double seconds) throws IOException
    {
        final Path file = dir.resolve("over-" + from + "-" + to + ".ilr");
        try (RecordingWriter writer = RecordingWriter.create(file, new String[] {"pressure", "label"}, new String[] {"bar", "1"}, 100))
        {
            for (int i = 0; i < seconds * 100; i++)
            {
                final boolean in = i / 100.0 >= from && i / 100.0 < to;
                writer.append(new double[] {in ? 9.6 : 4.0, in ? 1 : 0});
            }
        }
        return file;
    }

    private ScenarioRunner.Result run(final Path recording, final String expect) throws IOException
    {
        final Path file = dir.resolve("alarm.yaml");
        Files.writeString(file, "scenario:\n  machine: " + ReplayTestFiles.machine("pump-station.yaml") + "\n"
            + "  recording: {file: " + recording + ", rateHz: 100, channels: 2, labels: label}\n"
            + "  feeds:\n    - {channel: pressure, sensor: discharge_pressure}\n"
            + "  expect:\n" + expect);
        return ScenarioRunner.run(file, false);
    }

    @Test
    void anInterlockTripInsideTheSegmentIsAnAlarmInTime() throws IOException
    {
        final ScenarioRunner.Result result = run(recording(3, 6, 6), "    - alarmWithin: {seconds: 0.5}\n    - noAlarmOutside: {}\n");
        assertEquals(ScenarioRunner.PASSED, result.exitCode(), String.join("\n", result.failures()));
        assertTrue(result.report().events().stream().anyMatch(e -> "alarm".equals(e.kind()) && e.timeSec() > 3 && e.timeSec() < 3.5),
            result.report().events().toString());
    }

    @Test
    void tooSlowAnAlarmFailsAndAnAlarmOutsideTheSegmentFails() throws IOException
    {
        // The interlock waits 100 ms and the EMA takes a few samples: never within 50 ms.
        final ScenarioRunner.Result slow = run(recording(3, 6, 6), "    - alarmWithin: {seconds: 0.05}\n");
        assertEquals(ScenarioRunner.FAILED, slow.exitCode());
        assertTrue(slow.failures().get(0).contains("no alarm within 0.0500000 s of the segment starting at 3.00000 s"), slow.failures().toString());
        // The trip latches: the loop stays SAFE (an alarm) after the segment ends at 4 s.
        final ScenarioRunner.Result outside = run(recording(3, 4, 6), "    - noAlarmOutside: {graceSeconds: 0.5}\n");
        assertEquals(ScenarioRunner.FAILED, outside.exitCode());
        assertTrue(outside.failures().get(0).contains("t=4.5") && outside.failures().get(0).contains("outside any labelled segment"),
            outside.failures().toString());
    }

    @Test
    void aSegmentWithNoAlarmAtAllFailsAtTheEnd() throws IOException
    {
        final Path file = dir.resolve("quiet.ilr");
        try (RecordingWriter writer = RecordingWriter.create(file, new String[] {"pressure", "label"}, new String[] {"bar", "1"}, 100))
        {
            for (int i = 0; i < 300; i++)
            {
                writer.append(new double[] {4.0, i >= 200 ? 1 : 0});
            }
        }
        final ScenarioRunner.Result result = run(file, "    - alarmWithin: {seconds: 5}\n");
        assertEquals(ScenarioRunner.FAILED, result.exitCode());
        assertTrue(result.failures().get(0).contains("the recording ended"), result.failures().toString());
    }
}
