package io.ironloop.control.advice;

import io.ironloop.control.detect.EnsembleSpec;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnsembleModelTest
{
    private static final String[] CHANNELS = {"a", "b", "c"};

    private static double[] healthy(final SplittableRandom random, final double[] row)
    {
        final double common = random.nextGaussian();
        row[0] = 10 + common + 0.1 * random.nextGaussian();
        row[1] = 5 + 0.5 * common + 0.1 * random.nextGaussian();
        row[2] = 2 + 0.3 * random.nextGaussian();
        return row;
    }

    @Test
    void shouldStayNeutralWhileLearningThenAlarmOnAShiftAndNameIt()
    {
        final EnsembleModel model = new EnsembleModel(EnsembleSpec.DEFAULT.build(CHANNELS), 400);
        final SplittableRandom random = new SplittableRandom(7);
        final double[] row = new double[3];
        final double[] out = new double[EnsembleModel.OUTPUTS];
        for (int i = 0; i < 399; i++)
        {
            model.evaluate(i, healthy(random, row), out);
            assertEquals(0.0, out[EnsembleModel.SCORE]);
            assertEquals(0.0, out[EnsembleModel.FALLBACK]);
        }
        assertFalse(model.ready());
        assertTrue(model.notReady().contains("399 of 400"), model.notReady());
        model.evaluate(399, healthy(random, row), out);
        assertTrue(model.ready(), model.notReady());

        int alarmsWhileHealthy = 0;
        for (int i = 0; i < 500; i++)
        {
            model.evaluate(i, healthy(random, row), out);
            alarmsWhileHealthy += (int)out[EnsembleModel.ALARM];
        }
        assertTrue(alarmsWhileHealthy < 25, "alarms on healthy data: " + alarmsWhileHealthy);

        boolean alarmed = false;
        for (int i = 0; i < 50 && !alarmed; i++)
        {
            healthy(random, row)[2] += 4.0;        // channel c leaves its learned range
            model.evaluate(i, row, out);
            alarmed = out[EnsembleModel.ALARM] == 1.0;
        }
        assertTrue(alarmed, "a 13-sigma shift on one channel raises the alarm");
        assertTrue(out[EnsembleModel.SCORE] > 1.0, "score over threshold: " + out[EnsembleModel.SCORE]);
        assertEquals(1.0, out[EnsembleModel.FALLBACK], "an alarmed model asks ADVISED loops to fall back");
        final int[] top = new int[3];
        assertTrue(model.topChannels(top) > 0);
        assertEquals(2, top[0], "channel c is named first");
    }

    @Test
    void shouldNeverLearnAMissingSampleAndAskForFallbackOnOne()
    {
        final EnsembleModel model = new EnsembleModel(EnsembleSpec.DEFAULT.build(CHANNELS), 200);
        final SplittableRandom random = new SplittableRandom(3);
        final double[] row = new double[3];
        final double[] out = new double[EnsembleModel.OUTPUTS];
        for (int i = 0; i < 200; i++)
        {
            healthy(random, row);
            if (i % 2 == 0)
            {
                row[1] = Double.NaN;
            }
            model.evaluate(i, row, out);
        }
        assertFalse(model.ready(), "only the 100 complete rows count: " + model.notReady());
        for (int i = 0; i < 100; i++)
        {
            model.evaluate(i, healthy(random, row), out);
        }
        assertTrue(model.ready(), model.notReady());
        healthy(random, row)[0] = Double.NaN;
        model.evaluate(0, row, out);
        assertEquals(1.0, out[EnsembleModel.FALLBACK]);
    }

    @Test
    void shouldReportAConstantChannelInsteadOfDividingByZero()
    {
        final EnsembleModel model = new EnsembleModel(EnsembleSpec.DEFAULT.build(CHANNELS), 200);
        final SplittableRandom random = new SplittableRandom(5);
        final double[] row = new double[3];
        final double[] out = new double[EnsembleModel.OUTPUTS];
        for (int i = 0; i < 400; i++)
        {
            healthy(random, row)[1] = 5.0;
            model.evaluate(i, row, out);
            assertTrue(Double.isFinite(out[EnsembleModel.SCORE]));
            assertEquals(0.0, out[EnsembleModel.ALARM]);
        }
        assertFalse(model.ready());
        assertNotNull(model.learningFailure());
        assertTrue(model.notReady().contains("b"), model.notReady());
    }

    @Test
    void shouldScoreWithoutAllocatingAfterLearning()
    {
        final EnsembleModel model = new EnsembleModel(EnsembleSpec.DEFAULT.build(CHANNELS), 400);
        final SplittableRandom random = new SplittableRandom(11);
        final double[] row = new double[3];
        final double[] out = new double[EnsembleModel.OUTPUTS];
        for (int i = 0; i < 20_000; i++)
        {
            model.evaluate(i, healthy(random, row), out);
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            model.evaluate(i, healthy(random, row), out);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 100000 samples");
    }
}
