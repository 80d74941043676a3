package io.ironloop.firmware.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-made cases: 100 rows one minute apart, probation 15 rows, one window over rows 60..69 (width 10). */
class NabScorerTest
{
    private static final NabScorer.Profile STANDARD = NabScorer.PROFILES.get(0);
    private static final NabScorer.Profile LOW_FP = NabScorer.PROFILES.get(1);
    private static final NabScorer.Profile LOW_FN = NabScorer.PROFILES.get(2);

    private static NabScorer.DataFile file(final double[] scores, final boolean window)
    {
        final long[] ts = new long[scores.length];
        for (int i = 0; i < ts.length; i++)
        {
            ts[i] = 1_400_000_000L + 60L * i;
        }
        return new NabScorer.DataFile("cat/f.csv", ts, scores, window ? List.of(new long[] {ts[60], ts[69]}) : List.of());
    }

    private static double[] detectionsAt(final int... rows)
    {
        final double[] scores = new double[100];
        for (final int row : rows)
        {
            scores[row] = 1.0;
        }
        return scores;
    }

    @Test
    void probationIsFifteenPercentCappedAt750Rows()
    {
        assertEquals(15, NabScorer.probationLength(100));
        assertEquals(282, NabScorer.probationLength(1882));
        assertEquals(750, NabScorer.probationLength(22695));
    }

    @Test
    void aDetectionAtTheWindowStartEarnsTheFullTruePositive()
    {
        final NabScorer.Outcome outcome = NabScorer.score(List.of(file(detectionsAt(60), true)), STANDARD);
        assertEquals(1.0, outcome.threshold());
        assertEquals(1.0, outcome.score(), 1e-12);
        assertEquals(-1.0, outcome.nullScore());
        assertEquals(1.0, outcome.perfectScore());
        assertEquals(100.0, outcome.normalized(), 1e-9);
    }

    @Test
    void anEarlyDetectionScoresMoreThanALateOne()
    {
        final double early = NabScorer.score(List.of(file(detectionsAt(62), true)), STANDARD).score();
        final double late = NabScorer.score(List.of(file(detectionsAt(68), true)), STANDARD).score();
        assertTrue(early > late, early + " vs " + late);
        // row 68: y = -(69 - 68 + 1)/10 = -0.2; (2/(1+e^-1) - 1) / (2/(1+e^-5) - 1) = 0.46212 / 0.98661
        assertEquals(0.46212 / 0.98661, late, 1e-4);
        // only the best detection in a window counts: a late one beside an early one adds nothing
        assertEquals(early, NabScorer.score(List.of(file(detectionsAt(62, 68), true)), STANDARD).score(), 1e-12);
    }

    @Test
    void aFalsePositiveBeforeAnyWindowCostsTheProfilesFullWeight()
    {
        final double[] scores = new double[100];
        scores[30] = 0.9;  // outside the window, no window before it
        scores[60] = 0.8;  // the window start
        final NabScorer.DataFile file = file(scores, true);
        // best threshold 0.8 takes both: 1 - A_fp
        assertEquals(1 - 0.11, NabScorer.score(List.of(file), STANDARD).score(), 1e-12);
        assertEquals(1 - 0.22, NabScorer.score(List.of(file), LOW_FP).score(), 1e-12);
        assertEquals(1 - 0.11, NabScorer.score(List.of(file), LOW_FN).score(), 1e-12);
        assertEquals(0.8, NabScorer.score(List.of(file), STANDARD).threshold());
    }

    @Test
    void aFalsePositiveJustAfterAWindowCostsLessThanOneFarAfterIt()
    {
        final double near = NabScorer.score(List.of(file(withAlso(70), true)), STANDARD).score();
        final double far = NabScorer.score(List.of(file(withAlso(95), true)), STANDARD).score();
        // row 70: y = 1/9 → 2/(1+e^0.556) - 1 = -0.2709, times 0.11
        assertEquals(1 - 0.11 * 0.27091, near, 1e-4);
        assertTrue(near > far, near + " vs " + far);
        assertTrue(far > 1 - 0.11 - 1e-9);
    }

    private static double[] withAlso(final int row)
    {
        final double[] scores = new double[100];
        scores[60] = 0.8;
        scores[row] = 0.9;
        return scores;
    }

    @Test
    void missedWindowsCostAFalseNegativeEachAndProbationRowsNothing()
    {
        final NabScorer.DataFile missed = file(detectionsAt(5), true);
        assertEquals(-1.0, NabScorer.score(List.of(missed), STANDARD).score(), 1e-12);
        assertEquals(-2.0, NabScorer.score(List.of(missed), LOW_FN).score(), 1e-12);
        assertEquals(0.0, NabScorer.score(List.of(missed), STANDARD).normalized(), 1e-12);
        final NabScorer.FileScore counts = NabScorer.score(List.of(missed), STANDARD).files().get(0);
        assertEquals(0, counts.fp());
        assertEquals(85, counts.tp() + counts.tn() + counts.fp() + counts.fn());
    }

    @Test
    void theThresholdIsOptimisedOverTheWholeCorpus()
    {
        // file A wants a low threshold (its window start scores 0.3), file B has an FP at 0.5
        final double[] a = new double[100];
        a[60] = 0.3;
        final double[] b = new double[100];
        b[40] = 0.5;
        b[60] = 0.6;
        final NabScorer.Outcome outcome = NabScorer.score(List.of(file(a, true), file(b, true)), STANDARD);
        assertEquals(0.3, outcome.threshold());
        assertEquals(2 - 0.11, outcome.score(), 1e-12);
        assertEquals(2, outcome.files().size());
    }

    @Test
    void aWindowWhoseTimestampIsNoRowIsAClearError()
    {
        final long[] ts = {0, 60, 120};
        final NabScorer.DataFile bad = new NabScorer.DataFile("c/x.csv", ts, new double[3], List.of(new long[] {30, 60}));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> NabScorer.score(List.of(bad), STANDARD));
        assertTrue(ex.getMessage().contains("c/x.csv"), ex.getMessage());
    }
}
