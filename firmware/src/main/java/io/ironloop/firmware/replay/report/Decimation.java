package io.ironloop.firmware.replay.report;

/**
 * Thins a series for plotting: the samples split into equal buckets by index, and each bucket keeps
 * its lowest and its highest sample, in time order, so a one-sample spike survives any ratio. Not a
 * number (a gap) is kept as one gap per bucket that holds only gaps, so the plot breaks the line there.
 */
final class Decimation
{
    /** The points of a thinned series. */
    record Points(double[] timesSec, double[] values)
    {
        int size()
        {
            return timesSec.length;
        }
    }

    private Decimation()
    {
    }

    /** At most {@code maxPoints} points (at least 2) of the series {@code times}, {@code values}. */
    static Points minMax(final double[] times, final double[] values, final int maxPoints)
    {
        final int n = Math.min(times.length, values.length);
        if (n <= maxPoints)
        {
            return new Points(java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(values, n));
        }
        final int buckets = Math.max(1, maxPoints / 2);
        final double[] outTimes = new double[buckets * 2];
        final double[] outValues = new double[buckets * 2];
        int out = 0;
        for (int b = 0; b < buckets; b++)
        {
            final int from = (int)((long)b * n / buckets);
            final int to = (int)((long)(b + 1) * n / buckets);
            int lo = -1;
            int hi = -1;
            for (int i = from; i < to; i++)
            {
                final double v = values[i];
                if (Double.isNaN(v))
                {
                    continue;
                }
                if (lo < 0 || v < values[lo])
                {
                    lo = i;
                }
                if (hi < 0 || v > values[hi])
                {
                    hi = i;
                }
            }
            if (lo < 0)
            {
                outTimes[out] = times[from];
                outValues[out++] = Double.NaN;
                continue;
            }
            final int first = Math.min(lo, hi);
            final int second = Math.max(lo, hi);
            outTimes[out] = times[first];
            outValues[out++] = values[first];
            if (second != first)
            {
                outTimes[out] = times[second];
                outValues[out++] = values[second];
            }
        }
        return new Points(java.util.Arrays.copyOf(outTimes, out), java.util.Arrays.copyOf(outValues, out));
    }
}
