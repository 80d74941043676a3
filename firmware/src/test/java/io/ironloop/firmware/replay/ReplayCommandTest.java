package io.ironloop.firmware.replay;

import io.ironloop.firmware.cli.IronloopCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ironloop replay}: exit 0 when every expectation holds, 1 with each failure printed, 2 for a scenario error. */
class ReplayCommandTest
{
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run replay(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = IronloopCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path shipped(final String relative)
    {
        return ReplayTestFiles.root().resolve("hil-tests/scenarios").resolve(relative);
    }

    @Test
    void passingScenariosExitZeroAndWriteTheReport() throws IOException
    {
        final Run run = replay("replay", shipped("pump/steady.yaml").toString(), "--report", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("steady: PASSED"), run.out());
        final String junit = Files.readString(dir.resolve("junit.xml"));
        assertTrue(junit.contains("failures=\"0\" errors=\"0\""), junit);
        assertTrue(Files.exists(dir.resolve("index.html")));
    }

    @Test
    void aFailedExpectationExitsOneAndPrintsTimeAndValues() throws IOException
    {
        final Path scenario = dir.resolve("strict.yaml");
        Files.writeString(scenario, Files.readString(shipped("pump/steady.yaml"))
            .replace("../../../board-configs", ReplayTestFiles.root().resolve("board-configs").toString())
            .replace("min: 3.7, max: 4.3, after: 15", "min: 3.99, max: 4.01, after: 15"));
        final Run run = replay("replay", scenario.toString(), "--report", dir.resolve("r").toString());
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("FAILED bounds signal=discharge_pressure") && run.err().contains("t=15."), run.err());
        final String junit = Files.readString(dir.resolve("r/junit.xml"));
        assertTrue(junit.contains("<failure ") && junit.contains("FAILED bounds signal=discharge_pressure"), junit);
    }

    @Test
    void aScenarioErrorExitsTwoWithItsPosition() throws IOException
    {
        final Path scenario = dir.resolve("broken.yaml");
        Files.writeString(scenario, "scenario:\n  machine: nowhere.yaml\n  seconds: 5\n  expect:\n    - noOverrun: true\n");
        final Run run = replay("replay", scenario.toString(), "--report", dir.resolve("r").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("broken.yaml:5:7: an expectation is one of"), run.err());
        final String junit = Files.readString(dir.resolve("r/junit.xml"));
        assertTrue(junit.contains("errors=\"1\""), junit);
        assertFalse(Files.readString(dir.resolve("r/index.html")).contains("PASS"));
    }

    @Test
    void scenariosReplayedAtOnceGiveTheSameVerdictsAndHashesInTheFilesOrder()
    {
        final String[] files = {shipped("pump/steady.yaml").toString(), shipped("pump/spike-filtered.yaml").toString(),
            shipped("must-fail/pump-drift-undetected.yaml").toString(), shipped("pump/sensor-nan.yaml").toString()};
        final Run one = replay(concat(new String[] {"replay", "--jobs", "1"}, files));
        final Run four = replay(concat(new String[] {"replay", "--jobs", "4"}, files));
        assertEquals(0, one.code(), one.err());
        assertEquals(0, four.code(), four.err());
        // Every line but its wall time: name, verdict, rows, virtual seconds and the hash of every output.
        final String timings = "replayed in [0-9.]+ s";
        assertEquals(one.out().replaceAll(timings, ""), four.out().replaceAll(timings, ""));
        assertTrue(one.out().indexOf("steady:") < one.out().indexOf("spike-filtered:")
            && one.out().indexOf("pump-drift-undetected:") < one.out().indexOf("sensor-nan:"), one.out());
    }

    @Test
    void noJobsIsABadOption()
    {
        final Run run = replay("replay", "--jobs", "0", shipped("pump/steady.yaml").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--jobs must be at least 1, got 0"), run.err());
    }

    private static String[] concat(final String[] first, final String[] second)
    {
        final String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void theMustFailScenarioFailsAndTheRunnerSaysSo()
    {
        final ScenarioRunner.Result result = ScenarioRunner.run(shipped("must-fail/pump-drift-undetected.yaml"), false);
        assertEquals("fail", result.scenario().outcome());
        assertEquals(ScenarioRunner.FAILED, result.exitCode());
        assertTrue(result.failures().get(0).contains("still AUTO"), result.failures().toString());
        // On the command line a scenario that fails as its outcome says counts as expected.
        final Run run = replay("replay", shipped("must-fail/pump-drift-undetected.yaml").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("FAILED (as expected)"), run.out());
    }
}
