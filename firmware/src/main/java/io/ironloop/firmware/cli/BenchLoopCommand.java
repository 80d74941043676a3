package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.control.runtime.IdleStrategies;
import io.ironloop.firmware.bench.LoopBench;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.run.CpuAffinity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code ironloop bench loop}: wake-up jitter and cycle time of the real control agent on the real clock. */
@Command(
    name = "loop",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the pump station's control agent on the system clock with the",
        "simulated board at --rate Hz with the given idle strategy and reports",
        "wake-up jitter and cycle time percentiles (HdrHistogram), overruns and",
        "bytes allocated per cycle; then the same tick on a",
        "ScheduledExecutorService.scheduleAtFixedRate thread as the baseline, and a",
        "bare thread spinning on the same deadlines doing nothing (the machine's floor).",
        "Run it on an otherwise idle machine."})
final class BenchLoopCommand implements Callable<Integer>
{
    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "1000", description = "Control rate (default: ${DEFAULT-VALUE}).")
    double rateHz;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "Measured time per phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "3", description = "Warm-up before measuring, per phase (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--baseline-seconds", paramLabel = "S", description = "Measured time of the baseline (default: --seconds; 0 skips it).")
    Double baselineSeconds;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "busy-spin",
        description = "Control agent idle strategy: busy-spin, yield, backoff, sleep, deadline, park (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--cpu", paramLabel = "N",
        description = "Pin the control agent, the baseline's thread and the floor's spinner to CPU N (default: the machine file's control.cpu; -1: unpinned).")
    Integer cpu;

    @Option(names = "--background-cpus", paramLabel = "LIST", split = ",",
        description = "Pin the acquisition, telemetry and logger threads to these CPUs, e.g. 0 or 0,2 (default: the machine file's control.backgroundCpus).")
    List<Integer> backgroundCpus;

    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (!IdleStrategies.NAMES.contains(idle))
        {
            err.println("error: unknown idle strategy '" + idle + "' (expected one of: " + String.join(", ", IdleStrategies.NAMES) + ")");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        if (!(rateHz > 0 && rateHz <= 100_000) || !(seconds > 0) || warmupSeconds < 0 || (baselineSeconds != null && baselineSeconds < 0))
        {
            err.println("error: --rate must be in (0, 100000], --seconds positive, --warmup and --baseline-seconds not negative");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        if ((cpu != null && (cpu < -1 || cpu > 1023)) || (backgroundCpus != null && backgroundCpus.stream().anyMatch(n -> n < 0 || n > 1023)))
        {
            err.println("error: CPU numbers must be from 0 to 1023 (--cpu -1 unpins the control agent)");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        if (cpu != null && cpu >= 0 && backgroundCpus != null && backgroundCpus.contains(cpu))
        {
            err.println("error: --background-cpus must not include the control agent's CPU " + cpu);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        return options.run(spec.commandLine(),
            setup ->
            {
                final MachineSetup pinned = withCpus(setup);
                CpuAffinity.requireUsable(pinned.machine());
                return LoopBench.run(pinned, rateHz, idle, seconds, warmupSeconds, baselineSeconds != null ? baselineSeconds : seconds);
            },
            BenchLoopCommand::report, BenchLoopCommand::json);
    }

    /** The machine file's pinning with --cpu and --background-cpus applied over it. */
    private MachineSetup withCpus(final MachineSetup setup)
    {
        final MachineConfig.Control control = setup.machine().control();
        final int controlCpu = cpu != null ? cpu : control.cpu();
        List<Integer> background = backgroundCpus != null ? backgroundCpus : control.backgroundCpus();
        if (controlCpu >= 0 && background.contains(controlCpu))
        {
            // --cpu moved the control agent onto a CPU the file gave the background agents: they make room.
            background = background.stream().filter(n -> n != controlCpu).collect(Collectors.toList());
        }
        return new MachineSetup(setup.board(), setup.machine().withControl(control.withCpus(controlCpu, background)));
    }

    private static void report(final PrintWriter out, final LoopBench.Result result)
    {
        out.printf(Locale.ROOT, "control loop %s at %.0f Hz, idle %s, %.0f s (+%.0f s warm-up): %d cycles, %d overruns, %.2f bytes/cycle%n",
            result.machine(), result.rateHz(), result.idle(), result.seconds(), result.warmupSeconds(), result.cycles(),
            result.overruns(), result.bytesPerCycle());
        out.printf(Locale.ROOT, "  control agent on CPU %s, every other thread on CPUs %s%n",
            result.cpu() < 0 ? "any (unpinned)" : Integer.toString(result.cpu()),
            result.backgroundCpus().isEmpty() ? "any (unpinned)" : result.backgroundCpus().stream().map(String::valueOf).collect(Collectors.joining(",")));
        print(out, "wake-up jitter", result.jitter());
        print(out, "cycle time", result.cycleTime());
        if (result.baseline().count() > 0)
        {
            print(out, "baseline jitter (scheduleAtFixedRate)", result.baseline());
            print(out, "baseline cycle time", result.baselineCycleTime());
            print(out, "bare spin loop, no work (the floor)", result.bareSpin());
        }
    }

    private static void print(final PrintWriter out, final String what, final LoopBench.Percentiles p)
    {
        out.printf(Locale.ROOT, "  %-40s p50 %8.1f  p99 %8.1f  p99.9 %8.1f  p99.99 %8.1f  max %9.1f us  (%d samples)%n",
            what, p.p50Us(), p.p99Us(), p.p999Us(), p.p9999Us(), p.maxUs(), p.count());
    }

    private static ObjectNode json(final LoopBench.Result result)
    {
        final ObjectNode root = JsonFile.object();
        root.put("bench", "loop");
        root.put("machine", result.machine());
        root.put("rateHz", result.rateHz());
        root.put("idle", result.idle());
        root.put("seconds", result.seconds());
        if (result.cpu() >= 0)
        {
            root.put("cpu", result.cpu());
        }
        else
        {
            root.putNull("cpu");
        }
        result.backgroundCpus().forEach(root.putArray("backgroundCpus")::add);
        root.put("warmupSeconds", result.warmupSeconds());
        root.put("cycles", result.cycles());
        root.put("overruns", result.overruns());
        root.put("bytesPerCycle", result.bytesPerCycle());
        percentiles(root, result.jitter());
        percentiles(root.putObject("cycleTime"), result.cycleTime());
        final ObjectNode baseline = root.putObject("baseline");
        baseline.put("method", "ScheduledExecutorService.scheduleAtFixedRate");
        baseline.put("seconds", result.baselineSeconds());
        baseline.put("overruns", result.baselineOverruns());
        percentiles(baseline, result.baseline());
        percentiles(baseline.putObject("cycleTime"), result.baselineCycleTime());
        final ObjectNode bareSpin = root.putObject("bareSpin");
        bareSpin.put("method", "a thread busy-spinning on the same deadlines, doing no work, on the control agent's CPU when it is pinned; after the baseline and a warm-up");
        percentiles(bareSpin, result.bareSpin());
        if (result.baseline().count() > 0 && result.jitter().p999Us() > 0)
        {
            root.put("p999ImprovementX", result.baseline().p999Us() / result.jitter().p999Us());
        }
        else
        {
            root.putNull("p999ImprovementX");
        }
        final ObjectNode env = root.putObject("environment");
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("java", System.getProperty("java.version"));
        env.put("vm", System.getProperty("java.vm.name"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return root;
    }

    private static void percentiles(final ObjectNode node, final LoopBench.Percentiles p)
    {
        node.put("samples", p.count());
        node.put("p50Us", p.p50Us());
        node.put("p90Us", p.p90Us());
        node.put("p99Us", p.p99Us());
        node.put("p999Us", p.p999Us());
        node.put("p9999Us", p.p9999Us());
        node.put("maxUs", p.maxUs());
        node.put("meanUs", p.meanUs());
    }
}
