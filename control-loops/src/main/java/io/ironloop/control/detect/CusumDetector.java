package io.ironloop.control.detect;

import java.util.Arrays;

/**
 * Two-sided CUSUM per channel on the value standardized by the learning mean and deviation:
 * {@code S⁺ = max(0, S⁺ + z - k)}, {@code S⁻ = max(0, S⁻ - z - k)}; the score is the largest sum over channels,
 * the contributions each channel's larger sum. {@code k} is the allowance in standard deviations (half the
 * shift to detect). A missing value adds nothing (z = 0 still subtracts the allowance).
 */
public final class CusumDetector extends LearningDetector
{
    private final double allowance;
    private double[] mean;
    private double[] std;
    private final double[] up;
    private final double[] down;

    public CusumDetector(final String[] channelNames, final double allowance, final ThresholdRule rule, final int minSamples)
    {
        super(channelNames, rule, minSamples);
        if (!(allowance >= 0))
        {
            throw new IllegalArgumentException("CUSUM allowance must not be negative");
        }
        this.allowance = allowance;
        up = new double[channels];
        down = new double[channels];
    }

    @Override
    public String name()
    {
        return "cusum";
    }

    @Override
    void fit(final double[][] rows, final int from, final int to) throws DetectorLearningException
    {
        final double[][] m = moments(complete(rows, from, to), channels, "");
        mean = m[0];
        std = m[1];
    }

    @Override
    double scoreFitted(final double[] row)
    {
        double max = 0;
        for (int c = 0; c < channels; c++)
        {
            final double v = row[c];
            final double zc = Double.isFinite(v) ? (v - mean[c]) / std[c] : 0.0;
            up[c] = Math.max(0, up[c] + zc - allowance);
            down[c] = Math.max(0, down[c] - zc - allowance);
            max = Math.max(max, Math.max(up[c], down[c]));
        }
        return max;
    }

    @Override
    public void contributions(final double[] out)
    {
        for (int c = 0; c < channels; c++)
        {
            out[c] = Math.max(up[c], down[c]);
        }
    }

    @Override
    public void resetScoring()
    {
        Arrays.fill(up, 0.0);
        Arrays.fill(down, 0.0);
    }
}
