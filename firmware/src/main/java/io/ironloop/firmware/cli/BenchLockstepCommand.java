package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.bench.LockstepBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop bench lockstep}: control ticks per second of the whole machine in lockstep. */
@Command(
    name = "lockstep",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the pump station in lockstep on a virtual clock (acquisition,",
        "simulated plant, control, telemetry encoding; no MQTT) and reports",
        "control ticks per second of wall time and bytes allocated per tick."})
final class BenchLockstepCommand implements Callable<Integer>
{
    @Option(names = "--ticks", paramLabel = "N", defaultValue = "10000000", description = "Control ticks measured (default: ${DEFAULT-VALUE}).")
    long ticks;

    @Option(names = "--warmup-ticks", paramLabel = "N", defaultValue = "1000000", description = "Control ticks before measuring (default: ${DEFAULT-VALUE}).")
    long warmupTicks;

    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        if (ticks <= 0 || warmupTicks < 0)
        {
            spec.commandLine().getErr().println("error: --ticks must be positive and --warmup-ticks not negative");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        return options.run(spec.commandLine(), setup -> LockstepBench.run(setup, ticks, warmupTicks),
            BenchLockstepCommand::report, BenchLockstepCommand::json);
    }

    private static void report(final PrintWriter out, final LockstepBench.Result result)
    {
        out.printf(Locale.ROOT, "lockstep %s: %d control ticks at %.0f Hz in %.3f s: %.0f ticks/s (%.0fx real time; %.0f ticks per CPU second), %.2f bytes/tick%n",
            result.machine(), result.controlTicks(), result.controlRateHz(), result.seconds(), result.ticksPerSecond(),
            result.simSecondsPerSecond(), result.ticksPerCpuSecond(), result.bytesPerTick());
    }

    private static ObjectNode json(final LockstepBench.Result result)
    {
        final ObjectNode root = JsonFile.object();
        root.put("bench", "lockstep");
        root.put("machine", result.machine());
        root.put("controlRateHz", result.controlRateHz());
        root.put("warmupTicks", result.warmupTicks());
        root.put("ticks", result.controlTicks());
        root.put("seconds", result.seconds());
        root.put("ticksPerSecond", result.ticksPerSecond());
        root.put("simSecondsPerSecond", result.simSecondsPerSecond());
        root.put("ticksPerCpuSecond", result.ticksPerCpuSecond());
        root.put("bytesPerTick", result.bytesPerTick());
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.version"));
        return root;
    }
}
