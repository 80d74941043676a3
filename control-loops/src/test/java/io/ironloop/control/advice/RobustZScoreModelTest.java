package io.ironloop.control.advice;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in model: median/MAD learned from healthy samples, NaN never learned, a constant channel reported. */
class RobustZScoreModelTest
{
    private final double[] out = new double[RobustZScoreModel.OUTPUTS];

    @Test
    void shouldLearnMedianAndMadAndScoreTheLargestDeviation()
    {
        final RobustZScoreModel model = new RobustZScoreModel(2, 1000, 1e-6, 4.0, 2.0, 0.1, 10, 20.0);
        final SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++)
        {
            assertFalse(model.ready());
            model.evaluate(i, new double[] {10 + gaussian(random), -3 + 0.5 * gaussian(random)}, out);
            assertEquals(0.0, out[RobustZScoreModel.TRIM], "no advice while learning");
            assertEquals(0.0, out[RobustZScoreModel.FALLBACK]);
        }
        assertTrue(model.ready());
        assertNull(model.notReady());
        assertEquals(10.0, model.median(0), 0.1);
        assertEquals(1.0, model.scale(0), 0.1, "1.4826 MAD estimates sigma");
        assertEquals(0.5, model.scale(1), 0.05);
        model.evaluate(0, new double[] {10.0, -3.0 + 5 * model.scale(1)}, out);
        assertEquals(5.0, out[RobustZScoreModel.SCORE], 0.3, "the second channel is 5 sigma off");
        assertEquals(1.0, out[RobustZScoreModel.ALARM]);
        assertEquals(-0.1 * (out[RobustZScoreModel.SCORE] - 2.0), out[RobustZScoreModel.TRIM], 1e-12);
        model.evaluate(0, new double[] {10.0 + 30 * model.scale(0), -3.0}, out);
        assertEquals(1.0, out[RobustZScoreModel.FALLBACK], "far outside what it learned: fall back");
        model.evaluate(0, new double[] {Double.NaN, -3.0}, out);
        assertEquals(1.0, out[RobustZScoreModel.FALLBACK], "a missing channel: fall back");
    }

    @Test
    void shouldNotLearnNaNAndShouldReportAConstantChannelInsteadOfDividingByZero()
    {
        final RobustZScoreModel model = new RobustZScoreModel(2, 20, 0.01, 4.0, 2.0, 0.1, 10, 20.0);
        for (int i = 0; i < 40; i++)
        {
            model.evaluate(i, new double[] {i % 2 == 0 ? Double.NaN : 1.0 + 0.001 * i, 5.0}, out);
        }
        assertTrue(model.ready(), "20 good samples out of 40, the NaN ones skipped");
        assertEquals(1, model.constantChannels(), "channel 1 never moved");
        assertEquals(0.01, model.scale(1), "scored against minScale");
        assertTrue(Double.isFinite(model.median(0)));
        model.evaluate(0, new double[] {model.median(0), 5.05}, out);
        assertEquals(5.0, out[RobustZScoreModel.SCORE], 1e-9, "0.05 off a constant 5.0 at minScale 0.01");
    }

    @Test
    void shouldRefuseTooFewLearningSamplesOrABadScale()
    {
        assertThrows(IllegalArgumentException.class, () -> new RobustZScoreModel(1, 5, 1e-3, 4, 2, 0.1, 10, 20));
        assertThrows(IllegalArgumentException.class, () -> new RobustZScoreModel(1, 100, 0.0, 4, 2, 0.1, 10, 20));
        assertThrows(IllegalArgumentException.class, () -> new RobustZScoreModel(0, 100, 1e-3, 4, 2, 0.1, 10, 20));
    }

    private static double gaussian(final SplittableRandom random)
    {
        return Math.sqrt(-2 * Math.log(1.0 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
