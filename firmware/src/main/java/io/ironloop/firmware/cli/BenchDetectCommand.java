package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.control.detect.DetectorLearningException;
import io.ironloop.firmware.bench.DetectBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop bench detect}: scoring cost per sample of the anomaly detectors against a control tick. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
        "Scores synthetic correlated samples with each detector and the full ensemble after learning;",
        "reports CPU ns and bytes allocated per sample (ThreadMXBean) beside the cost of one lockstep",
        "tick of the machine in the same run. Run it on an otherwise idle machine."})
final class BenchDetectCommand implements Callable<Integer>
{
    @Option(names = "--channels", paramLabel = "N", defaultValue = "8", description = "Channels per sample (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000000", description = "Samples measured per detector (default: ${DEFAULT-VALUE}).")
    long samples;

    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        if (channels < 2 || channels > 256 || samples < 1000)
        {
            spec.commandLine().getErr().println("error: --channels must be 2 to 256 and --samples at least 1000");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        return options.run(spec.commandLine(),
            setup ->
            {
                try
                {
                    return DetectBench.run(setup, channels, samples);
                }
                catch (final DetectorLearningException ex)
                {
                    throw new IllegalStateException(ex.getMessage(), ex);
                }
            },
            BenchDetectCommand::report, BenchDetectCommand::json);
    }

    private static void report(final PrintWriter out, final DetectBench.Result r)
    {
        out.printf(Locale.ROOT, "detectors on %d channels, %d samples each after learning%n", r.channels(), r.samples());
        out.printf(Locale.ROOT, "  %-28s %10.1f ns/sample %8.2f bytes/sample%n", "ensemble " + r.members(), r.nsPerSample(), r.bytesPerSample());
        for (final DetectBench.Member m : r.detectors())
        {
            out.printf(Locale.ROOT, "  %-28s %10.1f ns/sample %8.2f bytes/sample%n", m.name(), m.nsPerSample(), m.bytesPerSample());
        }
        out.printf(Locale.ROOT, "  %-28s %10.1f ns/tick   %8.2f bytes/tick (%s, lockstep: acquisition + control + telemetry)%n",
            "control tick", r.controlTickNs(), r.controlBytesPerTick(), r.machine());
    }

    private static ObjectNode json(final DetectBench.Result r)
    {
        final ObjectNode root = JsonFile.object();
        root.put("bench", "detect");
        root.put("channels", r.channels());
        root.put("samples", r.samples());
        root.put("detector", r.members());
        root.put("nsPerSample", r.nsPerSample());
        root.put("bytesPerSample", r.bytesPerSample());
        final ArrayNode members = root.putArray("detectors");
        for (final DetectBench.Member m : r.detectors())
        {
            final ObjectNode o = members.addObject();
            o.put("name", m.name());
            o.put("nsPerSample", m.nsPerSample());
            o.put("bytesPerSample", m.bytesPerSample());
        }
        final ObjectNode tick = root.putObject("controlTick");
        tick.put("machine", r.machine());
        tick.put("method", "LockstepBench: one control period of the whole machine on one thread, CPU ns per tick");
        tick.put("nsPerTick", r.controlTickNs());
        tick.put("bytesPerTick", r.controlBytesPerTick());
        final ObjectNode env = root.putObject("environment");
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return root;
    }
}
