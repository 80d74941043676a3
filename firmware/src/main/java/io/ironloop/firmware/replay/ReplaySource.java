package io.ironloop.firmware.replay;

import io.ironloop.control.recording.RecordingReader;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.recording.CsvRecordingReader;
import io.ironloop.firmware.recording.RecordingMapping;
import io.ironloop.firmware.recording.RecordingMappingLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The rows a replay feeds: a binary recording (memory-mapped, every block's CRC checked when opened) or
 * a CSV file through its mapping (read whole before the replay starts, so a bad cell refuses the
 * scenario before anything runs). {@link #next(double[])} allocates nothing.
 */
abstract class ReplaySource implements AutoCloseable
{
    abstract String[] names();

    abstract double rateHz();

    abstract long rows();

    abstract boolean next(double[] row);

    @Override
    public abstract void close();

    int channel(final String name)
    {
        return Arrays.asList(names()).indexOf(name);
    }

    /** Opens {@code file}: a CSV through {@code mapping}, or a binary recording when {@code mapping} is null. */
    static ReplaySource open(final Path file, final Path mapping, final long maxRows) throws IOException, ConfigException
    {
        return open(file, mapping, maxRows, false);
    }

    /**
     * As {@link #open(Path, Path, long)}; with {@code keepTimes} a CSV keeps every replayed row's timestamp and the
     * earliest and latest timestamp of the whole file ({@link Timed}), for labels given by time (NAB's windows).
     */
    static ReplaySource open(final Path file, final Path mapping, final long maxRows, final boolean keepTimes)
        throws IOException, ConfigException
    {
        if (mapping == null)
        {
            return new Binary(RecordingReader.open(file), maxRows);
        }
        final RecordingMapping map = RecordingMappingLoader.load(mapping);
        if (keepTimes && map.timestamp() == null)
        {
            // Before the file is read, not after.
            throw new io.ironloop.firmware.recording.CsvRecordingException(mapping.toString(), 1,
                "labels by time (NAB windows) need a timestamp column: the mapping has no 'timestamp'");
        }
        try (CsvRecordingReader reader = CsvRecordingReader.open(file, map))
        {
            final int channels = reader.names().length;
            double[] values = new double[channels * 1024];
            long[] times = keepTimes ? new long[1024] : null;
            long earliestNs = Long.MAX_VALUE;
            long latestNs = Long.MIN_VALUE;
            final double[] row = new double[channels];
            int rows = 0;
            final java.util.Map<Long, long[]> steps = new java.util.HashMap<>();
            long previousNs = 0;
            while (rows < maxRows && reader.next(row))
            {
                final long stepNs = reader.lastEpochNs() - previousNs;
                if (rows > 0 && stepNs > 0 && (steps.size() < 64 || steps.containsKey(stepNs)))
                {
                    steps.computeIfAbsent(stepNs, k -> new long[1])[0]++;
                }
                previousNs = reader.lastEpochNs();
                if ((rows + 1) * channels > values.length)
                {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                System.arraycopy(row, 0, values, rows * channels, channels);
                if (times != null)
                {
                    if (rows == times.length)
                    {
                        times = Arrays.copyOf(times, rows * 2);
                    }
                    times[rows] = reader.lastEpochNs();
                    earliestNs = Math.min(earliestNs, reader.lastEpochNs());
                    latestNs = Math.max(latestNs, reader.lastEpochNs());
                }
                rows++;
            }
            while (times != null && reader.next(row))
            {
                // Past the replayed part: only the file's time span, for a window that lies outside the whole recording.
                earliestNs = Math.min(earliestNs, reader.lastEpochNs());
                latestNs = Math.max(latestNs, reader.lastEpochNs());
            }
            double rate = map.rateHz();
            if (Double.isNaN(rate))
            {
                // As ironloop convert does: the most common positive step (ties to the shorter), so gaps and repeats do not bend it.
                long best = 0;
                long bestCount = 0;
                for (final java.util.Map.Entry<Long, long[]> entry : steps.entrySet())
                {
                    if (entry.getValue()[0] > bestCount || entry.getValue()[0] == bestCount && entry.getKey() < best)
                    {
                        best = entry.getKey();
                        bestCount = entry.getValue()[0];
                    }
                }
                if (best == 0)
                {
                    throw new io.ironloop.firmware.recording.CsvRecordingException(file.toString(), reader.line(),
                        "cannot take the rate from the timestamps (fewer than two increasing ones): declare 'rateHz' in the mapping");
                }
                rate = 1e9 / best;
            }
            if (times != null)
            {
                return new Timed(reader.names().clone(), rate, values, rows, Arrays.copyOf(times, rows), earliestNs, latestNs,
                    map.timestamp().zone());
            }
            return new Memory(reader.names().clone(), rate, values, rows);
        }
    }

    /**
     * A CSV's rows with each row's timestamp (epoch ns, in file order: they may repeat or go back) and the time span
     * of the whole file, including rows past the replayed part; {@link #labelled} adds a label channel by time.
     */
    static final class Timed extends Memory
    {
        final long[] epochNs;
        final long earliestNs;
        final long latestNs;
        final java.time.ZoneId zone;

        Timed(final String[] names, final double rateHz, final double[] values, final int rows, final long[] epochNs,
              final long earliestNs, final long latestNs, final java.time.ZoneId zone)
        {
            super(names, rateHz, values, rows);
            this.epochNs = epochNs;
            this.earliestNs = earliestNs;
            this.latestNs = latestNs;
            this.zone = zone;
        }

        /** These rows with one more channel, {@code name}: 1 where {@code label[row]}, else 0. */
        ReplaySource labelled(final String name, final boolean[] label)
        {
            final String[] names = Arrays.copyOf(names(), names().length + 1);
            names[names.length - 1] = name;
            final int channels = names().length;
            final double[] values = new double[rows() == 0 ? 0 : (int)rows() * names.length];
            final double[] row = new double[channels];
            for (int i = 0; next(row); i++)
            {
                System.arraycopy(row, 0, values, i * names.length, channels);
                values[i * names.length + channels] = label[i] ? 1.0 : 0.0;
            }
            return new Memory(names, rateHz(), values, (int)rows());
        }
    }

    /** A source over rows held in memory (generated recordings, tests, preloaded CSV). */
    static ReplaySource memory(final String[] names, final double rateHz, final double[] values, final int rows)
    {
        return new Memory(names, rateHz, values, rows);
    }

    private static final class Binary extends ReplaySource
    {
        private final RecordingReader reader;
        private final long rows;

        Binary(final RecordingReader reader, final long maxRows)
        {
            this.reader = reader;
            this.rows = Math.min(maxRows, reader.header().rowCount());
        }

        @Override
        String[] names()
        {
            return reader.header().names().toArray(new String[0]);
        }

        @Override
        double rateHz()
        {
            return reader.header().rateHz();
        }

        @Override
        long rows()
        {
            return rows;
        }

        @Override
        boolean next(final double[] row)
        {
            return reader.position() < rows && reader.next(row);
        }

        @Override
        public void close()
        {
            reader.close();
        }
    }

    private static class Memory extends ReplaySource
    {
        private final String[] names;
        private final double rateHz;
        private final double[] values;
        private final int rows;
        private final int channels;
        private int at;

        Memory(final String[] names, final double rateHz, final double[] values, final int rows)
        {
            this.names = names;
            this.rateHz = rateHz;
            this.values = values;
            this.rows = rows;
            this.channels = names.length;
        }

        @Override
        String[] names()
        {
            return names;
        }

        @Override
        double rateHz()
        {
            return rateHz;
        }

        @Override
        long rows()
        {
            return rows;
        }

        @Override
        boolean next(final double[] row)
        {
            if (at >= rows)
            {
                return false;
            }
            System.arraycopy(values, at * channels, row, 0, channels);
            at++;
            return true;
        }

        @Override
        public void close()
        {
        }
    }

    /**
     * {@code first}'s rows, then {@code second}'s (a healthy recording to learn from before the one under test),
     * at most {@code maxRows} in all. Refuses two recordings whose channels or rates differ.
     */
    static ReplaySource concat(final ReplaySource first, final ReplaySource second, final long maxRows, final String firstName)
    {
        if (!Arrays.equals(first.names(), second.names()) || Math.abs(first.rateHz() - second.rateHz()) > 1e-6 * second.rateHz())
        {
            final String message = firstName + ": 'learnFrom' has channels " + Arrays.toString(first.names()) + " at " + first.rateHz()
                + " Hz; the recording has " + Arrays.toString(second.names()) + " at " + second.rateHz() + " Hz";
            first.close();
            second.close();
            throw new IllegalArgumentException(message);
        }
        return new Concatenated(first, second, maxRows);
    }

    private static final class Concatenated extends ReplaySource
    {
        private final ReplaySource first;
        private final ReplaySource second;
        private final long rows;
        private long at;
        private boolean onSecond;

        Concatenated(final ReplaySource first, final ReplaySource second, final long maxRows)
        {
            this.first = first;
            this.second = second;
            this.rows = Math.min(maxRows, first.rows() + second.rows());
        }

        @Override
        String[] names()
        {
            return second.names();
        }

        @Override
        double rateHz()
        {
            return second.rateHz();
        }

        @Override
        long rows()
        {
            return rows;
        }

        @Override
        boolean next(final double[] row)
        {
            if (at >= rows)
            {
                return false;
            }
            if (!onSecond && first.next(row))
            {
                at++;
                return true;
            }
            onSecond = true;
            if (second.next(row))
            {
                at++;
                return true;
            }
            return false;
        }

        @Override
        public void close()
        {
            first.close();
            second.close();
        }
    }
}
