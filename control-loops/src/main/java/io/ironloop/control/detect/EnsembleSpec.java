package io.ironloop.control.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Which detectors an ensemble holds and with what parameters, so that an evaluation, a benchmark and an
 * advisor build the same thing. A member is left out when its switch is off ({@code lags = 0},
 * {@code msetMemory = 0}, {@code cusumAllowance < 0}, {@code pca / mad = false}).
 *
 * @param minSamples       fewest complete learning samples a member accepts.
 * @param pca              PCA T² + Q on the current sample.
 * @param lags             lagged PCA with this many lags (0: none).
 * @param shrinkage        correlation shrinkage of both PCAs, in [0, 1), or {@link #ESTIMATED_SHRINKAGE}: estimated
 *                         from each PCA's own learning rows (Schäfer-Strimmer).
 * @param varianceFraction variance the PCA components keep.
 * @param msetMemory       MSET memory states (0: none).
 * @param mad              robust median/MAD per channel.
 * @param cusumAllowance   CUSUM allowance in standard deviations (negative: none).
 * @param threshold        every member's threshold rule.
 * @param alarm            the ensemble's alarm rule.
 * @param combine          how normalized member scores combine.
 * @param smoothing        below 1: the PCA and MAD members get a second copy on exponentially smoothed input with
 *                         this weight per new sample (sustained small shifts, slow drifts); 1: none.
 */
public record EnsembleSpec(
    int minSamples, boolean pca, int lags, double shrinkage, double varianceFraction, int msetMemory, boolean mad,
    double cusumAllowance, ThresholdRule threshold, AlarmRule alarm, DetectorEnsemble.Combine combine, double smoothing)
{
    /** A {@code shrinkage} that asks each PCA to estimate its own from its learning rows. */
    public static final double ESTIMATED_SHRINKAGE = PcaModel.ESTIMATED;

    /**
     * The ensemble an advisor learns on the machine by default (model {@code ensemble}): PCA T² + Q, lagged PCA with
     * two lags and median/MAD, max-combined; threshold 2 × the 99 % quantile of held-out learning scores, clear after
     * 10 samples. Chosen by the first cross-validation over the SKAB files (docs/DETECTION.md); it works from 100
     * learning samples.
     */
    public static final EnsembleSpec DEFAULT = new EnsembleSpec(50, true, 2, 0.05, 0.90, 0, true, -1,
        new ThresholdRule(0.99, 2.0, 0.25), new AlarmRule(1.0, 0.8, 3, 10), DetectorEnsemble.Combine.MAX, 1.0);

    /**
     * The ensemble {@code eval skab} scores and an advisor gets with {@code detectors: smoothed}: PCA T² + Q and
     * median/MAD on the samples and a second copy of each on exponentially smoothed samples (α = 0.1), max-combined;
     * threshold 3 × the 99 % quantile of held-out learning scores, clear after 10 samples. It is the choice the
     * cross-validation procedure over the SKAB files (grid v2) makes when run on all of them; the score to quote is
     * the cross-validated one ({@code eval skab --cross-validate}, docs/DETECTION.md). Its smoothed copies need at
     * least 400 learning samples (their thresholds come from autocorrelated held-out scores).
     */
    public static final EnsembleSpec SMOOTHED = new EnsembleSpec(50, true, 0, 0.05, 0.90, 0, true, -1,
        new ThresholdRule(0.99, 3.0, 0.25), new AlarmRule(1.0, 0.8, 3, 10), DetectorEnsemble.Combine.MAX, 0.1);

    /** Builds a fresh, unlearned ensemble on these channels. */
    public DetectorEnsemble build(final String[] channelNames)
    {
        final List<Detector> members = new ArrayList<>();
        if (pca)
        {
            members.add(new PcaDetector(channelNames, shrinkage, varianceFraction, threshold, minSamples));
        }
        if (lags > 0)
        {
            members.add(new LaggedPcaDetector(channelNames, lags, shrinkage, varianceFraction, threshold, minSamples));
        }
        if (msetMemory > 0)
        {
            members.add(new MsetDetector(channelNames, msetMemory, 1e-3, threshold, minSamples));
        }
        if (mad)
        {
            members.add(new RobustUnivariateDetector(channelNames, threshold, minSamples));
        }
        if (cusumAllowance >= 0)
        {
            members.add(new CusumDetector(channelNames, cusumAllowance, threshold, minSamples));
        }
        if (smoothing < 1)
        {
            if (pca)
            {
                members.add(new SmoothedDetector(new PcaDetector(channelNames, shrinkage, varianceFraction, threshold, minSamples), smoothing));
            }
            if (mad)
            {
                members.add(new SmoothedDetector(new RobustUnivariateDetector(channelNames, threshold, minSamples), smoothing));
            }
        }
        return new DetectorEnsemble(members.toArray(new Detector[0]), combine, alarm, 3);
    }

    public EnsembleSpec withThreshold(final ThresholdRule rule)
    {
        return new EnsembleSpec(minSamples, pca, lags, shrinkage, varianceFraction, msetMemory, mad, cusumAllowance, rule, alarm, combine, smoothing);
    }

    public EnsembleSpec withAlarm(final AlarmRule rule)
    {
        return new EnsembleSpec(minSamples, pca, lags, shrinkage, varianceFraction, msetMemory, mad, cusumAllowance, threshold, rule, combine, smoothing);
    }

    /** Members and the PCA shrinkage, e.g. "pca+mad, shrinkage 0.05". */
    public String describe()
    {
        return members() + (pca || lags > 0 ? (shrinkage < 0 ? ", shrinkage estimated" : ", shrinkage " + shrinkage) : "");
    }

    /** Member names in build order, e.g. "pca+dpca+mset". */
    public String members()
    {
        final List<String> names = new ArrayList<>();
        if (pca)
        {
            names.add("pca");
        }
        if (lags > 0)
        {
            names.add("dpca(" + lags + ")");
        }
        if (msetMemory > 0)
        {
            names.add("mset(" + msetMemory + ")");
        }
        if (mad)
        {
            names.add("mad");
        }
        if (cusumAllowance >= 0)
        {
            names.add("cusum(k=" + cusumAllowance + ")");
        }
        if (smoothing < 1 && pca)
        {
            names.add("ewma(" + smoothing + ")-pca");
        }
        if (smoothing < 1 && mad)
        {
            names.add("ewma(" + smoothing + ")-mad");
        }
        return String.join("+", names);
    }
}
