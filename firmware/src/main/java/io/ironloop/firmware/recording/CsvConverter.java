package io.ironloop.firmware.recording;

import io.ironloop.control.recording.RecordingWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Converts a CSV file into a binary recording through its mapping. */
public final class CsvConverter
{
    /** Distinct timestamp steps tracked when the rate is taken from the data; real files have a handful. */
    private static final int MAX_DISTINCT_STEPS = 10_000;

    /** What a conversion produced. */
    public record Result(long rows, int channels, double rateHz, boolean rateFromTimestamps, long startEpochNs)
    {
    }

    private CsvConverter()
    {
    }

    /**
     * Converts {@code csv} into {@code out}. On bad input nothing is left at {@code out} (the writer's
     * partial file is removed) and the exception names {@code file:line}.
     */
    public static Result convert(final Path csv, final RecordingMapping mapping, final Path out) throws IOException
    {
        try (CsvRecordingReader reader = CsvRecordingReader.open(csv, mapping))
        {
            final boolean rateFromTimestamps = Double.isNaN(mapping.rateHz());
            final RecordingWriter writer = RecordingWriter.create(out, reader.names(), reader.units(),
                rateFromTimestamps ? 1.0 : mapping.rateHz());
            try
            {
                final double[] row = new double[reader.names().length];
                final Map<Long, long[]> steps = new HashMap<>();
                long previousNs = 0;
                while (reader.next(row))
                {
                    writer.append(row);
                    if (rateFromTimestamps)
                    {
                        final long stepNs = reader.lastEpochNs() - previousNs;
                        if (reader.rowCount() > 1 && stepNs > 0 && (steps.size() < MAX_DISTINCT_STEPS || steps.containsKey(stepNs)))
                        {
                            steps.computeIfAbsent(stepNs, k -> new long[1])[0]++;
                        }
                        previousNs = reader.lastEpochNs();
                    }
                }
                double rateHz = mapping.rateHz();
                if (rateFromTimestamps)
                {
                    rateHz = 1e9 / mostCommon(steps, csv, reader.line());
                    writer.rateHz(rateHz);
                }
                writer.startEpochNs(reader.firstEpochNs());
                writer.close();
                return new Result(writer.rowCount(), writer.channelCount(), rateHz, rateFromTimestamps, reader.firstEpochNs());
            }
            catch (final IOException | RuntimeException ex)
            {
                writer.abandon();
                throw ex;
            }
        }
    }

    /**
     * The most common positive step between consecutive timestamps: the nominal period even with gaps,
     * repeats and steps back (NAB); ties go to the shorter step.
     */
    private static long mostCommon(final Map<Long, long[]> steps, final Path csv, final long line)
        throws CsvRecordingException
    {
        long best = -1;
        long bestCount = 0;
        for (final Map.Entry<Long, long[]> entry : steps.entrySet())
        {
            final long count = entry.getValue()[0];
            if (count > bestCount || (count == bestCount && entry.getKey() < best))
            {
                best = entry.getKey();
                bestCount = count;
            }
        }
        if (best <= 0)
        {
            throw new CsvRecordingException(csv.toString(), line,
                "cannot take the rate from the timestamps (fewer than two increasing ones): declare 'rateHz' in the mapping");
        }
        return best;
    }
}
