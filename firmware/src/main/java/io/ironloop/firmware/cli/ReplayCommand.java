package io.ironloop.firmware.cli;

import io.ironloop.firmware.replay.ScenarioBatch;
import io.ironloop.firmware.replay.ScenarioRunner;
import io.ironloop.firmware.replay.report.HtmlReportWriter;
import io.ironloop.firmware.replay.report.ScenarioReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ironloop replay SCENARIO... --report DIR [--realtime]}: scenarios (docs/SCENARIOS.md) against the unchanged firmware. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Replays scenarios (docs/SCENARIOS.md): a recording through the sim device models and the real drivers, or the machine's "
            + "simulated plant, with injected faults, in lockstep on a virtual clock; judges each scenario's expectations.",
        "A directory argument runs every *.yaml under it. A scenario with 'outcome: fail' counts as expected when it fails.",
        "Exit status: 0 when every expectation held; 1 when one failed (each printed with its time and values); "
            + "2 when a scenario could not run (file:line:column, a refused recording)."})
final class ReplayCommand implements Callable<Integer>
{
    @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario files, or directories of them.")
    private List<Path> scenarios;

    @Option(names = "--report", paramLabel = "DIR", description = "Where to write the report (index.html, junit.xml, a page per scenario).")
    private Path report;

    @Option(names = "--realtime", description = "Pace virtual time to the wall clock (default: as fast as possible).")
    private boolean realtime;

    @Option(names = "--suite", paramLabel = "NAME", description = "Suite name in the report (default: replay).")
    private String suite = "replay";

    @Option(names = "--jobs", paramLabel = "N", description = "Scenarios replayed at once (default: 1). Each scenario stays "
        + "on one thread: its results and hash are the same for any N. On 2 cores it gains nothing (the JIT's warm-up "
        + "takes the second core); on more it shortens a suite.")
    private int jobs = 1;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<Path> files = new ArrayList<>();
        for (final Path path : scenarios)
        {
            if (Files.isDirectory(path))
            {
                try (Stream<Path> walk = Files.walk(path))
                {
                    walk.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
                }
                catch (final IOException ex)
                {
                    err.println(path + ": " + ex.getMessage());
                    return IronloopCli.EXIT_INVALID_CONFIG;
                }
            }
            else
            {
                files.add(path);
            }
        }
        if (jobs < 1)
        {
            err.println("error: --jobs must be at least 1, got " + jobs);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final List<ScenarioBatch.Timed> results;
        try
        {
            results = ScenarioBatch.run(files, realtime, jobs);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return IronloopCli.EXIT_FAILURE;
        }
        int exit = 0;
        final List<ScenarioReport> reports = new ArrayList<>();
        for (final ScenarioBatch.Timed timed : results)
        {
            final ScenarioRunner.Result result = timed.result();
            reports.add(result.report());
            final boolean expectFail = result.scenario() != null && "fail".equals(result.scenario().outcome());
            final String verdict;
            if (result.exitCode() == ScenarioRunner.ERROR)
            {
                verdict = "ERROR";
                result.failures().forEach(err::println);
                exit = Math.max(exit, ScenarioRunner.ERROR);
            }
            else if (result.exitCode() == ScenarioRunner.FAILED)
            {
                verdict = expectFail ? "FAILED (as expected)" : "FAILED";
                result.failures().forEach(expectFail ? out::println : err::println);
                if (!expectFail)
                {
                    exit = Math.max(exit, ScenarioRunner.FAILED);
                }
            }
            else
            {
                verdict = expectFail ? "PASSED (expected to fail)" : "PASSED";
                if (expectFail)
                {
                    err.println(result.report().name() + ": expected to fail (outcome: fail) but every expectation held");
                    exit = Math.max(exit, ScenarioRunner.FAILED);
                }
            }
            out.println(String.format(Locale.ROOT, "%s: %s (%d rows, %.1f s replayed in %.2f s, hash %016x)", result.report().name(), verdict,
                result.report().rows(), result.report().durationSec(), timed.seconds(), result.hash()));
        }
        if (report != null)
        {
            try
            {
                new HtmlReportWriter().write(report, suite, reports);
                out.println("report: " + report.resolve("index.html"));
            }
            catch (final IOException ex)
            {
                err.println("error: cannot write the report in " + report + ": " + ex.getMessage());
                return Math.max(exit, IronloopCli.EXIT_FAILURE);
            }
        }
        return exit;
    }
}
