package io.ironloop.control.detect;

/**
 * Multivariate PCA with Hotelling T² and Q (SPE) on a shrunk correlation matrix (see {@link PcaModel}).
 * Learning drops rows with a missing value; scoring takes a missing value as the learned mean.
 */
public final class PcaDetector extends LearningDetector
{
    private final double shrinkage;
    private final double varianceFraction;
    private PcaModel model;

    /**
     * @param shrinkage        weight of the identity in the shrunk correlation matrix, in [0, 1), or -1: estimated from the
     *                         learning rows (see {@link PcaModel}).
     * @param varianceFraction share of variance the retained components explain, in (0, 1].
     */
    public PcaDetector(final String[] channelNames, final double shrinkage, final double varianceFraction,
        final ThresholdRule rule, final int minSamples)
    {
        super(channelNames, rule, minSamples);
        if (!(shrinkage == PcaModel.ESTIMATED || shrinkage >= 0 && shrinkage < 1) || !(varianceFraction > 0 && varianceFraction <= 1))
        {
            throw new IllegalArgumentException("PCA needs 0 <= shrinkage < 1 (or -1: estimated) and 0 < varianceFraction <= 1");
        }
        this.shrinkage = shrinkage;
        this.varianceFraction = varianceFraction;
    }

    @Override
    public String name()
    {
        return "pca";
    }

    @Override
    void fit(final double[][] rows, final int from, final int to) throws DetectorLearningException
    {
        final double[][] complete = complete(rows, from, to);
        final double[][] m = moments(complete, channels, "");
        model = PcaModel.fit(complete, m[0], m[1], shrinkage, varianceFraction);
    }

    @Override
    double scoreFitted(final double[] row)
    {
        return model.score(row);
    }

    /** Hotelling T² of the last scored sample. */
    public double lastT2()
    {
        return model == null ? 0 : model.lastT2();
    }

    /** Q (SPE) of the last scored sample. */
    public double lastQ()
    {
        return model == null ? 0 : model.lastQ();
    }

    /** Retained principal components (0 before learning). */
    public int components()
    {
        return model == null ? 0 : model.components;
    }

    @Override
    public void contributions(final double[] out)
    {
        if (model == null)
        {
            java.util.Arrays.fill(out, 0, channels, 0.0);
            return;
        }
        model.contributions(out);
    }

    @Override
    public void resetScoring()
    {
    }
}
