package io.ironloop.firmware.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code ironloop demo}: the pump station on a simulated board. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a simulated pump station: an ADS1115 reads a 4-20 mA pressure transmitter, a PID holds",
        "discharge pressure by commanding pump speed through an MCP4725, telemetry goes over MQTT to an",
        "embedded broker. One status line per second."})
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--fast", description = "Run lockstep on a virtual clock as fast as the CPU allows (deterministic).")
    boolean fast;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "30", description = "How long to run, in (simulated) seconds (default: ${DEFAULT-VALUE}); 0 runs until Ctrl-C.")
    double seconds;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the plant's measurement noise (default: the machine file's).")
    Long seed;

    @Mixin
    MachineFileOption machine;

    @Mixin
    MachineOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        if (seconds < 0 || (fast && seconds == 0))
        {
            spec.commandLine().getErr().println("error: --seconds must be positive" + (fast ? " with --fast" : " (or 0 to run until Ctrl-C)"));
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        return options.run(spec.commandLine(), machine.machineFile(), fast, seconds, seed);
    }
}
