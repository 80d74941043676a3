package io.ironloop.control.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorEnsembleTest
{
    /** A detector whose score is the row's first value, threshold 1, blaming channels by their value. */
    private static final class Echo implements Detector
    {
        private double[] last = new double[3];

        @Override
        public String name()
        {
            return "echo";
        }

        @Override
        public int channels()
        {
            return 3;
        }

        @Override
        public void learn(final double[] row)
        {
        }

        @Override
        public void finishLearning()
        {
        }

        @Override
        public boolean learned()
        {
            return true;
        }

        @Override
        public double score(final double[] row)
        {
            System.arraycopy(row, 0, last, 0, 3);
            return row[0];
        }

        @Override
        public double threshold()
        {
            return 1.0;
        }

        @Override
        public void contributions(final double[] out)
        {
            System.arraycopy(last, 0, out, 0, 3);
        }

        @Override
        public void resetScoring()
        {
        }
    }

    @Test
    void shouldRaiseOnlyAfterMinimumDurationAndClearWithHysteresis()
    {
        final DetectorEnsemble e = new DetectorEnsemble(new Detector[] {new Echo()}, DetectorEnsemble.Combine.MAX,
            new AlarmRule(1.0, 0.5, 3, 2), 2);
        final double[] scores = {2, 2, 0.1, 2, 2, 2, 0.8, 0.8, 0.4, 0.4, 0.4};
        final boolean[] expected = {false, false, false, false, false, true, true, true, true, false, false};
        for (int i = 0; i < scores.length; i++)
        {
            e.score(new double[] {scores[i], 0.3, 5});
            assertEquals(expected[i], e.alarm(), "sample " + i);
        }
        assertEquals(1, e.alarmsRaised());
        final int[] top = new int[2];
        assertEquals(2, e.topChannels(top));
        assertArrayEquals(new int[] {2, 0}, top, "channel 2 (5.0) contributes most, then channel 0 (2.0)");
    }

    @Test
    void shouldRejectMembersOnDifferentChannels()
    {
        final Detector eight = new RobustUnivariateDetector(DetectorsTest.NAMES, ThresholdRule.DEFAULT, 10);
        assertThrows(IllegalArgumentException.class, () -> new DetectorEnsemble(new Detector[] {new Echo(), eight},
            DetectorEnsemble.Combine.MAX, AlarmRule.DEFAULT, 3));
        assertThrows(IllegalArgumentException.class, () -> new AlarmRule(1.0, 1.5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdRule(0, 1, 0));
    }

    @Test
    void shouldTakeThresholdFromHeldOutTailOfLearningRows() throws Exception
    {
        final ThresholdRule rule = new ThresholdRule(1.0, 1.0, 0.5);
        final RobustUnivariateDetector d = new RobustUnivariateDetector(new String[] {"x"}, rule, 4);
        // head 0..9 alternating ±1 around 0 (median 0, MAD 1), tail holds a 5: threshold = 5 / 1.4826
        final double[] values = {1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0};
        for (final double v : values)
        {
            d.learn(new double[] {v});
        }
        d.finishLearning();
        assertEquals(5 / 1.4826, d.threshold(), 1e-9);
        assertFalse(d.score(new double[] {3}) > d.threshold());
        assertTrue(d.score(new double[] {6}) > d.threshold());
    }

    @Test
    void shouldRestartSmoothedStateAtLearnedMeanOnReset() throws Exception
    {
        final SmoothedDetector d = new SmoothedDetector(new RobustUnivariateDetector(new String[] {"x"}, ThresholdRule.DEFAULT, 4), 0.1);
        for (int i = 0; i < 40; i++)
        {
            d.learn(new double[] {i % 2 == 0 ? 9 : 11});
        }
        d.finishLearning();
        for (int i = 0; i < 100; i++)
        {
            d.score(new double[] {50}); // a long fault drags the smoothed value far away
        }
        assertTrue(d.score(new double[] {10}) > d.threshold(), "still abnormal right after the fault");
        d.resetScoring();
        assertFalse(d.score(new double[] {10}) > d.threshold(), "a new run starts from the learned mean, not the old fault");
    }
}
