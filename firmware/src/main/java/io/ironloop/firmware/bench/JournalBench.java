package io.ironloop.firmware.bench;

import io.ironloop.firmware.journal.Journal;
import io.ironloop.firmware.journal.JournalConfig;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Journal append throughput on this disk under each fsync policy: one thread appends JSON-sized
 * records as fast as it can, polling the journal after each append as the telemetry agent would and
 * acknowledging records 1000 behind (so segments are released as in steady state). The fsync runs on
 * the appending thread, so the latency columns show what a group commit costs the caller.
 */
public final class JournalBench
{
    /** One fsync policy: a record count or an interval; without fsync the interval says when bytes go to the OS. */
    public record Policy(String name, boolean fsync, int everyRecords, long intervalNs)
    {
    }

    /**
     * @param records       records appended in the measured time
     * @param fsyncs        fsyncs done
     * @param appendP50Ns   median time of one append plus poll
     * @param appendP99Ns   99th percentile of it (a commit lands in the slow ones)
     * @param appendMaxNs   slowest one
     * @param bytesPerAppend bytes allocated per append on the appending thread
     */
    public record Result(
        String policy,
        long records,
        double seconds,
        double recordsPerSecond,
        double megabytesPerSecond,
        long fsyncs,
        long appendP50Ns,
        long appendP99Ns,
        long appendMaxNs,
        double bytesPerAppend)
    {
    }

    /** The policies the issue asks to compare. */
    public static final List<Policy> POLICIES = List.of(
        new Policy("none (write every 1 ms)", false, 0, 1_000_000L),
        new Policy("every 100 records", true, 100, 0),
        new Policy("every 1 ms", true, 0, 1_000_000L),
        new Policy("every 100 ms (default)", true, 0, 100_000_000L));

    private JournalBench()
    {
    }

    /** Runs every policy for {@code seconds} each in a fresh directory under {@code parent}, deleted afterwards. */
    public static List<Result> run(final Path parent, final double seconds, final int payloadBytes) throws IOException
    {
        final List<Result> results = new ArrayList<>();
        for (final Policy policy : POLICIES)
        {
            final Path directory = Files.createTempDirectory(Files.createDirectories(parent), "journal-bench-");
            try
            {
                results.add(run(directory, policy, seconds, payloadBytes));
            }
            finally
            {
                delete(directory);
            }
        }
        return results;
    }

    private static Result run(final Path directory, final Policy policy, final double seconds, final int payloadBytes)
        throws IOException
    {
        final JournalConfig config = new JournalConfig().directory(directory).fsync(policy.fsync())
            .fsyncEveryRecords(policy.everyRecords()).fsyncIntervalNs(policy.intervalNs());
        final byte[] topic = "ironloop/pump-station/telemetry".getBytes(StandardCharsets.US_ASCII);
        final byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte)'7');
        final Histogram latency = new Histogram(3_600_000_000_000L, 3);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Journal journal = Journal.open(config))
        {
            // Warm-up: the JIT and the first segments, not measured.
            final long warmupEndNs = System.nanoTime() + 500_000_000L;
            long nowNs;
            while ((nowNs = System.nanoTime()) - warmupEndNs < 0)
            {
                appendOne(journal, nowNs, topic, payload);
            }
            final long fsyncsBefore = journal.fsyncs();
            final long appendedBefore = journal.appended();
            final long bytesBefore = threads.getCurrentThreadAllocatedBytes();
            final long startNs = System.nanoTime();
            final long endNs = startNs + (long)(seconds * 1e9);
            nowNs = startNs;
            while (nowNs - endNs < 0)
            {
                appendOne(journal, nowNs, topic, payload);
                final long doneNs = System.nanoTime();
                latency.recordValue(doneNs - nowNs);
                nowNs = doneNs;
            }
            journal.commit(nowNs);
            final long elapsedNs = System.nanoTime() - startNs;
            final long records = journal.appended() - appendedBefore;
            final long bytes = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
            final double elapsedS = elapsedNs * 1e-9;
            return new Result(policy.name(), records, elapsedS, records / elapsedS,
                records * (32.0 + topic.length + payloadBytes) / elapsedS / 1e6, journal.fsyncs() - fsyncsBefore,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getMaxValue(),
                records == 0 ? 0 : (double)bytes / records);
        }
    }

    private static void appendOne(final Journal journal, final long nowNs, final byte[] topic, final byte[] payload)
    {
        final long sequence = journal.append(nowNs, nowNs, topic, topic.length, payload, 0, payload.length);
        if (sequence >= 1000)
        {
            journal.acknowledge(sequence - 1000);
        }
        journal.poll(nowNs);
    }

    private static void delete(final Path directory) throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
