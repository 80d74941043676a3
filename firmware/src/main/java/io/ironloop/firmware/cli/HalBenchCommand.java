package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.bench.HalBenchmark;
import io.ironloop.hal.HardwareException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop bench hal [--json FILE]}: sensor read latency and allocation, ADXL345 FIFO decode throughput. */
@Command(
    name = "hal",
    mixinStandardHelpOptions = true,
    description = {
        "Measures one sensor read through the full sim driver path (I2C transfer, ADS1115 model, decode, 4-20 mA scaling, EMA) "
            + "in ns and bytes allocated per read, and ADXL345 FIFO decode in samples/s on one core.",
        "Targets: <= 200 ns and 0 bytes per read; >= 1 M samples/s decode. Run it on an otherwise idle machine."})
final class HalBenchCommand implements Callable<Integer>
{
    /** Targets from the HAL issue. */
    static final double TARGET_NS_PER_READ = 200.0;
    static final double TARGET_SAMPLES_PER_SECOND = 1e6;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    private Path json;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2000000", description = "Warm-up iterations per measurement (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "2000000", description = "Iterations per timed round (default: ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "7", description = "Timed rounds; the median is reported (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (warmup < 0 || iterations < 1 || rounds < 1)
        {
            err.println("error: --warmup must be >= 0, --iterations and --rounds >= 1");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final HalBenchmark.Result result;
        try
        {
            result = new HalBenchmark(warmup, iterations, rounds).run();
        }
        catch (final HardwareException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        out.printf(Locale.ROOT, "java %s (%s)%n", result.javaVersion(), result.vm());
        out.printf(Locale.ROOT, "sensor read (sim I2C -> ADS1115 -> 4-20 mA -> EMA): %.1f ns/read (best %.1f), %.3f bytes/read  [target <= %.0f ns, 0 B]%n",
            result.nsPerRead(), result.nsPerReadMin(), result.bytesPerRead(), TARGET_NS_PER_READ);
        out.printf(Locale.ROOT, "ADXL345 FIFO decode: %.2f M samples/s, %.3f bytes/decode  [target >= 1 M/s]%n",
            result.adxl345SamplesPerSecond() / 1e6, result.adxl345BytesPerDecode());
        out.printf(Locale.ROOT, "ADXL345 FIFO drain via sim SPI + model: %.2f M samples/s, %.3f bytes/sample%n",
            result.adxl345SimPathSamplesPerSecond() / 1e6, result.adxl345SimPathBytesPerSample());
        if (json != null && JsonFile.write(json(result), json, err) != 0)
        {
            return IronloopCli.EXIT_FAILURE;
        }
        out.flush();
        return 0;
    }

    private static ObjectNode json(final HalBenchmark.Result result)
    {
        final ObjectNode node = JsonFile.object();
        node.put("benchmark", "hal");
        node.put("javaVersion", result.javaVersion());
        node.put("vm", result.vm());
        node.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        node.put("warmupIterations", result.warmupIterations());
        node.put("iterations", result.iterations());
        node.put("rounds", result.rounds());
        node.put("nsPerRead", result.nsPerRead());
        node.put("nsPerReadMin", result.nsPerReadMin());
        node.put("bytesPerRead", result.bytesPerRead());
        node.put("adxl345SamplesPerSecond", result.adxl345SamplesPerSecond());
        node.put("adxl345BytesPerDecode", result.adxl345BytesPerDecode());
        node.put("adxl345SimPathSamplesPerSecond", result.adxl345SimPathSamplesPerSecond());
        node.put("adxl345SimPathBytesPerSample", result.adxl345SimPathBytesPerSample());
        node.put("readTargetMet", result.nsPerRead() <= TARGET_NS_PER_READ && result.bytesPerRead() < 1.0);
        node.put("decodeTargetMet", result.adxl345SamplesPerSecond() >= TARGET_SAMPLES_PER_SECOND);
        return node;
    }
}
