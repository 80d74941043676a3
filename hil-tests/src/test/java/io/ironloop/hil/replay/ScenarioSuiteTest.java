package io.ironloop.hil.replay;

import io.ironloop.firmware.replay.ScenarioLoader;
import io.ironloop.firmware.replay.ScenarioRunner;
import io.ironloop.firmware.replay.report.HtmlReportWriter;
import io.ironloop.firmware.replay.report.ScenarioReport;
import io.ironloop.hil.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every scenario under hil-tests/scenarios (recursively; each folder is a suite) is a dynamic test: QA
 * adds a YAML file, not Java. A scenario with {@code outcome: fail} (the must-fail folder) passes only
 * when the runner says it failed. Scenarios that need the shared data sets skip with a message when
 * they are absent and fail when IRONLOOP_REQUIRE_SHARED=1. Reports go to target/replay-reports/SUITE.
 */
class ScenarioSuiteTest
{
    private static final Map<String, List<ScenarioReport>> REPORTS = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicNode> scenarios() throws IOException
    {
        final Path root = Repo.root().resolve("hil-tests/scenarios");
        final Map<String, List<Path>> suites = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            walk.filter(p -> p.toString().endsWith(".yaml")).sorted()
                .forEach(p -> suites.computeIfAbsent(root.relativize(p.getParent()).toString().replace('/', '.'), k -> new ArrayList<>()).add(p));
        }
        assertTrue(suites.size() >= 5, "expected the shipped suites under " + root + ", found " + suites.keySet());
        return suites.entrySet().stream().map(suite -> DynamicContainer.dynamicContainer(suite.getKey(),
            suite.getValue().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
                () -> run(suite.getKey(), file)))));
    }

    private static void run(final String suite, final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
        if (text.contains("${shared}"))
        {
            requireShared(ScenarioLoader.sharedDir(file));
        }
        final ScenarioRunner.Result result = ScenarioRunner.run(file, false);
        REPORTS.computeIfAbsent(suite, k -> new ArrayList<>()).add(result.report());
        if (result.exitCode() == ScenarioRunner.ERROR)
        {
            fail(file + " could not run:\n" + String.join("\n", result.failures()));
        }
        if ("fail".equals(result.scenario().outcome()))
        {
            assertEquals(ScenarioRunner.FAILED, result.exitCode(), file + " is expected to fail (outcome: fail) but every expectation held");
            assertTrue(result.report().verdicts().stream().anyMatch(v -> !v.passed()), "a failed scenario names its failed verdict");
        }
        else
        {
            assertEquals(ScenarioRunner.PASSED, result.exitCode(), () -> String.join("\n", result.failures()));
        }
    }

    private static void requireShared(final Path shared)
    {
        if (!Files.isDirectory(shared.resolve("data")))
        {
            final String message = "recorded data sets not found at " + shared.resolve("data") + " (IRONLOOP_SHARED_DIR/data)";
            if ("1".equals(System.getenv("IRONLOOP_REQUIRE_SHARED")))
            {
                fail(message + " and IRONLOOP_REQUIRE_SHARED=1");
            }
            Assumptions.abort(message + ": skipped; set IRONLOOP_REQUIRE_SHARED=1 to make this a failure");
        }
    }

    @AfterAll
    static void writeReports() throws IOException
    {
        for (final Map.Entry<String, List<ScenarioReport>> suite : REPORTS.entrySet())
        {
            new HtmlReportWriter().write(Path.of("target/replay-reports").resolve(suite.getKey()), suite.getKey(), suite.getValue());
        }
    }
}
