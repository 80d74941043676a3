package io.ironloop.control.detect;

import java.util.Arrays;

/**
 * What every detector here shares: the learning set (copies of the learned rows), the threshold from
 * {@link ThresholdRule}, the not-yet-learned state. Subclasses fit a model to a span of learning rows and
 * score one row, allocation-free.
 */
abstract class LearningDetector implements Detector
{
    protected final int channels;
    private final String[] channelNames;
    private final ThresholdRule rule;
    protected final int minSamples;
    private double[][] rows = new double[256][];
    private int count;
    private boolean learned;
    private boolean fitted;
    private double threshold = Double.POSITIVE_INFINITY;

    LearningDetector(final String[] channelNames, final ThresholdRule rule, final int minSamples)
    {
        if (channelNames.length == 0)
        {
            throw new IllegalArgumentException("a detector needs at least one channel");
        }
        if (minSamples < 2)
        {
            throw new IllegalArgumentException("minSamples must be at least 2, got " + minSamples);
        }
        this.channels = channelNames.length;
        this.channelNames = channelNames.clone();
        this.rule = rule;
        this.minSamples = minSamples;
    }

    @Override
    public final int channels()
    {
        return channels;
    }

    /** Name of channel {@code c} for messages. */
    protected final String channelName(final int c)
    {
        return "channel " + (c + 1) + " '" + channelNames[c] + "'";
    }

    @Override
    public final void learn(final double[] row)
    {
        if (learned)
        {
            return;
        }
        if (row.length != channels)
        {
            throw new IllegalArgumentException(name() + ": a row has " + row.length + " values, the detector " + channels);
        }
        if (count == rows.length)
        {
            rows = Arrays.copyOf(rows, rows.length * 2);
        }
        rows[count++] = row.clone();
    }

    /** Number of rows learned so far (with or without missing values). */
    public final int learnedRows()
    {
        return count;
    }

    @Override
    public final void finishLearning() throws DetectorLearningException
    {
        if (learned)
        {
            return;
        }
        final double[][] all = Arrays.copyOf(rows, count);
        final double[] scores = new double[count];
        int scored = 0;
        if (rule.holdoutFraction() > 0)
        {
            final int tail = (int)Math.round(count * rule.holdoutFraction());
            final int head = count - tail;
            if (head < minSamples || tail < 2)
            {
                throw new DetectorLearningException(name() + ": " + count + " learning samples are too few to hold "
                    + Math.round(rule.holdoutFraction() * 100) + " % out (needs " + minSamples + " to fit and 2 held out)");
            }
            fit(all, 0, head);
            fitted = true;
            resetScoring();
            for (int i = 0; i < head; i++)
            {
                scoreFitted(all[i]); // brings stateful detectors (lags, sums) to where the tail starts
            }
            for (int i = head; i < count; i++)
            {
                scores[scored++] = scoreFitted(all[i]);
            }
        }
        fit(all, 0, count);
        fitted = true;
        resetScoring();
        if (rule.holdoutFraction() == 0)
        {
            for (int i = 0; i < count; i++)
            {
                scores[scored++] = scoreFitted(all[i]);
            }
        }
        threshold = rule.threshold(scores, scored);
        resetScoring();
        learned = true;
        rows = new double[0][];
    }

    @Override
    public final boolean learned()
    {
        return learned;
    }

    @Override
    public final double score(final double[] row)
    {
        return fitted ? scoreFitted(row) : 0.0;
    }

    @Override
    public final double threshold()
    {
        return threshold;
    }

    /** Fits the model to {@code rows[from, to)}; may allocate. Rows may hold NaN (missing) values. */
    abstract void fit(double[][] rows, int from, int to) throws DetectorLearningException;

    /** Scores one row with the fitted model. Allocation-free. */
    abstract double scoreFitted(double[] row);

    /** Rows of {@code rows[from, to)} without a missing value. */
    static double[][] complete(final double[][] rows, final int from, final int to)
    {
        final double[][] kept = new double[to - from][];
        int n = 0;
        for (int i = from; i < to; i++)
        {
            if (isComplete(rows[i]))
            {
                kept[n++] = rows[i];
            }
        }
        return Arrays.copyOf(kept, n);
    }

    static boolean isComplete(final double[] row)
    {
        for (final double v : row)
        {
            if (!Double.isFinite(v))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Mean and standard deviation per column of complete rows; a column whose spread is negligible against its
     * level is a constant channel and an error, as are too few rows.
     */
    final double[][] moments(final double[][] complete, final int width, final String what) throws DetectorLearningException
    {
        if (complete.length < minSamples)
        {
            throw new DetectorLearningException(name() + ": " + complete.length + " complete learning samples" + what
                + ", at least " + minSamples + " are needed");
        }
        final double[] mean = new double[width];
        final double[] std = new double[width];
        for (final double[] row : complete)
        {
            for (int c = 0; c < width; c++)
            {
                mean[c] += row[c];
            }
        }
        for (int c = 0; c < width; c++)
        {
            mean[c] /= complete.length;
        }
        for (final double[] row : complete)
        {
            for (int c = 0; c < width; c++)
            {
                final double d = row[c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < width; c++)
        {
            std[c] = Math.sqrt(std[c] / (complete.length - 1));
            if (!(std[c] > 1e-12 * Math.max(1.0, Math.abs(mean[c]))))
            {
                throw new DetectorLearningException(name() + ": " + channelName(c % channels) + " is constant over the "
                    + complete.length + " learning samples (" + mean[c] + "); remove it from the detector or learn longer");
            }
        }
        return new double[][] {mean, std};
    }
}
