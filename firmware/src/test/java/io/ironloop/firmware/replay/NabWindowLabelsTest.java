package io.ironloop.firmware.replay;

import io.ironloop.firmware.cli.IronloopCli;
import io.ironloop.firmware.eval.NabWindows;
import io.ironloop.firmware.recording.SharedData;
import io.ironloop.firmware.replay.report.ScenarioReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario labels from NAB's windows file ({@code labels: {nabWindows: ..., key: ...}}), on the vendored NAB excerpt
 * (machine temperature rows 10140..10163, whose timestamps step back 55 minutes at the tenth row): rows are labelled
 * by their own timestamps in file order, and every bad input refuses the scenario (exit 2) naming the file and where.
 */
class NabWindowLabelsTest
{
    private static final String KEY = "realKnownCause/machine_temperature_system_failure.csv";
    private static final Path EXCERPT = Path.of("src/test/resources/recordings/nab-machine-temperature-excerpt.csv").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void rowsAreLabelledByTheirOwnTimestampsSoARepeatedHourGivesTwoSegments() throws Exception
    {
        // 02:40..02:50 stands twice in the excerpt: rows 5-7 before the step back and rows 17-19 after it.
        final ScenarioRunner.Result result = run(windows("{\"" + KEY + "\": [[\"2014-01-07 02:40:00.000000\", \"2014-01-07 02:50:00.000000\"]]}"),
            KEY, "    - noAlarmOutside: {}\n    - alarmWithin: {seconds: 100}\n");
        // Nothing alarms on this machine in the excerpt: noAlarmOutside holds, and alarmWithin says no alarm came.
        assertEquals(ScenarioRunner.FAILED, result.exitCode(), String.valueOf(result.failures()));
        final List<ScenarioReport.Segment> segments = result.report().segments();
        assertEquals(2, segments.size(), segments.toString());
        assertSegment(5, 8, segments.get(0));
        assertSegment(17, 20, segments.get(1));
        final List<ScenarioReport.Verdict> verdicts = result.report().verdicts();
        assertTrue(verdicts.get(1).passed(), verdicts.get(1).detail());
        assertFalse(verdicts.get(2).passed());
        assertTrue(verdicts.get(2).detail().contains("segment starting at 5"), verdicts.get(2).detail());
    }

    @Test
    void theShippedNabScenarioTakesTheFirstTwoWindowsAtTheirRowsAndPasses()
    {
        SharedData.file("nab/labels/combined_windows.json"); // skips with a message where the shared data sets are absent
        final ScenarioRunner.Result result = ScenarioRunner.run(ReplayTestFiles.root().resolve("hil-tests/scenarios/nab/machine-temperature.yaml"),
            false);
        assertEquals(ScenarioRunner.PASSED, result.exitCode(), String.valueOf(result.failures()));
        // Rows 2126-2692 and 3703-4269 (0-based) lie in NAB's first two windows; one row per second of replay.
        final List<ScenarioReport.Segment> segments = result.report().segments();
        assertEquals(2, segments.size(), segments.toString());
        assertSegment(2126, 2693, segments.get(0));
        assertSegment(3703, 4270, segments.get(1));
    }

    @Test
    void aKeyWithNoWindowsLabelsNothing() throws Exception
    {
        final ScenarioRunner.Result result = run(windows("{\"" + KEY + "\": []}"), KEY, "    - alarmWithin: {seconds: 100}\n");
        assertEquals(ScenarioRunner.PASSED, result.exitCode(), String.valueOf(result.failures()));
        assertTrue(result.report().segments().isEmpty());
    }

    @Test
    void aMissingWindowsFileIsRefusedAtTheScenarioLine() throws Exception
    {
        final ScenarioRunner.Result result = run(dir.resolve("nowhere.json"), KEY, "");
        refused(result, ".*scenario\\.yaml:\\d+:\\d+: NAB windows file .*nowhere\\.json not found");
    }

    @Test
    void aMissingKeyNamesTheFileAndTheKey() throws Exception
    {
        final Path file = windows("{\"" + KEY + "\": []}");
        final ScenarioRunner.Result result = run(file, "machine_temperature_system_failure.csv", "");
        refused(result, ".*scenario\\.yaml:\\d+:\\d+: .*windows\\.json has no key 'machine_temperature_system_failure\\.csv'; did you mean '"
            + KEY.replace(".", "\\.") + "'\\?");
    }

    @Test
    void anUnparsableTimestampNamesFileLineAndColumn() throws Exception
    {
        final Path file = windows("{\n  \"" + KEY + "\": [\n    [\"2014-01-07 02:40:00.000000\", \"yesterday\"]\n  ]\n}\n");
        refused(run(file, KEY, ""), ".*windows\\.json:3:36: " + KEY.replace(".", "\\.") + ": 'yesterday' is not a timestamp.*");
    }

    @Test
    void aWindowOutsideTheRecordingIsRefused() throws Exception
    {
        final Path file = windows("{\"" + KEY + "\": [\n [\"2014-01-07 03:00:00.000000\", \"2014-01-08 00:00:00.000000\"]]}");
        refused(run(file, KEY, ""), ".*windows\\.json:2:2: " + KEY.replace(".", "\\.")
            + ": the window \\[2014-01-07 03:00:00, 2014-01-08 00:00:00\\] lies outside the recording .*excerpt\\.csv"
            + " \\(its timestamps run from 2014-01-07 02:00:00 to 2014-01-07 03:10:00\\)");
    }

    @Test
    void aRecordedChannelNamedLikeTheLabelChannelIsRefused() throws Exception
    {
        final Path mapping = dir.resolve("clash.yaml");
        Files.writeString(mapping, Files.readString(ReplayTestFiles.root().resolve("hil-tests/recordings/nab.yaml"))
            .replace("name: value,", "name: \"" + Scenario.Windows.CHANNEL + "\","));
        final Path scenario = scenario(windows("{\"" + KEY + "\": []}"), KEY, "");
        Files.writeString(scenario, Files.readString(scenario)
            .replace(ReplayTestFiles.root().resolve("hil-tests/recordings/nab.yaml").toString(), mapping.toString())
            .replace("{channel: value,", "{channel: \"" + Scenario.Windows.CHANNEL + "\","));
        refused(ScenarioRunner.run(scenario, false), ".*scenario\\.yaml:\\d+:\\d+: the recording .* already has a channel named 'nab window'.*");
    }

    @Test
    void badJsonAndBadShapesNameFileLineAndColumn() throws Exception
    {
        refused(run(windows("{\"" + KEY + "\": [[\"2014-01-07 02:40:00\"]"), KEY, ""), ".*windows\\.json:1:\\d+: .*a window must be.*");
        refused(run(windows("{\"" + KEY + "\": [[\"2014-01-07 02:50:00\", \"2014-01-07 02:40:00\"]]}"), KEY, ""),
            ".*windows\\.json:1:\\d+: .*the window ends .* before it starts.*");
        refused(run(windows("{not json"), KEY, ""), ".*windows\\.json:1:\\d+: not valid JSON.*");
        refused(run(windows("{\"" + KEY + "\": [], \"" + KEY + "\": []}"), KEY, ""), ".*windows\\.json:1:\\d+: key '.*' is given twice");
    }

    @Test
    void windowsNeedACsvRecordingWithTimestamps() throws Exception
    {
        final Path binary = ReplayTestFiles.pressureRecording(dir, 10, 2, 8);
        final Path scenario = dir.resolve("binary.yaml");
        Files.writeString(scenario, "scenario:\n  machine: " + ReplayTestFiles.machine("pump-station.yaml") + "\n  recording:\n"
            + "    file: " + binary + "\n    rateHz: 10\n    labels: {nabWindows: w.json, key: k}\n"
            + "  feeds:\n    - {channel: pressure, sensor: discharge_pressure}\n  expect:\n    - noAlarmOutside: {}\n");
        final ScenarioRunner.Result result = ScenarioRunner.run(scenario, false);
        refused(result, ".*binary\\.yaml:6:13: 'nabWindows' labels rows by their timestamps: it needs a CSV recording.*");
    }

    @Test
    void theCommandExitsTwoAndWritesNoPassingReport() throws Exception
    {
        final Path scenario = scenario(windows("{\"" + KEY + "\": [[\"2014-01-07 02:40:00.000000\", \"later\"]]}"), KEY, "");
        final StringWriter err = new StringWriter();
        final int code = IronloopCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "replay",
            scenario.toString(), "--report", dir.resolve("r").toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("'later' is not a timestamp"), err.toString());
        assertTrue(Files.readString(dir.resolve("r/junit.xml")).contains("errors=\"1\""));
    }

    @Test
    void theReaderKeepsEveryWindowInFileOrderWithItsPosition() throws Exception
    {
        final Path file = windows("{\"a/x.csv\": [],\n \"a/y.csv\": [[\"2014-01-01 00:00:00.000000\", \"2014-01-02 00:00:00\"],\n"
            + "   [\"2014-01-03 00:00:00.000000\", \"2014-01-03 00:00:00.000000\"]]}");
        final var windows = NabWindows.read(file);
        assertEquals(List.of("a/x.csv", "a/y.csv"), List.copyOf(windows.keySet()));
        assertEquals(2, windows.get("a/y.csv").size());
        assertEquals(2, windows.get("a/y.csv").get(0).position().line());
        assertEquals(14, windows.get("a/y.csv").get(0).position().column());
        assertEquals(3, windows.get("a/y.csv").get(1).position().line());
        final IOException missing = assertThrows(IOException.class, () -> NabWindows.read(dir.resolve("none.json")));
        assertTrue(missing.getMessage().endsWith("none.json: windows file not found"), missing.getMessage());
    }

    private static void assertSegment(final double startS, final double endS, final ScenarioReport.Segment segment)
    {
        assertEquals(startS, segment.startSec(), 1e-6, segment.toString());
        assertEquals(endS, segment.endSec(), 1e-6, segment.toString());
    }

    private static void refused(final ScenarioRunner.Result result, final String pattern)
    {
        assertEquals(ScenarioRunner.ERROR, result.exitCode(), String.valueOf(result.failures()));
        assertFalse(result.report().passed());
        assertTrue(result.failures().stream().anyMatch(f -> f.matches(pattern)), pattern + " in " + result.failures());
    }

    private Path windows(final String json) throws IOException
    {
        final Path file = dir.resolve("windows.json");
        Files.writeString(file, json);
        return file;
    }

    private ScenarioRunner.Result run(final Path windows, final String key, final String expect) throws IOException
    {
        return ScenarioRunner.run(scenario(windows, key, expect), false);
    }

    /** The excerpt at one row per virtual second into the NAB machine's thermocouple, labelled from {@code windows}. */
    private Path scenario(final Path windows, final String key, final String expect) throws IOException
    {
        final Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, "scenario:\n"
            + "  machine: " + ReplayTestFiles.machine("nab-machine-temperature.yaml") + "\n"
            + "  recording:\n"
            + "    file: " + EXCERPT + "\n"
            + "    mapping: " + ReplayTestFiles.root().resolve("hil-tests/recordings/nab.yaml") + "\n"
            + "    rateHz: 0.0033333333333333335\n"
            + "    replayHz: 1\n"
            + "    labels: {nabWindows: \"" + windows + "\", key: \"" + key + "\"}\n"
            + "  feeds:\n"
            + "    - {channel: value, sensor: component_temperature, scale: 0.5555555555555556, offset: -17.77777777777778}\n"
            + "  expect:\n"
            + "    - tracks: {sensor: component_temperature, tolerance: 0.3, after: 2}\n"
            + expect);
        return file;
    }
}
