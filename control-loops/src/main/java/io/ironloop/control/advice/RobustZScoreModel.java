package io.ironloop.control.advice;

import java.util.Arrays;

/**
 * The built-in model: learns each channel's median and MAD (median absolute deviation) from its first
 * {@code learnSamples} OK samples, then scores every sample by the largest robust z-score over the
 * channels, |x - median| / (1.4826 MAD). Outputs, in order:
 * <ol start="0">
 *   <li>anomaly score: the largest robust z-score (0 while learning);</li>
 *   <li>smoothed score: an exponential mean of the score (time constant {@code smoothingSamples}), a
 *       slow degradation indicator for the health index;</li>
 *   <li>trim: {@code -trimPerScore * max(0, score - deadband)}: back the setpoint off while the machine
 *       looks abnormal (clamped by the loop's safety envelope, never applied outside ADVISED);</li>
 *   <li>alarm: 1 when the score is above {@code alarmScore}, else 0;</li>
 *   <li>fallback: 1 when a channel is missing (NaN) or the score is above {@code fallbackScore}: the
 *       machine is outside anything the model learned, so its trims are not to be trusted and an ADVISED
 *       loop goes back to AUTO. While learning every output is 0 (no trim, no alarm, no fallback).</li>
 * </ol>
 * A channel that was constant while learning (MAD 0) is scored against {@code minScale} instead of
 * dividing by zero, and is reported by {@link #constantChannels()}. NaN samples are never learned.
 * Allocation-free after learning.
 */
public final class RobustZScoreModel implements Model
{
    public static final int OUTPUTS = 5;
    public static final int SCORE = 0;
    public static final int SMOOTHED = 1;
    public static final int TRIM = 2;
    public static final int ALARM = 3;
    public static final int FALLBACK = 4;
    public static final String[] OUTPUT_NAMES = {"score", "smoothedScore", "trim", "alarm", "fallback"};

    /** MAD of a normal distribution is 0.6745 sigma. */
    private static final double MAD_TO_SIGMA = 1.4826;

    private final int channels;
    private final int learnSamples;
    private final double minScale;
    private final double alarmScore;
    private final double deadband;
    private final double trimPerScore;
    private final double smoothingAlpha;
    private final double fallbackScore;
    private final double[][] learning;
    private final double[] median;
    private final double[] scale;
    private final double[] lastZ;
    private int learned;
    private boolean ready;
    private int constantChannels;
    private double smoothed;

    /**
     * @param channels         inputs
     * @param learnSamples     healthy samples learned before scoring (at least 10)
     * @param minScale         the scale a constant channel is scored against (in its unit), positive
     * @param alarmScore       score above which the alarm output is 1
     * @param deadband         score below which the trim is 0
     * @param trimPerScore     trim per unit of score above the deadband (setpoint units)
     * @param smoothingSamples time constant of the smoothed score, in samples (at least 1)
     * @param fallbackScore    score above which the model asks ADVISED loops to fall back to AUTO (infinity: never)
     */
    public RobustZScoreModel(
        final int channels, final int learnSamples, final double minScale, final double alarmScore, final double deadband,
        final double trimPerScore, final double smoothingSamples, final double fallbackScore)
    {
        if (channels < 1 || learnSamples < 10 || !(minScale > 0) || !(smoothingSamples >= 1) || !Double.isFinite(trimPerScore)
            || !(fallbackScore > 0)
            || !Double.isFinite(alarmScore) || !Double.isFinite(deadband))
        {
            throw new IllegalArgumentException("robust z-score model: " + channels + " channels, " + learnSamples
                + " learning samples (at least 10), minScale " + minScale + ", smoothing " + smoothingSamples);
        }
        this.channels = channels;
        this.learnSamples = learnSamples;
        this.minScale = minScale;
        this.alarmScore = alarmScore;
        this.deadband = deadband;
        this.trimPerScore = trimPerScore;
        this.smoothingAlpha = 1.0 / smoothingSamples;
        this.fallbackScore = fallbackScore;
        this.learning = new double[channels][learnSamples];
        this.median = new double[channels];
        this.scale = new double[channels];
        this.lastZ = new double[channels];
    }

    @Override
    public int inputCount()
    {
        return channels;
    }

    @Override
    public int outputCount()
    {
        return OUTPUTS;
    }

    @Override
    public void evaluate(final long nowNs, final double[] inputs, final double[] outputs)
    {
        boolean missing = false;
        for (int c = 0; c < channels; c++)
        {
            missing |= !Double.isFinite(inputs[c]);
        }
        if (!ready)
        {
            if (!missing)
            {
                for (int c = 0; c < channels; c++)
                {
                    learning[c][learned] = inputs[c];
                }
                if (++learned == learnSamples)
                {
                    learn();
                }
            }
            outputs[SCORE] = 0.0;
            outputs[SMOOTHED] = 0.0;
            outputs[TRIM] = 0.0;
            outputs[ALARM] = 0.0;
            outputs[FALLBACK] = 0.0;
            return;
        }
        double score = 0.0;
        for (int c = 0; c < channels; c++)
        {
            lastZ[c] = Double.isFinite(inputs[c]) ? Math.abs(inputs[c] - median[c]) / scale[c] : 0.0;
            score = Math.max(score, lastZ[c]);
        }
        smoothed += smoothingAlpha * (score - smoothed);
        outputs[SCORE] = score;
        outputs[SMOOTHED] = smoothed;
        outputs[TRIM] = -trimPerScore * Math.max(0.0, score - deadband);
        outputs[ALARM] = score > alarmScore ? 1.0 : 0.0;
        outputs[FALLBACK] = missing || score > fallbackScore ? 1.0 : 0.0;
    }

    /** The channels whose robust z-score of the last sample is above {@code alarmScore}, largest first. */
    @Override
    public int contributors(final int[] out)
    {
        if (!ready)
        {
            return 0;
        }
        int count = 0;
        for (int c = 0; c < channels; c++)
        {
            final double z = lastZ[c];
            if (!(z > alarmScore))
            {
                continue;
            }
            int pos = Math.min(count, out.length);
            while (pos > 0 && lastZ[out[pos - 1]] < z)
            {
                if (pos < out.length)
                {
                    out[pos] = out[pos - 1];
                }
                pos--;
            }
            if (pos < out.length)
            {
                out[pos] = c;
                count = Math.min(count + 1, out.length);
            }
        }
        return count;
    }

    private void learn()
    {
        constantChannels = 0;
        for (int c = 0; c < channels; c++)
        {
            final double[] values = learning[c];
            Arrays.sort(values);
            final double m = medianOfSorted(values);
            for (int i = 0; i < values.length; i++)
            {
                values[i] = Math.abs(values[i] - m);
            }
            Arrays.sort(values);
            final double mad = medianOfSorted(values);
            median[c] = m;
            if (mad > 0)
            {
                scale[c] = MAD_TO_SIGMA * mad;
            }
            else
            {
                scale[c] = minScale;
                constantChannels++;
            }
        }
        ready = true;
    }

    private static double medianOfSorted(final double[] sorted)
    {
        final int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    @Override
    public String notReady()
    {
        return ready ? null : "learning: " + learned + " of " + learnSamples + " healthy samples";
    }

    /** Whether learning is over. */
    @Override
    public boolean ready()
    {
        return ready;
    }

    /** Channels that did not vary at all while learning (scored against {@code minScale}). */
    public int constantChannels()
    {
        return constantChannels;
    }

    public double median(final int channel)
    {
        return median[channel];
    }

    /** The learned sigma estimate of a channel (1.4826 MAD, or minScale for a constant channel). */
    public double scale(final int channel)
    {
        return scale[channel];
    }
}
