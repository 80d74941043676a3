package io.ironloop.control.vibration;

/**
 * What "normal" looks like for one accelerometer: mean and spread of the logarithm of each window
 * feature (RMS, peak, crest factor, kurtosis and each band energy) over a healthy learning period.
 * A window is then scored by its largest deviation in baseline standard deviations. Logarithms make
 * a doubling count the same at any level; the spread has a floor of {@link #MIN_LOG_SPREAD} (about
 * 10 %) so a short, very steady learning period does not turn every small change into an alarm.
 * Learning and scoring allocate nothing.
 */
public final class VibrationBaseline
{
    public static final double MIN_LOG_SPREAD = 0.1;
    private static final String[] TIME_FEATURES = {"rms", "peak", "crest", "kurtosis"};

    private final int features;
    private final double[] sum;
    private final double[] sumSquares;
    private final double[] mean;
    private final double[] spread;
    private final double[] current;
    private int learned;
    private boolean frozen;
    private int worstFeature;

    public VibrationBaseline(final int bands)
    {
        this.features = TIME_FEATURES.length + bands;
        this.sum = new double[features];
        this.sumSquares = new double[features];
        this.mean = new double[features];
        this.spread = new double[features];
        this.current = new double[features];
    }

    private void extract(final VibrationAnalyzer analyzer)
    {
        current[0] = Math.log(Math.max(analyzer.rms(), 1e-12));
        current[1] = Math.log(Math.max(analyzer.peak(), 1e-12));
        current[2] = Math.log(Math.max(analyzer.crestFactor(), 1e-12));
        current[3] = Math.log(Math.max(analyzer.kurtosis(), 1e-12));
        for (int b = 0; b < features - TIME_FEATURES.length; b++)
        {
            current[TIME_FEATURES.length + b] = Math.log(Math.max(analyzer.bandEnergy(b), 1e-24));
        }
    }

    /** Adds the analyser's last window to the learning period. */
    public void learn(final VibrationAnalyzer analyzer)
    {
        if (frozen)
        {
            throw new IllegalStateException("the baseline is frozen");
        }
        extract(analyzer);
        for (int f = 0; f < features; f++)
        {
            sum[f] += current[f];
            sumSquares[f] += current[f] * current[f];
        }
        learned++;
    }

    public int windowsLearned()
    {
        return learned;
    }

    /** Ends learning; needs at least {@code minWindows} healthy windows (reported, not divided by zero). */
    public void freeze(final int minWindows)
    {
        if (learned < Math.max(2, minWindows))
        {
            throw new IllegalStateException("the learning period has " + learned + " window(s), at least "
                + Math.max(2, minWindows) + " are needed");
        }
        for (int f = 0; f < features; f++)
        {
            mean[f] = sum[f] / learned;
            final double variance = Math.max(0, (sumSquares[f] - learned * mean[f] * mean[f]) / (learned - 1));
            spread[f] = Math.max(MIN_LOG_SPREAD, Math.sqrt(variance));
        }
        frozen = true;
    }

    /** Largest |z| of the analyser's last window over all features; which one is {@link #worstFeature()}. */
    public double score(final VibrationAnalyzer analyzer)
    {
        if (!frozen)
        {
            return 0;
        }
        extract(analyzer);
        double worst = 0;
        worstFeature = 0;
        for (int f = 0; f < features; f++)
        {
            final double z = Math.abs(current[f] - mean[f]) / spread[f];
            if (z > worst)
            {
                worst = z;
                worstFeature = f;
            }
        }
        return worst;
    }

    public int worstFeature()
    {
        return worstFeature;
    }

    /** Name of feature f: rms, peak, crest, kurtosis, band0, band1, ... */
    public String featureName(final int feature)
    {
        return feature < TIME_FEATURES.length ? TIME_FEATURES[feature] : "band" + (feature - TIME_FEATURES.length);
    }

    /** Baseline mean of feature f, back on the linear scale. */
    public double typical(final int feature)
    {
        return Math.exp(mean[feature]);
    }
}
