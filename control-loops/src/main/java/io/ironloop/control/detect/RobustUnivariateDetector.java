package io.ironloop.control.detect;

import java.util.Arrays;

/**
 * Per-channel robust z-scores {@code |x - median| / (1.4826 MAD)}; the score is the largest. Missing values are
 * left out of each channel's median and MAD separately. A channel whose MAD is zero falls back to
 * 1.2533 × mean absolute deviation; if that is zero too the channel is constant: an error.
 */
public final class RobustUnivariateDetector extends LearningDetector
{
    private final double[] median;
    private final double[] scale;
    private final double[] last;

    public RobustUnivariateDetector(final String[] channelNames, final ThresholdRule rule, final int minSamples)
    {
        super(channelNames, rule, minSamples);
        median = new double[channels];
        scale = new double[channels];
        last = new double[channels];
    }

    @Override
    public String name()
    {
        return "mad";
    }

    @Override
    void fit(final double[][] rows, final int from, final int to) throws DetectorLearningException
    {
        final double[] values = new double[to - from];
        for (int c = 0; c < channels; c++)
        {
            int n = 0;
            for (int i = from; i < to; i++)
            {
                final double v = rows[i][c];
                if (Double.isFinite(v))
                {
                    values[n++] = v;
                }
            }
            if (n < minSamples)
            {
                throw new DetectorLearningException(name() + ": " + channelName(c) + " has " + n
                    + " usable learning samples, at least " + minSamples + " are needed");
            }
            final double[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            final double med = ThresholdRule.quantileOfSorted(sorted, 0.5);
            double meanAbs = 0;
            for (int i = 0; i < n; i++)
            {
                sorted[i] = Math.abs(sorted[i] - med);
                meanAbs += sorted[i];
            }
            Arrays.sort(sorted);
            double s = 1.4826 * ThresholdRule.quantileOfSorted(sorted, 0.5);
            if (!(s > 1e-12 * Math.max(1.0, Math.abs(med))))
            {
                s = 1.2533 * meanAbs / n;
            }
            if (!(s > 1e-12 * Math.max(1.0, Math.abs(med))))
            {
                throw new DetectorLearningException(name() + ": " + channelName(c) + " is constant over the " + n
                    + " learning samples (" + med + "); remove it from the detector or learn longer");
            }
            median[c] = med;
            scale[c] = s;
        }
    }

    @Override
    double scoreFitted(final double[] row)
    {
        double max = 0;
        for (int c = 0; c < channels; c++)
        {
            final double v = row[c];
            final double zc = Double.isFinite(v) ? Math.abs(v - median[c]) / scale[c] : 0.0;
            last[c] = zc;
            max = Math.max(max, zc);
        }
        return max;
    }

    @Override
    public void contributions(final double[] out)
    {
        System.arraycopy(last, 0, out, 0, channels);
    }

    @Override
    public void resetScoring()
    {
        Arrays.fill(last, 0.0);
    }
}
