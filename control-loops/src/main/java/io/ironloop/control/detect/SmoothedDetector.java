package io.ironloop.control.detect;

/**
 * Exponentially smooths each channel ({@code s = s + alpha (x - s)}) before an inner detector learns or scores
 * it: a sustained shift stands out of the noise by a factor of about {@code sqrt((2 - alpha)/alpha)}. Missing
 * values leave the smoothed value unchanged (and stay missing until a channel's first value arrives).
 */
public final class SmoothedDetector implements Detector
{
    private final Detector inner;
    private final double alpha;
    private final double[] smoothed;
    private final double[] learnedSum;
    private final long[] learnedCount;
    private boolean learning = true;

    public SmoothedDetector(final Detector inner, final double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new IllegalArgumentException("smoothing alpha must be in (0, 1], got " + alpha);
        }
        this.inner = inner;
        this.alpha = alpha;
        this.smoothed = new double[inner.channels()];
        this.learnedSum = new double[inner.channels()];
        this.learnedCount = new long[inner.channels()];
        java.util.Arrays.fill(smoothed, Double.NaN);
    }

    private double[] filter(final double[] row)
    {
        for (int c = 0; c < smoothed.length; c++)
        {
            final double v = row[c];
            if (Double.isFinite(v))
            {
                smoothed[c] = Double.isNaN(smoothed[c]) ? v : smoothed[c] + alpha * (v - smoothed[c]);
            }
        }
        return smoothed;
    }

    @Override
    public String name()
    {
        return "ewma-" + inner.name();
    }

    @Override
    public int channels()
    {
        return inner.channels();
    }

    @Override
    public void learn(final double[] row)
    {
        if (learning)
        {
            for (int c = 0; c < smoothed.length; c++)
            {
                if (Double.isFinite(row[c]))
                {
                    learnedSum[c] += row[c];
                    learnedCount[c]++;
                }
            }
            inner.learn(filter(row));
        }
    }

    @Override
    public void finishLearning() throws DetectorLearningException
    {
        inner.finishLearning();
        learning = false;
    }

    @Override
    public boolean learned()
    {
        return inner.learned();
    }

    @Override
    public double score(final double[] row)
    {
        return inner.score(filter(row));
    }

    @Override
    public double threshold()
    {
        return inner.threshold();
    }

    @Override
    public void contributions(final double[] out)
    {
        inner.contributions(out);
    }

    /**
     * Starts the smoothed state again at the learned mean of each channel (a new, independent run). Between
     * learning and the first score the state simply continues, as on the machine.
     */
    @Override
    public void resetScoring()
    {
        for (int c = 0; c < smoothed.length; c++)
        {
            smoothed[c] = learnedCount[c] > 0 ? learnedSum[c] / learnedCount[c] : Double.NaN;
        }
        inner.resetScoring();
    }
}
