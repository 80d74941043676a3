package io.ironloop.control.detect;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * MSET-style similarity model: a memory of {@code memorySize} standardized learning states (for every channel
 * the states where it is lowest and highest, then states evenly spread in time); a sample's estimate is the
 * memory blended by {@code w = (G + εI)⁻¹ a}, with {@code G} the similarities among memory states and {@code a}
 * the sample's similarity to each (Gaussian kernel, bandwidth the median distance between memory states).
 * The score is the squared standardized residual {@code |z - ẑ|²}; contributions are its per-channel terms.
 */
public final class MsetDetector extends LearningDetector
{
    private final int memorySize;
    private final double regularization;
    private double[] mean;
    private double[] std;
    /** Memory states, m × channels, row-major. */
    private double[] memory;
    /** (G + εI)⁻¹, m × m, row-major. */
    private double[] inverse;
    private int m;
    private double inverseTwoH2;
    private final double[] z;
    private final double[] residual;
    private double[] similarity;
    private double[] weights;

    public MsetDetector(final String[] channelNames, final int memorySize, final double regularization,
        final ThresholdRule rule, final int minSamples)
    {
        super(channelNames, rule, minSamples);
        if (memorySize < 2 || !(regularization > 0))
        {
            throw new IllegalArgumentException("MSET needs memorySize >= 2 and regularization > 0");
        }
        this.memorySize = memorySize;
        this.regularization = regularization;
        this.z = new double[channels];
        this.residual = new double[channels];
    }

    @Override
    public String name()
    {
        return "mset";
    }

    @Override
    void fit(final double[][] rows, final int from, final int to) throws DetectorLearningException
    {
        final double[][] complete = complete(rows, from, to);
        final double[][] mo = moments(complete, channels, "");
        mean = mo[0];
        std = mo[1];
        final int n = complete.length;
        final boolean[] chosen = new boolean[n];
        final int[] picks = new int[Math.min(memorySize, n)];
        int count = 0;
        for (int c = 0; c < channels && count + 2 <= picks.length; c++)
        {
            int lo = 0;
            int hi = 0;
            for (int i = 1; i < n; i++)
            {
                lo = complete[i][c] < complete[lo][c] ? i : lo;
                hi = complete[i][c] > complete[hi][c] ? i : hi;
            }
            for (final int i : new int[] {lo, hi})
            {
                if (!chosen[i])
                {
                    chosen[i] = true;
                    picks[count++] = i;
                }
            }
        }
        final int rest = picks.length - count;
        for (int j = 0; j < rest; j++)
        {
            int i = (int)((j + 0.5) * n / rest);
            while (chosen[i])
            {
                i = (i + 1) % n;
            }
            chosen[i] = true;
            picks[count++] = i;
        }
        m = count;
        memory = new double[m * channels];
        for (int j = 0; j < m; j++)
        {
            for (int c = 0; c < channels; c++)
            {
                memory[j * channels + c] = (complete[picks[j]][c] - mean[c]) / std[c];
            }
        }
        final double[] distances = new double[m * (m - 1) / 2];
        int d = 0;
        for (int a = 0; a < m; a++)
        {
            for (int b = a + 1; b < m; b++)
            {
                distances[d++] = Math.sqrt(squaredDistance(memory, a, memory, b * channels));
            }
        }
        java.util.Arrays.sort(distances);
        final double h = Math.max(1e-3, ThresholdRule.quantileOfSorted(distances, 0.5));
        inverseTwoH2 = 1.0 / (2 * h * h);
        final DMatrixRMaj g = new DMatrixRMaj(m, m);
        for (int a = 0; a < m; a++)
        {
            for (int b = 0; b < m; b++)
            {
                g.set(a, b, Math.exp(-squaredDistance(memory, a, memory, b * channels) * inverseTwoH2) + (a == b ? regularization : 0));
            }
        }
        if (!CommonOps_DDRM.invert(g))
        {
            throw new DetectorLearningException(name() + ": the similarity matrix of the memory states is singular");
        }
        inverse = g.data.clone();
        similarity = new double[m];
        weights = new double[m];
    }

    private double squaredDistance(final double[] states, final int state, final double[] other, final int offset)
    {
        double s = 0;
        for (int c = 0; c < channels; c++)
        {
            final double e = states[state * channels + c] - other[offset + c];
            s += e * e;
        }
        return s;
    }

    @Override
    double scoreFitted(final double[] row)
    {
        for (int c = 0; c < channels; c++)
        {
            final double v = row[c];
            z[c] = Double.isFinite(v) ? (v - mean[c]) / std[c] : 0.0;
        }
        for (int j = 0; j < m; j++)
        {
            similarity[j] = Math.exp(-squaredDistance(memory, j, z, 0) * inverseTwoH2);
        }
        double total = 0;
        for (int a = 0; a < m; a++)
        {
            double s = 0;
            for (int b = 0; b < m; b++)
            {
                s += inverse[a * m + b] * similarity[b];
            }
            weights[a] = s;
            total += s;
        }
        // Normalised weights; far from every memory state the estimate falls back to the mean (z = 0).
        final double norm = Math.abs(total) > 1e-9 ? 1.0 / total : 0.0;
        double score = 0;
        for (int c = 0; c < channels; c++)
        {
            double estimate = 0;
            for (int j = 0; j < m; j++)
            {
                estimate += weights[j] * memory[j * channels + c];
            }
            final double e = z[c] - estimate * norm;
            residual[c] = e;
            score += e * e;
        }
        return score;
    }

    @Override
    public void contributions(final double[] out)
    {
        for (int c = 0; c < channels; c++)
        {
            out[c] = residual[c] * residual[c];
        }
    }

    @Override
    public void resetScoring()
    {
    }
}
