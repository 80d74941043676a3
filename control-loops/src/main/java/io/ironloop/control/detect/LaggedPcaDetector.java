package io.ironloop.control.detect;

/**
 * Dynamic PCA for processes with memory: PCA (T² + Q, shrunk) on the augmented vector
 * {@code [x(t), x(t-1), ..., x(t-lags)]}. Learning uses only windows of {@code lags + 1} consecutive complete
 * rows; scoring keeps the last {@code lags} rows in a preallocated ring (before it is full, the oldest rows are
 * the first row repeated). Contributions are summed over the lags of each channel.
 */
public final class LaggedPcaDetector extends LearningDetector
{
    private final int lags;
    private final double shrinkage;
    private final double varianceFraction;
    private final double[] augmented;
    private final double[] history;
    private final double[] augmentedContributions;
    private int filled;
    private int head;
    private PcaModel model;

    public LaggedPcaDetector(final String[] channelNames, final int lags, final double shrinkage, final double varianceFraction,
        final ThresholdRule rule, final int minSamples)
    {
        super(channelNames, rule, minSamples);
        if (lags < 1 || !(shrinkage == PcaModel.ESTIMATED || shrinkage >= 0 && shrinkage < 1) || !(varianceFraction > 0 && varianceFraction <= 1))
        {
            throw new IllegalArgumentException("lagged PCA needs lags >= 1, 0 <= shrinkage < 1 (or -1: estimated), 0 < varianceFraction <= 1");
        }
        this.lags = lags;
        this.shrinkage = shrinkage;
        this.varianceFraction = varianceFraction;
        this.augmented = new double[channels * (lags + 1)];
        this.augmentedContributions = new double[channels * (lags + 1)];
        this.history = new double[channels * lags];
    }

    @Override
    public String name()
    {
        return "dpca";
    }

    @Override
    void fit(final double[][] rows, final int from, final int to) throws DetectorLearningException
    {
        final int width = channels * (lags + 1);
        final double[][] windows = new double[Math.max(0, to - from - lags)][];
        int n = 0;
        for (int i = from + lags; i < to; i++)
        {
            boolean complete = true;
            for (int l = 0; l <= lags && complete; l++)
            {
                complete = isComplete(rows[i - l]);
            }
            if (!complete)
            {
                continue;
            }
            final double[] w = new double[width];
            for (int l = 0; l <= lags; l++)
            {
                System.arraycopy(rows[i - l], 0, w, l * channels, channels);
            }
            windows[n++] = w;
        }
        final double[][] complete = java.util.Arrays.copyOf(windows, n);
        final double[][] m = moments(complete, width, " windows of " + (lags + 1) + " consecutive rows");
        model = PcaModel.fit(complete, m[0], m[1], shrinkage, varianceFraction);
    }

    @Override
    double scoreFitted(final double[] row)
    {
        if (filled == 0)
        {
            for (int l = 0; l < lags; l++)
            {
                System.arraycopy(row, 0, history, l * channels, channels);
            }
            filled = lags;
            head = 0;
        }
        System.arraycopy(row, 0, augmented, 0, channels);
        // history slot (head - 1 - l) mod lags holds x(t - 1 - l)
        for (int l = 0; l < lags; l++)
        {
            final int slot = Math.floorMod(head - 1 - l, lags);
            System.arraycopy(history, slot * channels, augmented, (l + 1) * channels, channels);
        }
        System.arraycopy(row, 0, history, head * channels, channels);
        head = (head + 1) % lags;
        return model.score(augmented);
    }

    @Override
    public void contributions(final double[] out)
    {
        java.util.Arrays.fill(out, 0, channels, 0.0);
        if (model == null)
        {
            return;
        }
        model.contributions(augmentedContributions);
        for (int i = 0; i < augmentedContributions.length; i++)
        {
            out[i % channels] += augmentedContributions[i];
        }
    }

    @Override
    public void resetScoring()
    {
        filled = 0;
        head = 0;
    }
}
