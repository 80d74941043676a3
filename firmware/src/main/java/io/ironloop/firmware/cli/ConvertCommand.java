package io.ironloop.firmware.cli;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.recording.CsvConverter;
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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop convert CSV --map MAPPING --out FILE}: a CSV file into a binary recording. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
        "Converts a CSV file into a binary recording (docs/RECORDING-FORMAT.md).",
        "The mapping file names the columns, units, scaling, timestamp and rate; examples in hil-tests/recordings/.",
        "Exit status: 0 when converted; 2 for a mapping error (file:line:column) or a CSV that does not fit it "
            + "(file:line), and then no output file is left; 1 when a file cannot be read or written."})
final class ConvertCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "CSV", description = "The CSV (or whitespace-separated) file.")
    private Path csv;

    @Option(names = "--map", required = true, paramLabel = "MAPPING", description = "The mapping YAML file.")
    private Path map;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The recording to write.")
    private Path out;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final RecordingMapping mapping;
        try
        {
            mapping = RecordingMappingLoader.load(map);
        }
        catch (final ConfigException ex)
        {
            for (final Problem problem : ex.problems())
            {
                err.println(problem);
            }
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final long startNs = System.nanoTime();
        final CsvConverter.Result result;
        try
        {
            result = CsvConverter.convert(csv, mapping, out);
        }
        catch (final CsvRecordingException ex)
        {
            err.println(ex.getMessage());
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final NoSuchFileException ex)
        {
            err.println(ex.getFile() + ": file not found");
            return IronloopCli.EXIT_FAILURE;
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        final double seconds = (System.nanoTime() - startNs) * 1e-9;
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
            "%s: %d rows x %d channels at %s Hz%s in %.3f s (%.0f rows/s)",
            out, result.rows(), result.channels(), rate(result.rateHz()),
            result.rateFromTimestamps() ? " (most common timestamp step)" : "", seconds, result.rows() / seconds));
        return 0;
    }

    private static String rate(final double rateHz)
    {
        return rateHz == Math.rint(rateHz) ? Long.toString((long)rateHz) : String.format(Locale.ROOT, "%.6g", rateHz);
    }
}
