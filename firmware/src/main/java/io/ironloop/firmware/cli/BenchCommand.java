package io.ironloop.firmware.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ironloop bench}: measurements of this build on this board. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measures the runtime on this machine: control loop timing (loop) and lockstep throughput (lockstep).",
    subcommands = {BenchLoopCommand.class, BenchLockstepCommand.class})
final class BenchCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
