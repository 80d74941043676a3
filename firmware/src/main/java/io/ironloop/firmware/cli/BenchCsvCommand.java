package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.bench.RecordingBench;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.recording.CsvRecordingException;
import io.ironloop.firmware.recording.RecordingMapping;
import io.ironloop.firmware.recording.RecordingMappingLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop bench csv CSV --map MAPPING}: CSV conversion against binary recording reads, in rows/s. */
@Command(
    name = "csv",
    mixinStandardHelpOptions = true,
    description = {
        "Converts CSV into a temporary recording and reads it back, on one thread: rows/s of the conversion "
            + "(FastCSV parse, mapping, binary write) against rows/s and bytes allocated per row of the memory-mapped read.",
        "Medians over the timed rounds. Run it on an otherwise idle machine."})
final class BenchCsvCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "CSV", description = "The CSV file.")
    private Path csv;

    @Option(names = "--map", required = true, paramLabel = "MAPPING", description = "The mapping YAML file.")
    private Path map;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "30", description = "Untimed rounds first, until the JIT has compiled the parse (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "7", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    private Path json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (warmup < 0 || rounds < 1)
        {
            err.println("error: --warmup must be >= 0 and --rounds >= 1");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final RecordingMapping mapping;
        try
        {
            mapping = RecordingMappingLoader.load(map);
        }
        catch (final ConfigException ex)
        {
            ex.problems().stream().map(Problem::toString).forEach(err::println);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final RecordingBench.Result result;
        try
        {
            result = new RecordingBench(csv, mapping, warmup, rounds).run();
        }
        catch (final CsvRecordingException ex)
        {
            err.println(ex.getMessage());
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        out.printf(Locale.ROOT, "%s: %d rows x %d channels%n", csv, result.rows(), result.channels());
        out.printf(Locale.ROOT, "CSV -> recording: %.3f M rows/s%n", result.csvRowsPerSecond() / 1e6);
        out.printf(Locale.ROOT, "recording read (memory-mapped): %.1f M rows/s, %.3f bytes allocated/row, %.1f file bytes/row%n",
            result.recordingRowsPerSecond() / 1e6, result.recordingBytesAllocatedPerRow(), result.fileBytesPerRow());
        if (json != null && JsonFile.write(json(result), json, err) != 0)
        {
            return IronloopCli.EXIT_FAILURE;
        }
        out.flush();
        return 0;
    }

    private ObjectNode json(final RecordingBench.Result result)
    {
        final ObjectNode node = JsonFile.object();
        node.put("benchmark", "csv");
        node.put("file", csv.toString());
        node.put("javaVersion", System.getProperty("java.version"));
        node.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        node.put("rows", result.rows());
        node.put("channels", result.channels());
        node.put("rounds", result.rounds());
        node.put("csvRowsPerSecond", result.csvRowsPerSecond());
        node.put("rowsPerSecond", result.recordingRowsPerSecond());
        node.put("bytesPerRow", result.recordingBytesAllocatedPerRow());
        node.put("fileBytesPerRow", result.fileBytesPerRow());
        return node;
    }
}
