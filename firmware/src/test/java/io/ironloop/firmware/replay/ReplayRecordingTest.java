package io.ironloop.firmware.replay;

import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.replay.report.HtmlReportWriter;
import io.ironloop.control.recording.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay of binary and CSV recordings through the device models, and every way a recording is refused. */
class ReplayRecordingTest
{
    @TempDir
    Path dir;

    @Test
    void aRecordingFedThroughTheAds1115IsReadBackByTheRealDriver() throws IOException
    {
        final Path recording = ReplayTestFiles.pressureRecording(dir, 100, 5, 64);
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "ok",
            ReplayTestFiles.binary(recording, 100, 2), ""), false);
        assertEquals(List.of(), result.failures());
        assertEquals(ScenarioRunner.PASSED, result.exitCode());
        assertEquals(500, result.report().rows());
        assertEquals(1, result.report().segments().size());
        assertEquals(2.5, result.report().segments().get(0).startSec(), 0.02);
    }

    @Test
    void aSignalOutOfBoundsFailsNamingTimeAndValue() throws IOException
    {
        final Path recording = ReplayTestFiles.pressureRecording(dir, 100, 5, 64);
        final Path file = dir.resolve("tight.yaml");
        Files.writeString(file, Files.readString(ReplayTestFiles.scenario(dir, "x", ReplayTestFiles.binary(recording, 100, 2), ""))
            .replace("min: 2.9, max: 5.1", "min: 2.9, max: 4.0"));
        final ScenarioRunner.Result result = ScenarioRunner.run(file, false);
        assertEquals(ScenarioRunner.FAILED, result.exitCode());
        assertEquals(1, result.failures().size(), String.join("\n", result.failures()));
        contains(result.failures().get(0), "bounds", "tight.yaml:", "t=2.5", "discharge_pressure = 4.0", "outside [2.90000, 4.00000]");
    }

    @Test
    void aRecordingAtAnotherRateIsRefusedBeforeReplay() throws IOException
    {
        final Path recording = ReplayTestFiles.pressureRecording(dir, 100, 2, 64);
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "rate",
            ReplayTestFiles.binary(recording, 50, 2), ""), false);
        assertRefused(result, "refused before replay", "recorded at 100 Hz, the scenario expects 50 Hz");
    }

    @Test
    void aRecordingWithAnotherChannelCountIsRefusedBeforeReplay() throws IOException
    {
        final Path recording = ReplayTestFiles.pressureRecording(dir, 100, 2, 64);
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "channels",
            ReplayTestFiles.binary(recording, 100, 3), ""), false);
        assertRefused(result, "refused before replay", "has 2 channels (pressure, label), the scenario expects 3");
    }

    @Test
    void aTruncatedRecordingIsRefusedNamingOffsetAndBlock() throws IOException
    {
        final Path recording = ReplayTestFiles.pressureRecording(dir, 100, 2, 16);
        try (RandomAccessFile file = new RandomAccessFile(recording.toFile(), "rw"))
        {
            file.setLength(file.length() - 100);
        }
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "truncated",
            ReplayTestFiles.binary(recording, 100, 2), ""), false);
        assertRefused(result, "block", "offset");
    }

    @Test
    void aCorruptedBlockIsRefusedNamingOffsetAndBlock() throws IOException
    {
        final Path recording = ReplayTestFiles.pressureRecording(dir, 100, 2, 16);
        final long size = Files.size(recording);
        try (RandomAccessFile file = new RandomAccessFile(recording.toFile(), "rw"))
        {
            file.seek(size / 2);
            final int b = file.read();
            file.seek(size / 2);
            file.write(b ^ 0x40);
        }
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "corrupt",
            ReplayTestFiles.binary(recording, 100, 2), ""), false);
        assertRefused(result, "block", "offset", "CRC");
    }

    @Test
    void aCsvWithABadCellIsRefusedNamingFileAndLine() throws IOException
    {
        final Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "p,label\n3.0,0\n3.1,0\nthree,0\n3.3,1\n");
        final Path mapping = dir.resolve("map.yaml");
        Files.writeString(mapping, "header: true\nrateHz: 10\nchannels:\n  - {column: p, name: pressure, unit: bar}\n"
            + "  - {column: label, name: label, unit: \"1\"}\n");
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "badcell",
            "  recording:\n    file: " + csv + "\n    mapping: " + mapping + "\n    rateHz: 10\n    channels: 2\n", ""), false);
        assertRefused(result, csv + ":4");
    }

    @Test
    void aCsvMissingAColumnIsRefusedNamingFileAndLine() throws IOException
    {
        final Path csv = dir.resolve("nocol.csv");
        Files.writeString(csv, "q,label\n3.0,0\n");
        final Path mapping = dir.resolve("map.yaml");
        Files.writeString(mapping, "header: true\nrateHz: 10\nchannels:\n  - {column: p, name: pressure, unit: bar}\n"
            + "  - {column: label, name: label, unit: \"1\"}\n");
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "nocol",
            "  recording:\n    file: " + csv + "\n    mapping: " + mapping + "\n    rateHz: 10\n", ""), false);
        assertRefused(result, csv + ":1", "no column 'p'");
    }

    @Test
    void aCsvWithAnUnparsableTimestampIsRefusedNamingFileAndLine() throws IOException
    {
        final Path csv = dir.resolve("time.csv");
        Files.writeString(csv, "t,p,label\n2020-03-09 10:14:33,3.0,0\n2020-03-09 10:14:34,3.1,0\nyesterday,3.2,0\n");
        final Path mapping = dir.resolve("map.yaml");
        Files.writeString(mapping, "header: true\nrateHz: 1\ntimestamp: {column: t, format: \"yyyy-MM-dd HH:mm:ss\", zone: UTC}\n"
            + "channels:\n  - {column: p, name: pressure, unit: bar}\n  - {column: label, name: label, unit: \"1\"}\n");
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "badtime",
            "  recording:\n    file: " + csv + "\n    mapping: " + mapping + "\n    rateHz: 1\n", ""), false);
        assertRefused(result, csv + ":4");
    }

    @Test
    void anInjectionWithNothingToActOnIsAScenarioError() throws IOException
    {
        final Path recording = ReplayTestFiles.pressureRecording(dir, 100, 2, 64);
        final Path file = dir.resolve("nack.yaml");
        Files.writeString(file, Files.readString(ReplayTestFiles.scenario(dir, "x", ReplayTestFiles.binary(recording, 100, 2), ""))
            .replace("sensor: discharge_pressure}\n  expect", "slot: discharge_pressure}\n  inject:\n"
                + "    - {kind: nack, sensor: discharge_pressure, at: 1}\n    - {kind: stuck, sensor: nowhere, at: 1}\n  expect"));
        final ScenarioRunner.Result result = ScenarioRunner.run(file, false);
        assertRefused(result, "nack.yaml:11:7: sensor 'discharge_pressure' is fed straight into the process image",
            "nack.yaml:12:7: no sensor 'nowhere'");
    }

    @Test
    void aCsvReplaysLikeTheBinaryItConvertsTo() throws IOException
    {
        final Path csv = dir.resolve("good.csv");
        final StringBuilder text = new StringBuilder("p,label\n");
        for (int i = 0; i < 50; i++)
        {
            text.append(3.0 + i * 0.02).append(",0\n");
        }
        Files.writeString(csv, text);
        final Path mapping = dir.resolve("map.yaml");
        Files.writeString(mapping, "header: true\nrateHz: 10\nchannels:\n  - {column: p, name: pressure, unit: bar}\n"
            + "  - {column: label, name: label, unit: \"1\"}\n");
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.scenario(dir, "csv",
            "  recording:\n    file: " + csv + "\n    mapping: " + mapping + "\n    rateHz: 10\n    channels: 2\n", ""), false);
        assertEquals(List.of(), result.failures());
        assertEquals(50, result.report().rows());
    }

    @Test
    void recordWritesEverySlotAndTheRecordingReplays() throws Exception
    {
        final Path out = dir.resolve("pump.ilr");
        final long rows = MachineRecorder.record(MachineSetup.load(ReplayTestFiles.machine("pump-station.yaml"), null), 3.0, out, false);
        assertEquals(300, rows);
        try (RecordingReader reader = RecordingReader.open(out))
        {
            assertEquals(List.of("discharge_pressure"), reader.header().names());
            assertEquals(List.of("bar"), reader.header().units());
            assertEquals(100.0, reader.header().rateHz());
            final double[] row = new double[1];
            reader.seek(299);
            assertTrue(reader.next(row));
            assertTrue(row[0] > 2.0 && row[0] < 6.0, "pressure " + row[0]);
        }
        final Path scenario = dir.resolve("rerun.yaml");
        Files.writeString(scenario, "scenario:\n  machine: " + ReplayTestFiles.machine("pump-station.yaml") + "\n"
            + "  recording: {file: " + out + ", rateHz: 100, channels: 1}\n"
            + "  feeds:\n    - {channel: discharge_pressure, sensor: discharge_pressure}\n"
            + "  expect:\n    - tracks: {sensor: discharge_pressure, tolerance: 0.5, after: 1}\n");
        final ScenarioRunner.Result result = ScenarioRunner.run(scenario, false);
        assertEquals(List.of(), result.failures());
    }

    private void assertRefused(final ScenarioRunner.Result result, final String... fragments) throws IOException
    {
        assertEquals(ScenarioRunner.ERROR, result.exitCode(), String.join("\n", result.failures()));
        contains(String.join("\n", result.failures()), fragments);
        assertFalse(result.report().passed());
        assertNotNull(result.report().error());
        final Path reports = dir.resolve("report");
        new HtmlReportWriter().write(reports, "refusals", List.of(result.report()));
        final String junit = Files.readString(reports.resolve("junit.xml"));
        contains(junit, "errors=\"1\"", "<error type=\"ScenarioError\" message=");
        final String index = Files.readString(reports.resolve("index.html"));
        contains(index, "ERROR");
        assertFalse(index.contains("PASS"), index);
    }

    static void contains(final String text, final String... fragments)
    {
        for (final String fragment : fragments)
        {
            assertTrue(text.contains(fragment), "expected '" + fragment + "' in:\n" + text);
        }
    }
}
