package io.ironloop.firmware.cli;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.page.PageOptions;
import io.ironloop.firmware.replay.MachineRecorder;
import io.ironloop.firmware.run.FirmwareRun;
import io.ironloop.firmware.run.RunOptions;
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
        "A simulated board runs in lockstep at maximum speed; with --realtime, and on any other board (pi4j), the machine "
            + "runs as 'ironloop run' does, its agents on their threads, and a recorder agent off the control thread "
            + "writes the rows block by block; SIGTERM or the end of --seconds stops it with a complete last block.",
        "Exit status: 0 when written; 2 for an invalid machine file; 1 when the board or the file fails."})
final class RecordCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "MACHINE", description = "The machine file.")
    private Path machine;

    @Option(names = "--seconds", required = true, paramLabel = "N", description = "How long to record.")
    private double seconds;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The recording to write.")
    private Path out;

    @Option(names = "--realtime", description = "Run the machine in real time on its threads (always so on a real board).")
    private boolean realtime;

    @Option(names = "--board", paramLabel = "FILE", description = "Board file overriding the machine's board.")
    private Path board;

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
            setup = MachineSetup.load(machine, board);
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
            if (realtime || !"sim".equals(setup.board().backend()))
            {
                // A real-time run, as on the board: the status lines and the recording's summary go to stdout.
                FirmwareRun.run(RunOptions.of(machine, spec.commandLine().getOut()).boardFile(board).seconds(seconds).mqtt(false)
                    .page(new PageOptions(true, null, null, null)).recordOut(out).build());
                return 0;
            }
            final long rows = MachineRecorder.record(setup, seconds, out, false);
            spec.commandLine().getOut().println(out + ": " + rows + " rows x " + setup.machine().sensors().size() + " channels");
            return 0;
        }
        catch (final ConfigException ex)
        {
            for (final Problem problem : ex.problems())
            {
                spec.commandLine().getErr().println(problem);
            }
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final IOException | HardwareException ex)
        {
            spec.commandLine().getErr().println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
    }
}
