package io.ironloop.firmware.cli;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.replay.ReplayBench;
import io.ironloop.hal.HardwareException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop bench replay}: the full replay pipeline on a synthetic 8-channel 1 kHz recording, against the CSV parse alone. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Replays a synthetic 8-channel 1 kHz recording (a temporary file) through board-configs/machines/replay-bench.yaml on one "
            + "thread in lockstep: device models, drivers, filters, interlocks, a 1 kHz PID, telemetry encoding into a null sink.",
        "Reports rows/s (wall clock and the replaying thread's CPU time) and bytes allocated per row after a warm-up of the first "
            + "quarter of the recording, the CSV parse of the same rows alone, and the time for every "
            + "SKAB scenario (parsing included) when ../shared/data/skab exists. Run it on an otherwise idle machine."})
final class BenchReplayCommand implements Callable<Integer>
{
    @Option(names = "--seconds", paramLabel = "N", defaultValue = "30", description = "Length of the synthetic recording (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--no-skab", description = "Skip the SKAB scenarios.")
    private boolean noSkab;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    private Path json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!(seconds >= 4) || seconds > 3600)
        {
            err.println("error: --seconds must be from 4 to 3600, got " + seconds);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final ReplayBench.Result result;
        try
        {
            result = ReplayBench.run(IronloopCli.home(), seconds, !noSkab);
        }
        catch (final ConfigException ex)
        {
            ex.problems().stream().map(Problem::toString).forEach(err::println);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final IOException | HardwareException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return IronloopCli.EXIT_FAILURE;
        }
        out.printf(Locale.ROOT, "replay pipeline: %d rows x %d channels after warm-up: %.3f M rows/s (%.3f M per CPU second), "
            + "%.2f bytes allocated/row%n", result.rows(), result.channels(), result.rowsPerSecond() / 1e6, result.cpuRowsPerSecond() / 1e6,
            result.bytesPerRow());
        out.printf(Locale.ROOT, "CSV parse alone (same rows): %.3f M rows/s, %.2f bytes allocated/row%n",
            result.csvRowsPerSecond() / 1e6, result.csvBytesPerRow());
        if (!Double.isNaN(result.skabSeconds()))
        {
            out.printf(Locale.ROOT, "SKAB: %d scenarios (%d passed) in %.2f s (%.2f s CPU), parsing included; again with the JIT warm: %.2f s%n",
                result.skabScenarios(), result.skabPassed(), result.skabSeconds(), result.skabCpuSeconds(), result.skabWarmSeconds());
        }
        else
        {
            out.println("SKAB: skipped (" + (noSkab ? "--no-skab" : "../shared/data/skab not found") + ")");
        }
        if (json != null && JsonFile.write(json(result), json, err) != 0)
        {
            return IronloopCli.EXIT_FAILURE;
        }
        return 0;
    }

    private static ObjectNode json(final ReplayBench.Result result)
    {
        final ObjectNode node = JsonFile.object();
        node.put("benchmark", "replay");
        node.put("javaVersion", System.getProperty("java.version"));
        node.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        node.put("machine", "board-configs/machines/replay-bench.yaml");
        node.put("rateHz", ReplayBench.RATE_HZ);
        node.put("rows", result.rows());
        node.put("channels", result.channels());
        JsonFile.number(node, "rowsPerSecond", result.rowsPerSecond());
        JsonFile.number(node, "cpuRowsPerSecond", result.cpuRowsPerSecond());
        JsonFile.number(node, "bytesPerRow", result.bytesPerRow());
        JsonFile.number(node, "csvParseRowsPerSecond", result.csvRowsPerSecond());
        JsonFile.number(node, "csvParseBytesPerRow", result.csvBytesPerRow());
        if (!Double.isNaN(result.skabSeconds()))
        {
            node.put("skabScenarios", result.skabScenarios());
            node.put("skabPassed", result.skabPassed());
            JsonFile.number(node, "skabSeconds", result.skabSeconds());
            JsonFile.number(node, "skabCpuSeconds", result.skabCpuSeconds());
            JsonFile.number(node, "skabWarmSeconds", result.skabWarmSeconds());
        }
        return node;
    }
}
