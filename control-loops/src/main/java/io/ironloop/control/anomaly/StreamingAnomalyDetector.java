package io.ironloop.control.anomaly;

/**
 * A streaming anomaly detector for one channel: each sample gets a score in [0, 1], computed from the
 * past only and without allocating (all buffers are sized in the constructor).
 *
 * <ol>
 *   <li><b>Surprise.</b> How far the value, and separately its change from the previous value, lies from
 *       the last {@code window} samples, in robust units: |x − median| / (IQR/1.349), the scale floored at
 *       1 % of the window's range so a flat stretch does not divide by zero. The larger of the two, capped
 *       at {@link #Z_CAP}, divided by {@link #Z_CAP}, is the raw score.</li>
 *   <li><b>Likelihood.</b> The raw score is averaged over the last {@link #SHORT} samples; that average is
 *       compared with the mean and spread of the same average over the last {@code history} samples
 *       (a Gaussian tail, as in Ahmad et al. 2017, "anomaly likelihood"). The output is
 *       −ln(tail)/ln(10¹⁰), clamped to [0, 1]: 0.5 means a tail of 10⁻⁵.</li>
 *   <li><b>One alarm per episode.</b> While the previous output was at least {@link #RED} the next one is
 *       capped just under it, so a long anomaly gives one early detection instead of a train of them.</li>
 * </ol>
 * Until {@code window + SHORT} samples have been seen the output is 0. A NaN or infinite sample scores 0
 * and is not added to any statistic.
 *
 * <p>Every parameter was fixed before scoring any data (window 128 samples, history 8640 samples as in
 * Numenta's published detector, short average 10, cap 10, spread floor 0.01, red level 0.5); none was
 * chosen on the scored rows.
 */
public final class StreamingAnomalyDetector
{
    public static final double Z_CAP = 10.0;
    public static final int SHORT = 10;
    public static final double MIN_SPREAD = 0.01;
    public static final double RED = 0.5;
    private static final double CAPPED = 0.4999;
    private static final double LN_1E10 = Math.log(1e10);

    private final SlidingQuantiles values;
    private final SlidingQuantiles changes;
    private final double[] shortRing;
    private final double[] historyRing;
    private final int window;
    private int shortCount;
    private int shortIndex;
    private double shortSum;
    private int historyCount;
    private int historyIndex;
    private double historySum;
    private double historySumSquares;
    private long seen;
    private double previous = Double.NaN;
    private double lastScore;
    private double lastRaw;

    public StreamingAnomalyDetector(final int window, final int history)
    {
        if (window < 8 || history < 2 * SHORT)
        {
            throw new IllegalArgumentException("need window >= 8 and history >= " + 2 * SHORT + ", got " + window + ", " + history);
        }
        this.window = window;
        this.values = new SlidingQuantiles(window);
        this.changes = new SlidingQuantiles(window);
        this.shortRing = new double[SHORT];
        this.historyRing = new double[history];
    }

    /** The defaults the NAB evaluation uses: window 128, history 8640. */
    public static StreamingAnomalyDetector standard()
    {
        return new StreamingAnomalyDetector(128, 8640);
    }

    /** Scores {@code value} against the past, then learns it. */
    public double score(final double value)
    {
        if (!Double.isFinite(value))
        {
            lastRaw = 0;
            lastScore = 0;
            return 0;
        }
        final double change = Double.isNaN(previous) ? 0 : value - previous;
        double raw = 0;
        if (values.size() >= window)
        {
            raw = Math.max(surprise(values, value), surprise(changes, change));
            raw = Math.min(raw, Z_CAP) / Z_CAP;
        }
        values.add(value);
        if (!Double.isNaN(previous))
        {
            changes.add(change);
        }
        previous = value;
        seen++;
        lastRaw = raw;
        if (seen <= window)
        {
            lastScore = 0;
            return 0;
        }
        // short average of the raw score
        if (shortCount == SHORT)
        {
            shortSum -= shortRing[shortIndex];
        }
        else
        {
            shortCount++;
        }
        shortRing[shortIndex] = raw;
        shortSum += raw;
        shortIndex = (shortIndex + 1) % SHORT;
        final double average = shortSum / shortCount;
        double score = 0;
        if (shortCount == SHORT && historyCount >= SHORT)
        {
            final double mean = historySum / historyCount;
            final double variance = Math.max(0, historySumSquares / historyCount - mean * mean);
            final double spread = Math.max(MIN_SPREAD, Math.sqrt(variance));
            final double tail = upperTail((average - mean) / spread);
            score = Math.min(1.0, Math.max(0.0, -Math.log(tail + 1e-10) / LN_1E10));
        }
        if (shortCount == SHORT)
        {
            if (historyCount == historyRing.length)
            {
                final double old = historyRing[historyIndex];
                historySum -= old;
                historySumSquares -= old * old;
            }
            else
            {
                historyCount++;
            }
            historyRing[historyIndex] = average;
            historySum += average;
            historySumSquares += average * average;
            historyIndex = (historyIndex + 1) % historyRing.length;
        }
        if (lastScore >= RED && score >= RED)
        {
            score = CAPPED;
        }
        lastScore = score;
        return score;
    }

    /** The raw (surprise) score of the last sample, in [0, 1]. */
    public double lastRaw()
    {
        return lastRaw;
    }

    private static double surprise(final SlidingQuantiles window, final double x)
    {
        final double median = window.quantile(0.5);
        final double iqr = window.quantile(0.75) - window.quantile(0.25);
        final double range = window.max() - window.min();
        final double scale = Math.max(iqr / 1.349, 0.01 * range);
        if (!(scale > 0))
        {
            return x == median ? 0 : Z_CAP;
        }
        return Math.abs(x - median) / scale;
    }

    /** P(Z > t) for a standard normal Z (erfc after Numerical Recipes' Chebyshev fit, |error| < 1.2e-7 relative). */
    static double upperTail(final double t)
    {
        final double x = t / Math.sqrt(2);
        final double z = Math.abs(x);
        final double u = 1.0 / (1.0 + 0.5 * z);
        final double erfc = u * Math.exp(-z * z - 1.26551223 + u * (1.00002368 + u * (0.37409196 + u * (0.09678418
            + u * (-0.18628806 + u * (0.27886807 + u * (-1.13520398 + u * (1.48851587
            + u * (-0.82215223 + u * 0.17087277)))))))));
        final double full = x >= 0 ? erfc : 2.0 - erfc;
        return 0.5 * full;
    }
}
