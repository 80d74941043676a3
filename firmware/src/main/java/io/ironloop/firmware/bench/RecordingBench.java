package io.ironloop.firmware.bench;

import io.ironloop.control.recording.RecordingReader;
import io.ironloop.firmware.recording.CsvConverter;
import io.ironloop.firmware.recording.RecordingMapping;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the time of a replay's input goes: converting a CSV file (FastCSV parse, mapping, binary
 * write) against reading the binary recording back through its memory map, on the calling thread.
 */
public final class RecordingBench
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Medians over the timed rounds. */
    public record Result(
        long rows,
        int channels,
        int rounds,
        double csvRowsPerSecond,
        double recordingRowsPerSecond,
        double recordingBytesAllocatedPerRow,
        double fileBytesPerRow)
    {
    }

    private final Path csv;
    private final RecordingMapping mapping;
    private final int warmupRounds;
    private final int rounds;
    /** Sum of the first channel over every read, kept so the JIT cannot drop the reads. */
    private double checksum;

    public RecordingBench(final Path csv, final RecordingMapping mapping, final int warmupRounds, final int rounds)
    {
        this.csv = csv;
        this.mapping = mapping;
        this.warmupRounds = warmupRounds;
        this.rounds = rounds;
    }

    public Result run() throws IOException
    {
        final Path out = Files.createTempFile("ironloop-bench-", ".irec");
        try
        {
            final double[] csvRate = new double[rounds];
            final double[] readRate = new double[rounds];
            final double[] allocated = new double[rounds];
            CsvConverter.Result converted = null;
            for (int round = -warmupRounds; round < rounds; round++)
            {
                final long startNs = System.nanoTime();
                converted = CsvConverter.convert(csv, mapping, out);
                final long convertedNs = System.nanoTime();
                try (RecordingReader reader = RecordingReader.open(out))
                {
                    final double[] row = new double[reader.header().channelCount()];
                    // 20 passes: one pass over a small file is too short to time
                    final int passes = 20;
                    final long readStartNs = System.nanoTime();
                    final long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
                    double sum = 0;
                    for (int pass = 0; pass < passes; pass++)
                    {
                        reader.seek(0);
                        while (reader.next(row))
                        {
                            sum += row[0];
                        }
                    }
                    final long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytesBefore;
                    final long readNs = System.nanoTime() - readStartNs;
                    if (round >= 0)
                    {
                        final long rows = Math.max(1, converted.rows());
                        csvRate[round] = converted.rows() * 1e9 / (convertedNs - startNs);
                        readRate[round] = (double)rows * passes * 1e9 / Math.max(1, readNs);
                        allocated[round] = (double)bytes / (rows * passes);
                    }
                    checksum += sum;
                }
            }
            return new Result(converted.rows(), converted.channels(), rounds, median(csvRate), median(readRate),
                median(allocated), (double)Files.size(out) / Math.max(1, converted.rows()));
        }
        finally
        {
            Files.deleteIfExists(out);
        }
    }

    public double checksum()
    {
        return checksum;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
