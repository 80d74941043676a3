package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.bench.LockstepBench;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.hal.HardwareException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Option(names = "--machine", paramLabel = "FILE", description = "Machine file (default: board-configs/machines/pump-station.yaml).")
    Path machine;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (ticks <= 0 || warmupTicks < 0)
        {
            err.println("error: --ticks must be positive and --warmup-ticks not negative");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final Path machineFile = machine != null ? machine : IronloopCli.home().resolve("board-configs/machines/pump-station.yaml");
        final LockstepBench.Result result;
        try
        {
            result = LockstepBench.run(MachineSetup.load(machineFile, null), ticks, warmupTicks);
        }
        catch (final ConfigException ex)
        {
            ex.problems().forEach((Problem problem) -> err.println(problem));
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final HardwareException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "lockstep %s: %d control ticks at %.0f Hz in %.3f s: %.0f ticks/s (%.0fx real time; %.0f ticks per CPU second), %.2f bytes/tick%n",
            result.machine(), result.controlTicks(), result.controlRateHz(), result.seconds(), result.ticksPerSecond(),
            result.simSecondsPerSecond(), result.ticksPerCpuSecond(), result.bytesPerTick());
        if (json != null)
        {
            final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            final ObjectNode root = mapper.createObjectNode();
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
            try
            {
                mapper.writeValue(json.toFile(), root);
            }
            catch (final IOException ex)
            {
                err.println("error: cannot write " + json + ": " + ex.getMessage());
                return IronloopCli.EXIT_FAILURE;
            }
        }
        return 0;
    }
}
