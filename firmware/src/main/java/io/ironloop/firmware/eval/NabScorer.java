package io.ironloop.firmware.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NAB's scoring protocol (Lavin and Ahmad 2015; Ahmad et al. 2017; README section 2.1), written from
 * its description and checked against the semantics of NAB's {@code sweeper.py} (read, not copied):
 * <ul>
 *   <li>the first min(floor(0.15·rows), 750) rows of a file are probationary and not scored;</li>
 *   <li>a row at or above the threshold is a detection. Inside a window only the best (earliest)
 *       detection counts, worth A_tp·σ(position)/σ(−1) with σ(y) = 2/(1+e^{5y}) − 1 and y the relative
 *       position (−1 just inside the window start... 0 at its end); a window without a detection costs
 *       −A_fn;</li>
 *   <li>a detection outside every window costs A_fp·σ(y), y = distance after the previous window's last
 *       row over (that window's width − 1), or −A_fp when no window came before;</li>
 *   <li>one threshold per profile for the whole corpus: the one with the largest total score (the highest
 *       such threshold on a tie);</li>
 *   <li>normalised = 100·(S − S_null)/(S_perfect − S_null), S_null the score of a detector that never
 *       fires (−A_fn per window), S_perfect = A_tp per window.</li>
 * </ul>
 * Windows are entered and left by timestamp equality in row order, as NAB does, so duplicated or
 * backwards timestamps (machine_temperature, ec2 DST) are handled the same way.
 */
public final class NabScorer
{
    /** A cost profile (NAB config/profiles.json). */
    public record Profile(String name, double tp, double fp, double fn)
    {
    }

    public static final List<Profile> PROFILES = List.of(
        new Profile("standard", 1.0, 0.11, 1.0),
        new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0),
        new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0));

    /** One file's rows: timestamps (epoch seconds), detector scores, and its windows as [start, end] timestamps. */
    public record DataFile(String name, long[] timestamps, double[] scores, List<long[]> windows)
    {
    }

    /** Per-row weights of one file under one profile. */
    private static final class Rows
    {
        final double[] score;
        final double[] weight;
        /** corpus-wide window index, -1 outside windows; rows in the probation period are left out. */
        final int[] window;

        Rows(final int n)
        {
            score = new double[n];
            weight = new double[n];
            window = new int[n];
        }
    }

    public record FileScore(String name, double score, int tp, int tn, int fp, int fn, int windows, int windowsDetected)
    {
    }

    public record Outcome(Profile profile, double threshold, double score, double nullScore, double perfectScore,
                          double normalized, List<FileScore> files)
    {
    }

    private NabScorer()
    {
    }

    static double scaledSigmoid(final double position)
    {
        if (position > 3.0)
        {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
    }

    public static int probationLength(final int rows)
    {
        return (int)Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }

    private static int indexOf(final long[] timestamps, final long t)
    {
        for (int i = 0; i < timestamps.length; i++)
        {
            if (timestamps[i] == t)
            {
                return i;
            }
        }
        return -1;
    }

    /** Row weights and window membership; window ids start at {@code firstWindow}. */
    private static Rows rows(final DataFile file, final Profile profile, final int firstWindow)
    {
        final long[] ts = file.timestamps();
        final int n = ts.length;
        final Rows rows = new Rows(n);
        final double maxTp = scaledSigmoid(-1.0);
        final int probation = probationLength(n);
        int nextWindow = 0;
        int current = -1;
        int currentRight = -1;
        double currentWidth = 0;
        int previousRight = -1;
        double previousWidth = 0;
        for (int i = 0; i < n; i++)
        {
            if (nextWindow < file.windows().size() && ts[i] == file.windows().get(nextWindow)[0])
            {
                final long[] limits = file.windows().get(nextWindow);
                current = nextWindow++;
                currentRight = indexOf(ts, limits[1]);
                if (currentRight < 0)
                {
                    throw new IllegalArgumentException(file.name() + ": window end " + limits[1] + " is no row's timestamp");
                }
                currentWidth = currentRight - indexOf(ts, limits[0]) + 1;
            }
            final double weight;
            if (current >= 0)
            {
                final double position = -(currentRight - i + 1) / currentWidth;
                weight = scaledSigmoid(position) * profile.tp() / maxTp;
            }
            else
            {
                final double unweighted = previousRight < 0 ? -1.0 : scaledSigmoid(Math.abs(previousRight - i) / (previousWidth - 1));
                weight = unweighted * profile.fp();
            }
            rows.score[i] = file.scores()[i];
            rows.weight[i] = weight;
            rows.window[i] = i < probation ? -2 : current >= 0 ? firstWindow + current : -1;
            if (current >= 0 && ts[i] == file.windows().get(current)[1])
            {
                previousRight = i;
                previousWidth = currentWidth;
                current = -1;
            }
        }
        if (nextWindow < file.windows().size())
        {
            throw new IllegalArgumentException(file.name() + ": window start " + file.windows().get(nextWindow)[0]
                + " is no row's timestamp (in row order)");
        }
        return rows;
    }

    /** Scores the corpus under {@code profile} with the threshold that maximises its total. */
    public static Outcome score(final List<DataFile> files, final Profile profile)
    {
        final List<Rows> all = new ArrayList<>();
        int windows = 0;
        int total = 0;
        for (final DataFile file : files)
        {
            all.add(rows(file, profile, windows));
            windows += file.windows().size();
            total += file.timestamps().length;
        }
        // Every scorable row, by score descending: lowering the threshold past a row's score adds it.
        final double[] score = new double[total];
        final double[] weight = new double[total];
        final int[] window = new int[total];
        int count = 0;
        for (final Rows rows : all)
        {
            for (int i = 0; i < rows.score.length; i++)
            {
                if (rows.window[i] != -2)
                {
                    score[count] = rows.score[i];
                    weight[count] = rows.weight[i];
                    window[count] = rows.window[i];
                    count++;
                }
            }
        }
        final Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        final boolean[] scorable = new boolean[windows];
        for (int i = 0; i < count; i++)
        {
            if (window[i] >= 0)
            {
                scorable[window[i]] = true;
            }
        }
        final double[] best = new double[windows];
        double nullScore = 0;
        int scorableWindows = 0;
        for (int w = 0; w < windows; w++)
        {
            if (scorable[w])
            {
                best[w] = -profile.fn();
                nullScore -= profile.fn();
                scorableWindows++;
            }
        }
        double fpSum = 0;
        double windowSum = nullScore;
        double bestScore = nullScore;
        double bestThreshold = 1.1;
        for (int k = 0; k < count; )
        {
            final double threshold = score[order[k]];
            while (k < count && score[order[k]] == threshold)
            {
                final int row = order[k];
                if (window[row] < 0)
                {
                    fpSum += weight[row];
                }
                else if (weight[row] > best[window[row]])
                {
                    windowSum += weight[row] - best[window[row]];
                    best[window[row]] = weight[row];
                }
                k++;
            }
            final double total2 = fpSum + windowSum;
            if (total2 > bestScore)
            {
                bestScore = total2;
                bestThreshold = threshold;
            }
        }
        final List<FileScore> perFile = new ArrayList<>();
        double sum = 0;
        int offset = 0;
        for (int f = 0; f < files.size(); f++)
        {
            final FileScore fileScore = fileScore(files.get(f).name(), all.get(f), bestThreshold, profile, offset,
                files.get(f).windows().size());
            perFile.add(fileScore);
            sum += fileScore.score();
            offset += files.get(f).windows().size();
        }
        final double perfect = scorableWindows * profile.tp();
        final double normalized = perfect == nullScore ? Double.NaN : 100 * (sum - nullScore) / (perfect - nullScore);
        return new Outcome(profile, bestThreshold, sum, nullScore, perfect, normalized, List.copyOf(perFile));
    }

    private static FileScore fileScore(final String name, final Rows rows, final double threshold, final Profile profile,
                                       final int firstWindow, final int windowCount)
    {
        final double[] best = new double[windowCount];
        final boolean[] present = new boolean[windowCount];
        final boolean[] detected = new boolean[windowCount];
        double fp = 0;
        int tp = 0;
        int tn = 0;
        int fpRows = 0;
        int fn = 0;
        for (int i = 0; i < rows.score.length; i++)
        {
            final int w = rows.window[i];
            if (w == -2)
            {
                continue;
            }
            final boolean detection = rows.score[i] >= threshold;
            if (w < 0)
            {
                if (detection)
                {
                    fp += rows.weight[i];
                    fpRows++;
                }
                else
                {
                    tn++;
                }
                continue;
            }
            final int local = w - firstWindow;
            if (!present[local])
            {
                present[local] = true;
                best[local] = -profile.fn();
            }
            if (detection)
            {
                tp++;
                detected[local] = true;
                best[local] = Math.max(best[local], rows.weight[i]);
            }
            else
            {
                fn++;
            }
        }
        double score = fp;
        int windows = 0;
        int hits = 0;
        for (int w = 0; w < windowCount; w++)
        {
            if (present[w])
            {
                score += best[w];
                windows++;
                hits += detected[w] ? 1 : 0;
            }
        }
        return new FileScore(name, score, tp, tn, fpRows, fn, windows, hits);
    }
}
