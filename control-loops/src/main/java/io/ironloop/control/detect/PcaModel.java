package io.ironloop.control.detect;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A PCA model of standardized data with Hotelling T² on the retained components and Q (squared prediction
 * error) on the rest. The correlation matrix is shrunk towards the identity,
 * {@code (1 - shrinkage) R + shrinkage I}, so that few samples or collinear channels never give a zero
 * eigenvalue. The shrinkage is either given or, when negative ({@link #ESTIMATED}), estimated from the fitted rows
 * alone (Schäfer and Strimmer 2005, the Ledoit-Wolf estimate for a correlation matrix shrunk towards I:
 * {@code λ = Σ_{a≠b} Var(r_ab) / Σ_{a≠b} r_ab²}, clipped to [0, 1)); EJML decomposes it once at learning time, the scoring is by hand into preallocated arrays.
 * The combined score is {@code T²/mean(T²) + Q/mean(Q)} with both means over the fitted samples.
 */
final class PcaModel
{
    /** A shrinkage argument that asks for the estimate from the data. */
    static final double ESTIMATED = -1;

    final int width;
    final int components;
    private final double[] mean;
    private final double[] std;
    /** Loadings, width × components, row-major. */
    private final double[] loadings;
    private final double[] eigenvalues;
    /** Shrinkage used (the estimate when one was asked for). */
    final double shrinkage;
    private final double t2Scale;
    private final double qScale;
    private final double[] z;
    private final double[] t;
    private final double[] residual;
    private double lastT2;
    private double lastQ;

    private PcaModel(final double[] mean, final double[] std, final double[] loadings, final double[] eigenvalues,
        final int components, final double shrinkage, final double[][] fitted)
    {
        this.shrinkage = shrinkage;
        this.width = mean.length;
        this.components = components;
        this.mean = mean;
        this.std = std;
        this.loadings = loadings;
        this.eigenvalues = eigenvalues;
        this.z = new double[width];
        this.t = new double[components];
        this.residual = new double[width];
        double sumT2 = 0;
        double sumQ = 0;
        for (final double[] row : fitted)
        {
            project(row);
            sumT2 += lastT2;
            sumQ += lastQ;
        }
        this.t2Scale = Math.max(1e-12, sumT2 / fitted.length);
        this.qScale = Math.max(1e-12, sumQ / fitted.length);
    }

    /**
     * Fits to complete rows; keeps the fewest components explaining {@code varianceFraction} of the (shrunk)
     * variance, at least one and, with more than one column, at most {@code width - 1} so that Q has a space.
     */
    static PcaModel fit(final double[][] complete, final double[] mean, final double[] std, final double requestedShrinkage,
        final double varianceFraction)
    {
        final int p = mean.length;
        final int n = complete.length;
        final DMatrixRMaj r = new DMatrixRMaj(p, p);
        final double[] zi = new double[p];
        for (final double[] row : complete)
        {
            for (int c = 0; c < p; c++)
            {
                zi[c] = (row[c] - mean[c]) / std[c];
            }
            for (int a = 0; a < p; a++)
            {
                for (int b = a; b < p; b++)
                {
                    r.data[a * p + b] += zi[a] * zi[b];
                }
            }
        }
        final double shrinkage = requestedShrinkage >= 0 ? requestedShrinkage : estimateShrinkage(complete, mean, std, r.data, n);
        for (int a = 0; a < p; a++)
        {
            for (int b = a; b < p; b++)
            {
                final double v = (1 - shrinkage) * r.data[a * p + b] / (n - 1) + (a == b ? shrinkage : 0);
                r.data[a * p + b] = v;
                r.data[b * p + a] = v;
            }
        }
        final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(p, true, true);
        if (!eig.decompose(r))
        {
            throw new IllegalStateException("eigendecomposition did not converge");
        }
        final Integer[] order = new Integer[p];
        final double[] values = new double[p];
        double total = 0;
        for (int i = 0; i < p; i++)
        {
            order[i] = i;
            values[i] = Math.max(shrinkage > 0 ? shrinkage : 1e-12, eig.getEigenvalue(i).getReal());
            total += values[i];
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        int k = 0;
        double explained = 0;
        while (k < p && explained < varianceFraction * total)
        {
            explained += values[order[k]];
            k++;
        }
        k = Math.max(1, Math.min(k, p > 1 ? p - 1 : 1));
        final double[] loadings = new double[p * k];
        final double[] eigenvalues = new double[k];
        for (int j = 0; j < k; j++)
        {
            final DMatrixRMaj v = eig.getEigenVector(order[j]);
            eigenvalues[j] = values[order[j]];
            for (int c = 0; c < p; c++)
            {
                loadings[c * k + j] = v.get(c, 0);
            }
        }
        return new PcaModel(mean.clone(), std.clone(), loadings, eigenvalues, k, shrinkage, complete);
    }

    /**
     * Schäfer-Strimmer (2005) shrinkage of the correlation matrix towards I from the standardized rows:
     * {@code r_ab = Σ_k w_kab / (n-1)} with {@code w_kab = z_ka z_kb}, {@code Var(r_ab) = n/(n-1)³ Σ_k (w_kab - w̄_ab)²};
     * {@code λ = Σ_{a<b} Var(r_ab) / Σ_{a<b} r_ab²}, clipped to [0, 0.99]. {@code upper} holds the upper triangle
     * of {@code Σ_k z_ka z_kb}.
     */
    static double estimateShrinkage(final double[][] complete, final double[] mean, final double[] std, final double[] upper, final int n)
    {
        final int p = mean.length;
        if (p < 2 || n < 3)
        {
            return 0;
        }
        final double[] zi = new double[p];
        double varSum = 0;
        double sqSum = 0;
        final double[] dev = new double[p * p];
        for (final double[] row : complete)
        {
            for (int c = 0; c < p; c++)
            {
                zi[c] = (row[c] - mean[c]) / std[c];
            }
            for (int a = 0; a < p; a++)
            {
                for (int b = a + 1; b < p; b++)
                {
                    final double d = zi[a] * zi[b] - upper[a * p + b] / n;
                    dev[a * p + b] += d * d;
                }
            }
        }
        for (int a = 0; a < p; a++)
        {
            for (int b = a + 1; b < p; b++)
            {
                final double rab = upper[a * p + b] / (n - 1);
                varSum += (double)n / ((double)(n - 1) * (n - 1) * (n - 1)) * dev[a * p + b];
                sqSum += rab * rab;
            }
        }
        if (!(sqSum > 0))
        {
            return 0.99;
        }
        return Math.max(0, Math.min(0.99, varSum / sqSum));
    }

    /** Standardizes {@code x} (NaN: the mean), projects, sets {@link #lastT2} and {@link #lastQ}. */
    private void project(final double[] x)
    {
        final int k = components;
        for (int c = 0; c < width; c++)
        {
            final double v = x[c];
            z[c] = Double.isFinite(v) ? (v - mean[c]) / std[c] : 0.0;
        }
        double t2 = 0;
        for (int j = 0; j < k; j++)
        {
            double s = 0;
            for (int c = 0; c < width; c++)
            {
                s += loadings[c * k + j] * z[c];
            }
            t[j] = s;
            t2 += s * s / eigenvalues[j];
        }
        double q = 0;
        for (int c = 0; c < width; c++)
        {
            double s = 0;
            for (int j = 0; j < k; j++)
            {
                s += loadings[c * k + j] * t[j];
            }
            final double e = z[c] - s;
            residual[c] = e;
            q += e * e;
        }
        lastT2 = t2;
        lastQ = q;
    }

    /** Combined score of {@code x}. */
    double score(final double[] x)
    {
        project(x);
        return lastT2 / t2Scale + lastQ / qScale;
    }

    double lastT2()
    {
        return lastT2;
    }

    double lastQ()
    {
        return lastQ;
    }

    /** Per-column contribution to the last combined score: {@code e_c²/qScale + |z_c g_c|/t2Scale}, g = P Λ⁻¹ t. */
    void contributions(final double[] out)
    {
        final int k = components;
        for (int c = 0; c < width; c++)
        {
            double g = 0;
            for (int j = 0; j < k; j++)
            {
                g += loadings[c * k + j] * t[j] / eigenvalues[j];
            }
            out[c] = residual[c] * residual[c] / qScale + Math.abs(z[c] * g) / t2Scale;
        }
    }
}
