package io.ironloop.control.detect;

import java.util.Arrays;

/**
 * How a detector turns the scores of learning samples into its alarm threshold:
 * {@code threshold = quantile(scores, quantile) * factor}. With {@code holdoutFraction > 0} the model is first
 * fitted on the leading part of the learning samples and the quantile is taken over the scores of the held-out
 * tail (scores of samples the model has not seen, so not optimistically small); the final model is then fitted
 * on all of them. Nothing here looks at scored data.
 */
public record ThresholdRule(double quantile, double factor, double holdoutFraction)
{
    /** 99.5 % quantile of in-sample scores, times 1. */
    public static final ThresholdRule DEFAULT = new ThresholdRule(0.995, 1.0, 0.0);

    public ThresholdRule
    {
        if (!(quantile > 0 && quantile <= 1) || !(factor > 0) || !(holdoutFraction >= 0 && holdoutFraction < 0.9))
        {
            throw new IllegalArgumentException("threshold rule needs 0 < quantile <= 1, factor > 0, 0 <= holdout < 0.9; got "
                + quantile + ", " + factor + ", " + holdoutFraction);
        }
    }

    /** The threshold for these scores (at least the smallest positive double, so that 0 never alarms). */
    public double threshold(final double[] scores, final int count)
    {
        final double[] sorted = Arrays.copyOf(scores, count);
        Arrays.sort(sorted);
        return Math.max(Double.MIN_NORMAL, quantileOfSorted(sorted, quantile) * factor);
    }

    /** Linear-interpolated quantile of a sorted array. */
    static double quantileOfSorted(final double[] sorted, final double q)
    {
        if (sorted.length == 0)
        {
            return 0;
        }
        final double pos = q * (sorted.length - 1);
        final int lo = (int)Math.floor(pos);
        final int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
