package io.ironloop.control.advice;

/**
 * Health index and remaining useful life of one part from a degradation indicator (vibration RMS, a
 * smoothed anomaly score, wear): the indicator is assumed to grow exponentially towards a failure level,
 * {@code d(t) = d0 exp(b t)} with log-normal noise, so {@code ln d} is fitted by least squares to a line
 * over the last {@code capacity} points (one every {@code sampleEveryNs}). The failure time is where the
 * fitted line reaches {@code ln failureLevel}; its band is where the line's 95 % confidence band reaches it
 * (Fieller's interval for the inverse prediction), so it widens with noise and with how far the line is
 * extrapolated, and shrinks as failure nears. No band (NaN) while the slope is not significantly positive.
 *
 * <p>The health index is 1 at {@code healthyLevel}, 0 at {@code failureLevel}, linear between, clamped,
 * from the fitted level when there is a fit (else the last point). Allocation-free; one thread only.
 */
public final class RemainingLife
{
    /** Points needed before a fit is tried. */
    public static final int MIN_POINTS = 10;
    private static final double Z975 = 1.959963984540054;

    private final double healthyLevel;
    private final double failureLevel;
    private final double logFailure;
    private final long sampleEveryNs;
    private final long[] timesNs;
    private final double[] logs;
    private int count;
    private int next;
    private long lastPointNs = Long.MIN_VALUE;
    private double lastIndicator = Double.NaN;

    private double health = Double.NaN;
    private double remainingS = Double.NaN;
    private double lowS = Double.NaN;
    private double highS = Double.NaN;
    private double slopePerS = Double.NaN;

    /**
     * @param healthyLevel  the indicator of a healthy part (health 1)
     * @param failureLevel  the indicator at which the part has failed (health 0), above healthyLevel and positive
     * @param capacity      points kept (a sliding window), at least {@link #MIN_POINTS}
     * @param sampleEveryNs one point per this interval at most (decimation of the advisor's rate)
     */
    public RemainingLife(final double healthyLevel, final double failureLevel, final int capacity, final long sampleEveryNs)
    {
        if (!Double.isFinite(healthyLevel) || !Double.isFinite(failureLevel) || !(failureLevel > healthyLevel) || !(failureLevel > 0)
            || capacity < MIN_POINTS || sampleEveryNs < 0)
        {
            throw new IllegalArgumentException("remaining life: healthy " + healthyLevel + ", failure " + failureLevel
                + " (must be above healthy and positive), " + capacity + " points (at least " + MIN_POINTS + ")");
        }
        this.healthyLevel = healthyLevel;
        this.failureLevel = failureLevel;
        this.logFailure = Math.log(failureLevel);
        this.sampleEveryNs = sampleEveryNs;
        this.timesNs = new long[capacity];
        this.logs = new double[capacity];
    }

    /**
     * Adds the indicator at {@code nowNs} (kept when the decimation interval has passed; a non-finite or
     * non-positive value is never kept) and estimates again.
     *
     * @return true when a point was kept
     */
    public boolean add(final long nowNs, final double indicator)
    {
        if (!Double.isFinite(indicator))
        {
            return false;
        }
        lastIndicator = indicator;
        boolean kept = false;
        if (indicator > 0 && (lastPointNs == Long.MIN_VALUE || nowNs - lastPointNs >= sampleEveryNs))
        {
            timesNs[next] = nowNs;
            logs[next] = Math.log(indicator);
            next = next + 1 == timesNs.length ? 0 : next + 1;
            count = Math.min(count + 1, timesNs.length);
            lastPointNs = nowNs;
            kept = true;
        }
        estimate(nowNs);
        return kept;
    }

    private void estimate(final long nowNs)
    {
        remainingS = Double.NaN;
        lowS = Double.NaN;
        highS = Double.NaN;
        slopePerS = Double.NaN;
        double level = lastIndicator;
        if (count >= MIN_POINTS)
        {
            final int oldest = count < timesNs.length ? 0 : next;
            final long originNs = timesNs[oldest];
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < count; i++)
            {
                sx += (timesNs[i] - originNs) * 1e-9;
                sy += logs[i];
            }
            final double meanX = sx / count;
            final double meanY = sy / count;
            double sxx = 0;
            double sxy = 0;
            double syy = 0;
            for (int i = 0; i < count; i++)
            {
                final double dx = (timesNs[i] - originNs) * 1e-9 - meanX;
                final double dy = logs[i] - meanY;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
            }
            if (sxx > 0)
            {
                final double b = sxy / sxx;
                final double nowX = (nowNs - originNs) * 1e-9;
                final double s2 = Math.max(0.0, syy - b * sxy) / (count - 2);
                final double k = tQuantile975(count - 2) * Math.sqrt(s2);
                final double k2 = k * k;
                slopePerS = b;
                level = Math.exp(meanY + b * (nowX - meanX));
                if (level >= failureLevel)
                {
                    remainingS = 0.0;
                    lowS = 0.0;
                    highS = 0.0;
                }
                else if (b > 0)
                {
                    final double gap = meanY - logFailure;
                    remainingS = meanX - gap / b - nowX;
                    final double qa = b * b - k2 / sxx;
                    final double qb = 2 * b * gap;
                    final double qc = gap * gap - k2 / count;
                    final double disc = qb * qb - 4 * qa * qc;
                    if (qa > 0 && disc >= 0)
                    {
                        final double root = Math.sqrt(disc);
                        final double u1 = (-qb - root) / (2 * qa);
                        final double u2 = (-qb + root) / (2 * qa);
                        lowS = Math.max(0.0, meanX + Math.min(u1, u2) - nowX);
                        highS = Math.max(0.0, meanX + Math.max(u1, u2) - nowX);
                    }
                }
            }
        }
        health = Double.isFinite(level) ? Math.max(0.0, Math.min(1.0, (failureLevel - level) / (failureLevel - healthyLevel))) : Double.NaN;
    }

    /** Two-sided 95 % quantile of Student's t with {@code df} degrees of freedom (Cornish-Fisher, within 1e-3 from df 3). */
    static double tQuantile975(final int df)
    {
        final double z = Z975;
        final double z3 = z * z * z;
        final double z5 = z3 * z * z;
        final double z7 = z5 * z * z;
        final double n = df;
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
    }

    /** Health index in [0, 1], NaN before the first indicator. */
    public double health()
    {
        return health;
    }

    /** Remaining useful life in seconds from the last estimate, NaN when the trend does not rise. */
    public double remainingS()
    {
        return remainingS;
    }

    /** Lower end of the 95 % band of the remaining life, s (NaN without a band). */
    public double lowS()
    {
        return lowS;
    }

    /** Upper end of the 95 % band of the remaining life, s (NaN without a band). */
    public double highS()
    {
        return highS;
    }

    /** Fitted growth rate of the indicator, 1/s (NaN without a fit). */
    public double slopePerS()
    {
        return slopePerS;
    }

    /** Points in the window. */
    public int points()
    {
        return count;
    }

    public double healthyLevel()
    {
        return healthyLevel;
    }

    public double failureLevel()
    {
        return failureLevel;
    }
}
