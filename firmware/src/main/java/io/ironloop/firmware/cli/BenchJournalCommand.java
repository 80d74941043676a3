package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.bench.JournalBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop bench journal}: store-and-forward journal appends per second under each fsync policy, on this disk. */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = {
        "Appends telemetry-sized records to the store-and-forward journal for a few seconds per fsync",
        "policy (none, every 100 records, every 1 ms, every 100 ms) and reports records/s, fsyncs and",
        "append latency. Point --dir at the disk the board journals to; the files are deleted afterwards."})
final class BenchJournalCommand implements Callable<Integer>
{
    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write (default: the system temporary directory).")
    Path dir;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "3", description = "Measured seconds per policy (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--payload-bytes", paramLabel = "N", defaultValue = "200", description = "Payload bytes per record (default: ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (seconds <= 0 || payloadBytes < 0 || payloadBytes > 60_000)
        {
            err.println("error: --seconds must be positive and --payload-bytes between 0 and 60000");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final Path parent = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        final List<JournalBench.Result> results;
        try
        {
            results = JournalBench.run(parent, seconds, payloadBytes);
        }
        catch (final IOException ex)
        {
            err.println("error: cannot journal in " + parent + ": " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        out.printf(Locale.ROOT, "journal in %s, %d-byte payloads, %.1f s per policy%n", parent, payloadBytes, seconds);
        for (final JournalBench.Result result : results)
        {
            out.printf(Locale.ROOT, "fsync %-26s %10.0f records/s %7.1f MB/s %6d fsyncs  append p50 %7.2f us  p99 %8.2f us  max %8.2f ms  %.2f B/append%n",
                result.policy(), result.recordsPerSecond(), result.megabytesPerSecond(), result.fsyncs(),
                result.appendP50Ns() / 1e3, result.appendP99Ns() / 1e3, result.appendMaxNs() / 1e6, result.bytesPerAppend());
        }
        out.flush();
        return json == null ? 0 : JsonFile.write(json(results, payloadBytes, seconds), json, err);
    }

    private static ObjectNode json(final List<JournalBench.Result> results, final int payloadBytes, final double seconds)
    {
        final ObjectNode root = JsonFile.object();
        root.put("bench", "journal");
        root.put("payloadBytes", payloadBytes);
        root.put("secondsPerPolicy", seconds);
        final ArrayNode policies = root.putArray("policies");
        for (final JournalBench.Result result : results)
        {
            final ObjectNode node = policies.addObject();
            node.put("fsync", result.policy());
            node.put("records", result.records());
            node.put("seconds", result.seconds());
            node.put("recordsPerSecond", result.recordsPerSecond());
            node.put("megabytesPerSecond", result.megabytesPerSecond());
            node.put("fsyncs", result.fsyncs());
            node.put("appendP50Ns", result.appendP50Ns());
            node.put("appendP99Ns", result.appendP99Ns());
            node.put("appendMaxNs", result.appendMaxNs());
            node.put("bytesPerAppend", result.bytesPerAppend());
        }
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.version"));
        return root;
    }
}
