package io.ironloop.firmware.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ironloop eval ...}: the detectors on the published benchmarks, each scored by its own protocol. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Runs the detectors on a benchmark data set and prints the result beside the published numbers.",
    subcommands = {EvalCwruCommand.class, EvalNabCommand.class, CommandLine.HelpCommand.class})
final class EvalCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a data set: cwru or nab");
    }
}
