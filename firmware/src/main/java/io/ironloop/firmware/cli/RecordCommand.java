package io.ironloop.firmware.cli;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.replay.MachineRecorder;
import io.ironloop.hal.HardwareException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ironloop record MACHINE --seconds N --out FILE}: every process-image slot into a binary recording. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a machine and records every process-image slot once per control tick into a binary recording "
            + "(docs/RECORDING-FORMAT.md), for replay in a scenario.",
        "A simulated board runs in lockstep at maximum speed (--realtime paces it to the wall clock).",
        "Exit status: 0 when written; 2 for an invalid machine file; 1 when the board or the file fails."})
final class RecordCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "MACHINE", description = "The machine file.")
    private Path machine;

    @Option(names = "--seconds", required = true, paramLabel = "N", description = "How long to record.")
    private double seconds;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The recording to write.")
    private Path out;

    @Option(names = "--realtime", description = "Pace to the wall clock.")
    private boolean realtime;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        if (!(seconds > 0) || seconds > 24 * 3600)
        {
            spec.commandLine().getErr().println("error: --seconds must be from 0 to 86400, got " + seconds);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final MachineSetup setup;
        try
        {
            setup = MachineSetup.load(machine, null);
        }
        catch (final ConfigException ex)
        {
            for (final Problem problem : ex.problems())
            {
                spec.commandLine().getErr().println(problem);
            }
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        try
        {
            final long rows = MachineRecorder.record(setup, seconds, out, realtime);
            spec.commandLine().getOut().println(out + ": " + rows + " rows x " + setup.machine().sensors().size() + " channels");
            return 0;
        }
        catch (final IOException | HardwareException ex)
        {
            spec.commandLine().getErr().println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
    }
}
