package io.ironloop.firmware.replay;

import io.ironloop.control.recording.RecordingWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code alarm: advisor}: the machine's on-machine detector (the ensemble advisor) learns on the replayed
 * recording through the real drivers, and its alarm is what alarmWithin and noAlarmOutside judge.
 */
class AdvisorAlarmTest
{
    @TempDir
    Path dir;

    /** The pump station with an ensemble advisor on its pressure: learns 10 s at 10 Hz. */
    private Path machine() throws IOException
    {
        final String plain = Files.readString(ReplayTestFiles.machine("pump-station.yaml"));
        // A machine file finds its board in ../boards beside its folder, as in board-configs/.
        Files.createDirectories(dir.resolve("boards"));
        Files.createDirectories(dir.resolve("machines"));
        Files.copy(ReplayTestFiles.machine("pump-station.yaml").getParent().resolveSibling("boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final Path file = dir.resolve("machines/pump-station-ensemble.yaml");
        Files.writeString(file, plain + """
              advisor:
                model: ensemble
                rateHz: 10
                inputs: [discharge_pressure]
                ensemble: {learnSamples: 100}
            """);
        return file;
    }

    /** 4 bar with 0.05 bar of noise; +0.6 bar (well under the 9 bar interlock) while labelled, 30 s to 40 s. */
    private Path recording() throws IOException
    {
        final Path file = dir.resolve("shift.ilr");
        final SplittableRandom random = new SplittableRandom(42);
        try (RecordingWriter writer = RecordingWriter.create(file, new String[] {"pressure", "label"}, new String[] {"bar", "1"}, 100))
        {
            for (int i = 0; i < 60 * 100; i++)
            {
                final boolean in = i >= 30 * 100 && i < 40 * 100;
                writer.append(new double[] {4.0 + 0.05 * random.nextGaussian() + (in ? 0.6 : 0.0), in ? 1 : 0});
            }
        }
        return file;
    }

    private ScenarioRunner.Result run(final Path machine, final String alarm, final String expect) throws IOException
    {
        final Path file = dir.resolve("advisor-alarm.yaml");
        Files.writeString(file, "scenario:\n  machine: " + machine + "\n"
            + "  recording: {file: " + recording() + ", rateHz: 100, channels: 2, labels: label}\n"
            + "  alarm: " + alarm + "\n"
            + "  feeds:\n    - {channel: pressure, sensor: discharge_pressure}\n"
            + "  expect:\n" + expect);
        return ScenarioRunner.run(file, false);
    }

    @Test
    void theLearnedDetectorRaisesItsAlarmInsideTheSegmentAndNowhereElse() throws IOException
    {
        final ScenarioRunner.Result result = run(machine(), "advisor",
            "    - alarmWithin: {seconds: 2}\n    - noAlarmOutside: {graceSeconds: 3}\n");
        assertEquals(ScenarioRunner.PASSED, result.exitCode(), String.join("\n", result.failures()));
        assertTrue(result.report().series().stream().anyMatch(s -> "anomaly score".equals(s.name())), "the score is plotted");
        assertTrue(result.report().events().stream().anyMatch(e -> "alarm".equals(e.kind()) && e.timeSec() >= 30 && e.timeSec() < 32),
            result.report().events().toString());
    }

    @Test
    void theInterlocksAloneMissTheSameShift() throws IOException
    {
        // The same recording judged by the built-in alarm: a 0.6 bar shift trips no interlock, so the runner says no.
        final ScenarioRunner.Result result = run(machine(), "interlocks", "    - alarmWithin: {seconds: 2}\n");
        assertEquals(ScenarioRunner.FAILED, result.exitCode());
    }

    @Test
    void anAdvisorAlarmOnAMachineWithoutAdvisorIsAScenarioError() throws IOException
    {
        final ScenarioRunner.Result result = run(ReplayTestFiles.machine("pump-station.yaml"), "advisor",
            "    - alarmWithin: {seconds: 2}\n");
        assertEquals(ScenarioRunner.ERROR, result.exitCode());
        assertTrue(String.join("\n", result.failures()).contains("alarm source 'advisor' needs an 'advisor:' section"),
            result.failures().toString());
    }
}
