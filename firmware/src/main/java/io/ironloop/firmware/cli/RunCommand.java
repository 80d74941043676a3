package io.ironloop.firmware.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ironloop run MACHINE}: the firmware proper, on the board's real clock. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a machine in real time: loads and checks its machine and board files, opens the board's",
        "buses, runs acquisition, control and telemetry agents until stopped (Ctrl-C or SIGTERM), then",
        "drives every actuator to its safe value. Refuses to start on an invalid configuration (exit 2)."})
final class RunCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "MACHINE", description = "Machine file.")
    Path machine;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "0", description = "Stop after N seconds (default: run until stopped).")
    double seconds;

    @Mixin
    MachineOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        if (seconds < 0)
        {
            spec.commandLine().getErr().println("error: --seconds must not be negative");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        return options.run(spec.commandLine(), machine, false, seconds, null);
    }
}
