package io.ironloop.firmware.cli;

import io.ironloop.control.detect.DetectorLearningException;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.recording.CsvRecordingException;
import io.ironloop.firmware.recording.RecordingMapping;
import io.ironloop.firmware.recording.RecordingMappingLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code ironloop eval}: the detectors scored on the benchmark data sets by their own published protocols. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
        "Scores the anomaly detectors on a benchmark data set by its published protocol and prints the result",
        "beside the published numbers (../shared/data/README.md).",
        "skab: SKAB leaderboard protocol (learn on each file's first 400 rows, score the rest);",
        "tep: Tennessee Eastman, learnt from d00.dat, detection rate per fault and false-alarm rate;",
        "cwru: bearing faults named from the envelope spectrum; nab: NAB result files and NAB's scoring."},
    subcommands = {EvalSkabCommand.class, EvalTepCommand.class, EvalCwruCommand.class, EvalNabCommand.class})
final class EvalCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** An evaluation body that may fail on its input. */
    interface Body
    {
        int run() throws IOException, DetectorLearningException, ConfigException;
    }

    /** Runs {@code body}, turning bad input into one clear message and an exit code. */
    static int guarded(final PrintWriter err, final Body body)
    {
        try
        {
            return body.run();
        }
        catch (final ConfigException ex)
        {
            for (final Problem problem : ex.problems())
            {
                err.println(problem);
            }
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final NoSuchFileException ex)
        {
            err.println("error: " + ex.getFile() + ": " + (ex.getReason() != null ? ex.getReason() : "file not found"));
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final CsvRecordingException | DetectorLearningException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
    }

    /** The data directory, or a NoSuchFileException naming it. */
    static Path directory(final Path dir, final String what) throws NoSuchFileException
    {
        if (!Files.isDirectory(dir))
        {
            throw new NoSuchFileException(dir.toString(), null, "not a directory (expected " + what + ")");
        }
        return dir;
    }

    /** A mapping given on the command line, else the one shipped in hil-tests/recordings of this checkout. */
    static RecordingMapping mapping(final Path given, final String shipped) throws ConfigException, NoSuchFileException
    {
        final Path path = given != null ? given : IronloopCli.home().resolve("hil-tests/recordings").resolve(shipped);
        if (!Files.isRegularFile(path))
        {
            throw new NoSuchFileException(path.toString(), null, "mapping not found (pass it with --map)");
        }
        return RecordingMappingLoader.load(path);
    }
}
