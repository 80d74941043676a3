package io.ironloop.firmware.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * SKAB's leaderboard metrics (../shared/data/README.md §1.1, after SKAB's core/metrics.py at commit b2c0d46):
 * <ul>
 *   <li>outliers: TP/FP/FN/TN point-wise on the test part, summed over all files, then
 *       {@code F1 = TP / (TP + (FP + FN)/2)}, {@code FAR = 100 FP/(FP + TN)}, {@code MAR = 100 FN/(FN + TP)},
 *       each rounded to two decimals; a missing prediction counts as 0;</li>
 *   <li>changepoints: predicted changepoints are the rows where the prediction differs from the previous row's
 *       (both present); each true changepoint opens the window {@code [cp, cp + 60 s]}, a window overlapping the
 *       next one makes the next start where it ends ("cut right window"); the first prediction inside a window
 *       earns {@code y[event]} of SKAB's tanh curve from A_tp to A_fp (1000 steps), a window without one costs A_fn,
 *       every prediction outside all windows costs A_fp; the score is {@code 100 (S - S_null)/(S_perfect - S_null)}
 *       over all files for the profiles Standard (1, -0.11, -1), LowFP (1, -0.22, -1), LowFN (1, -0.11, -2).</li>
 * </ul>
 */
public final class SkabScore
{
    static final long WINDOW_SECONDS = 60;
    private static final int DETAIL = 1000;
    /** A_tp, A_fp, A_fn per profile: Standard, LowFP, LowFN. */
    private static final double[][] PROFILES = {{1, -0.11, -1}, {1, -0.22, -1}, {1, -0.11, -2}};

    private long tp;
    private long fp;
    private long fn;
    private long tn;
    private final double[] score = new double[3];
    private final double[] perfect = new double[3];
    private final double[] none = new double[3];
    private int files;
    private long missedChangepoints;
    private long falseChangepoints;
    private long trueChangepoints;

    /** Prediction value meaning "no prediction for this row". */
    public static final int MISSING = -1;

    /**
     * Adds one file's test part.
     *
     * @param seconds      timestamp of each row, seconds, increasing.
     * @param anomaly      ground-truth anomaly label per row.
     * @param changepoint  ground-truth changepoint label per row.
     * @param prediction   0, 1 or {@link #MISSING} per row.
     */
    public void addFile(final long[] seconds, final boolean[] anomaly, final boolean[] changepoint, final int[] prediction)
    {
        final int n = seconds.length;
        if (anomaly.length != n || changepoint.length != n || prediction.length != n)
        {
            throw new IllegalArgumentException("rows disagree: " + n + " timestamps, " + anomaly.length + " labels, "
                + changepoint.length + " changepoints, " + prediction.length + " predictions");
        }
        files++;
        for (int i = 0; i < n; i++)
        {
            final boolean p = prediction[i] == 1;
            if (anomaly[i])
            {
                if (p)
                {
                    tp++;
                }
                else
                {
                    fn++;
                }
            }
            else if (p)
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }
        final List<long[]> windows = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            if (changepoint[i])
            {
                windows.add(new long[] {seconds[i], seconds[i] + WINDOW_SECONDS});
            }
        }
        for (int i = 0; i + 1 < windows.size(); i++)
        {
            if (windows.get(i)[1] >= windows.get(i + 1)[0])
            {
                windows.get(i + 1)[0] = windows.get(i)[1];
            }
        }
        final List<Long> predicted = new ArrayList<>();
        for (int i = 1; i < n; i++)
        {
            if (prediction[i] != MISSING && prediction[i - 1] != MISSING && prediction[i] != prediction[i - 1])
            {
                predicted.add(seconds[i]);
            }
        }
        trueChangepoints += windows.size();
        int outside = 0;
        int missed = 0;
        final List<long[]> hits = new ArrayList<>();
        if (windows.isEmpty())
        {
            outside = predicted.size();
        }
        else
        {
            for (final long t : predicted)
            {
                if (t < windows.get(0)[0] || t > windows.get(windows.size() - 1)[1])
                {
                    outside++;
                    continue;
                }
                for (int w = 0; w + 1 < windows.size(); w++)
                {
                    if (t > windows.get(w)[1] && t < windows.get(w + 1)[0])
                    {
                        outside++;
                        break;
                    }
                }
            }
            for (final long[] w : windows)
            {
                long first = Long.MIN_VALUE;
                for (final long t : predicted)
                {
                    if (t >= w[0] && t <= w[1])
                    {
                        first = t;
                        break;
                    }
                }
                if (first == Long.MIN_VALUE)
                {
                    missed++;
                }
                else
                {
                    hits.add(new long[] {w[0], first, w[1]});
                }
            }
        }
        missedChangepoints += missed;
        falseChangepoints += outside;
        for (int p = 0; p < 3; p++)
        {
            final double aTp = PROFILES[p][0];
            final double aFp = PROFILES[p][1];
            final double aFn = PROFILES[p][2];
            double s = aFp * outside + aFn * missed;
            for (final long[] hit : hits)
            {
                s += scale(hit, aTp, aFp);
            }
            score[p] += s;
            perfect[p] += windows.size() * aTp;
            none[p] += windows.size() * aFn;
        }
    }

    /** SKAB's "improved" scale function with koef 1: the tanh curve at the detection's place in its window. */
    static double scale(final long[] window, final double aTp, final double aFp)
    {
        final long width = window[2] - window[0];
        int event = width <= 0 ? 0 : (int)((double)(window[1] - window[0]) / width * DETAIL);
        event = Math.min(event, DETAIL - 1);
        final double x = -Math.PI / 2 + Math.PI * event / (DETAIL - 1);
        return (aTp - aFp) / 2 * -1 * Math.tanh(x) / Math.tanh(Math.PI / 2) + (aTp - aFp) / 2 + aFp;
    }

    public int files()
    {
        return files;
    }

    public long tp()
    {
        return tp;
    }

    public long fp()
    {
        return fp;
    }

    public long fn()
    {
        return fn;
    }

    public long tn()
    {
        return tn;
    }

    public double f1()
    {
        return round2(tp / (tp + (fn + fp) / 2.0));
    }

    public double farPct()
    {
        return round2(100.0 * fp / (fp + tn));
    }

    public double marPct()
    {
        return round2(100.0 * fn / (fn + tp));
    }

    /** NAB-like changepoint score of profile 0 (Standard), 1 (LowFP) or 2 (LowFN). */
    public double nab(final int profile)
    {
        final double range = perfect[profile] - none[profile];
        return range == 0 ? 0 : round2(100 * (score[profile] - none[profile]) / range);
    }

    public long missedChangepoints()
    {
        return missedChangepoints;
    }

    public long falseChangepoints()
    {
        return falseChangepoints;
    }

    public long trueChangepoints()
    {
        return trueChangepoints;
    }

    /** Python's round(x, 2) for the values met here (half to even on the binary value). */
    static double round2(final double x)
    {
        if (!Double.isFinite(x))
        {
            return x;
        }
        return new java.math.BigDecimal(x).setScale(2, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
