package io.ironloop.firmware.replay;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario files: what is accepted, and every mistake reported at file:line:column. */
class ScenarioLoaderTest
{
    @TempDir
    Path dir;

    private String problems(final String yaml) throws IOException
    {
        final Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        final ConfigException ex = assertThrows(ConfigException.class, () -> ScenarioLoader.load(file));
        return ex.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    private static void has(final String text, final String fragment)
    {
        assertTrue(text.contains(fragment), "expected '" + fragment + "' in:\n" + text);
    }

    @Test
    void readsEveryKey() throws Exception
    {
        final Path file = dir.resolve("full.yaml");
        Files.writeString(file, "scenario:\n  name: full\n  machine: m.yaml\n  outcome: fail\n"
            + "  recording: {file: r.csv, mapping: map.yaml, rateHz: 1, channels: 11, labels: anomaly, replayHz: 2}\n"
            + "  seconds: 60\n  realtime: true\n  recordHz: 5\n  alarm: interlocks\n"
            + "  feeds:\n    - {channel: p, sensor: pressure, scale: 1.0e-5, offset: 0.5}\n    - {channel: q, slot: q}\n"
            + "  inject:\n    - {id: a, kind: spike, sensor: pressure, at: 3, seconds: 0.5, value: 2}\n"
            + "    - {kind: drift, sensor: pressure, at: 4, ratePerS: 0.1}\n    - {kind: nack, sensor: pressure, at: 5, count: 4}\n"
            + "    - {kind: actuator-stuck, actuator: pump, at: 6, seconds: 1}\n"
            + "  expect:\n    - alarmWithin: {seconds: 60}\n    - noAlarmOutside: {graceSeconds: 30}\n"
            + "    - bounds: {signal: pressure, min: 0, max: 2, after: 5}\n    - tracks: {sensor: pressure, tolerance: 0.1}\n"
            + "    - modeStays: {loop: l, mode: auto}\n    - safeWithin: {loop: l, ms: 100, injections: [a], interlocks: false}\n"
            + "    - safeOutput: {loop: l}\n    - noOverruns: true\n");
        final Scenario scenario = ScenarioLoader.load(file);
        assertEquals("full", scenario.name());
        assertEquals("fail", scenario.outcome());
        assertEquals(2.0, scenario.recording().replayHz());
        assertEquals(2, scenario.feeds().size());
        assertTrue(scenario.feeds().get(1).image());
        assertEquals(4, scenario.injections().size());
        assertEquals(3.5, scenario.injections().get(0).endS());
        assertEquals(Double.POSITIVE_INFINITY, scenario.injections().get(1).endS());
        assertEquals(8, scenario.expectations().size());
        assertEquals(0.1, scenario.expectations().get(5).seconds());
        assertEquals(dir.resolve("m.yaml"), scenario.machine());
    }

    @Test
    void unknownKeysAndKindsAreReportedWithTheirPosition() throws IOException
    {
        final String text = problems("scenario:\n  machine: m.yaml\n  seconds: 10\n  colour: red\n"
            + "  inject:\n    - {kind: melt, sensor: p, at: 1}\n"
            + "  expect:\n    - bounds: {signal: p, min: 0, maxx: 3}\n");
        has(text, "s.yaml:4:3: unknown key 'colour' in the scenario");
        has(text, "s.yaml:6:14: unknown injection kind 'melt'");
        has(text, "s.yaml:8:35: unknown key 'maxx' in 'bounds'");
    }

    @Test
    void aScenarioThatChecksNothingIsRefused() throws IOException
    {
        has(problems("scenario:\n  machine: m.yaml\n  seconds: 10\n  expect: []\n"), "s.yaml:4:11: 'expect' must hold at least one expectation");
        has(problems("scenario:\n  machine: m.yaml\n  seconds: 10\n"), "missing required field 'expect'");
    }

    @Test
    void aRecordingNeedsItsRateAndFeeds() throws IOException
    {
        final String text = problems("scenario:\n  machine: m.yaml\n  recording: {file: r.ilr}\n  expect:\n    - noOverruns: true\n");
        has(text, "s.yaml:3:14: missing required field 'rateHz' in 'recording'");
        has(text, "needs 'feeds'");
    }

    @Test
    void badValuesAreReported() throws IOException
    {
        final String text = problems("scenario:\n  machine: m.yaml\n  seconds: -1\n  outcome: maybe\n"
            + "  inject:\n    - {kind: spike, sensor: p, at: -2}\n"
            + "  expect:\n    - bounds: {signal: p, min: 5, max: 1}\n    - bounds: {signal: p}\n    - safeWithin: {loop: l}\n"
            + "    - {bounds: {signal: p, min: 0}, noOverruns: true}\n"
            + "    - bounds: {signal: p, min: 0, after: 5, before: 2}\n    - safeOutput: {loop: l, before: 3}\n");
        has(text, "s.yaml:3:12: 'seconds' in the scenario must be greater than 0");
        has(text, "s.yaml:4:12: 'outcome' must be pass or fail");
        has(text, "s.yaml:6:36: 'at' must be 0 or more seconds");
        has(text, "a spike needs 'value'");
        has(text, "s.yaml:8:40: 'max' (1.0) is below 'min' (5.0)");
        has(text, "'bounds' needs 'min', 'max' or both");
        has(text, "missing required field 'ms' in 'safeWithin'");
        has(text, "s.yaml:11:7: an expectation is one of:");
        has(text, "s.yaml:12:53: 'before' (2.0 s) must be later than 'after' (5.0 s)");
        has(text, "s.yaml:13:37: 'before' applies to bounds, tracks, modeStays and diagnosis");
    }

    @Test
    void aYamlSyntaxErrorNamesItsPosition() throws IOException
    {
        has(problems("scenario:\n  machine: [unclosed\n"), "s.yaml:");
    }

    @Test
    void readsADiagnosisAWaveformFeedAndAHealthyRecordingToLearnFrom() throws Exception
    {
        final Path file = dir.resolve("vib.yaml");
        Files.writeString(file, "scenario:\n  machine: m.yaml\n"
            + "  recording: {learnFrom: healthy.csv, file: faulty.csv, mapping: map.yaml, rateHz: 48000}\n"
            + "  feeds:\n    - {channel: a, sensor: acc, waveform: true}\n"
            + "  expect:\n    - diagnosis: {bearing: de, fault: inner-race, after: 6, before: 8}\n");
        final Scenario scenario = ScenarioLoader.load(file);
        assertEquals(dir.resolve("healthy.csv"), scenario.recording().learnFrom());
        assertTrue(scenario.feeds().get(0).waveform());
        final Scenario.Expectation e = scenario.expectations().get(0);
        assertEquals("diagnosis", e.type());
        assertEquals("de", e.signal());
        assertEquals("inner-race", e.mode());
        assertEquals(6.0, e.afterS());
        assertEquals(8.0, e.beforeS());
    }

    @Test
    void badDiagnosesAndWaveformFeedsAreReportedAtTheirPosition() throws Exception
    {
        final String text = problems("scenario:\n  machine: m.yaml\n"
            + "  recording: {file: r.csv, mapping: map.yaml, rateHz: 1, labels: l, learnFrom: h.csv}\n"
            + "  feeds:\n    - {channel: a, slot: acc, waveform: true}\n"
            + "  expect:\n    - diagnosis: {bearing: de, fault: cracked}\n    - diagnosis: {fault: none}\n");
        has(text, "s.yaml:3:80: 'learnFrom' shifts the labelled rows by its length: it cannot be combined with 'labels'");
        has(text, "s.yaml:5:41: 'waveform' feeds a sensor's device model; a 'slot' feed has none");
        has(text, "s.yaml:7:39: unknown fault 'cracked' (expected one of: none, inner-race, outer-race, ball, unknown)");
        has(text, "s.yaml:8:18: missing required field 'bearing'");
    }
}
