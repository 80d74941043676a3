package io.ironloop.control.detect;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Schäfer-Strimmer shrinkage estimate of {@link PcaModel}: worked by hand, and its behaviour with n and correlation. */
class PcaShrinkageTest
{
    private static PcaModel fit(final double[][] rows, final double shrinkage)
    {
        final int p = rows[0].length;
        final double[] mean = new double[p];
        final double[] std = new double[p];
        for (int c = 0; c < p; c++)
        {
            for (final double[] r : rows)
            {
                mean[c] += r[c] / rows.length;
            }
            for (final double[] r : rows)
            {
                std[c] += (r[c] - mean[c]) * (r[c] - mean[c]) / (rows.length - 1);
            }
            std[c] = Math.sqrt(std[c]);
        }
        return PcaModel.fit(rows, mean, std, shrinkage, 0.9);
    }

    @Test
    void shouldMatchTheEstimateWorkedByHand()
    {
        // z = standardized columns; w_k = z_k1 z_k2; r = Σw/(n-1) = 0.82199; Var(r) = n/(n-1)³ Σ(w - w̄)² = 0.18581;
        // λ = Var(r) / r² = 0.275 (computed by hand with numpy, not with this code)
        final double[][] rows = {{1, 2}, {2, 1}, {3, 4}, {4, 3}, {5, 6}};
        assertEquals(0.275, fit(rows, PcaModel.ESTIMATED).shrinkage, 1e-9);
        assertEquals(0.05, fit(rows, 0.05).shrinkage, 0.0, "a given shrinkage is used as it is");
    }

    @Test
    void shouldShrinkLessWithMoreSamplesAndStrongCorrelation()
    {
        final double few = fit(DetectorsTest.normal(60, 7), PcaModel.ESTIMATED).shrinkage;
        final double many = fit(DetectorsTest.normal(6000, 7), PcaModel.ESTIMATED).shrinkage;
        assertTrue(few > many, "60 samples " + few + " vs 6000 samples " + many);
        assertTrue(many < 0.01, "strongly correlated channels, many samples: " + many);
    }

    @Test
    void shouldShrinkAlmostFullyWhenChannelsAreIndependent()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final double[][] rows = new double[400][6];
        for (final double[] r : rows)
        {
            for (int c = 0; c < r.length; c++)
            {
                r[c] = random.nextGaussian();
            }
        }
        final double lambda = fit(rows, PcaModel.ESTIMATED).shrinkage;
        assertTrue(lambda > 0.5 && lambda <= 0.99, "independent channels: sample correlations are noise, λ = " + lambda);
    }

    @Test
    void shouldRefuseANegativeShrinkageOtherThanTheEstimate()
    {
        assertThrows(IllegalArgumentException.class, () -> new PcaDetector(DetectorsTest.NAMES, -0.5, 0.9, ThresholdRule.DEFAULT, 50));
        assertThrows(IllegalArgumentException.class, () -> new LaggedPcaDetector(DetectorsTest.NAMES, 2, -0.5, 0.9, ThresholdRule.DEFAULT, 50));
    }
}
