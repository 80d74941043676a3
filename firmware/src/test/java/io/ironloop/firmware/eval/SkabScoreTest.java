package io.ironloop.firmware.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SKAB's metrics on hand-made cases whose results are worked out in the comments. */
class SkabScoreTest
{
    private static long[] seconds(final int n)
    {
        final long[] t = new long[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = 1000 + i;
        }
        return t;
    }

    private static boolean[] flags(final int n, final int from, final int to)
    {
        final boolean[] f = new boolean[n];
        for (int i = from; i < to; i++)
        {
            f[i] = true;
        }
        return f;
    }

    @Test
    void shouldSumConfusionOverFilesBeforeTakingRatios()
    {
        final SkabScore s = new SkabScore();
        // file 1: 10 rows, anomaly rows 5-9, prediction rows 4-7: TP 3 (5,6,7), FP 1 (4), FN 2 (8,9), TN 4
        s.addFile(seconds(10), flags(10, 5, 10), new boolean[10], new int[] {0, 0, 0, 0, 1, 1, 1, 1, 0, 0});
        // file 2: 4 rows, no anomaly, one missing prediction (counts as 0), one alarm: FP 1, TN 3
        s.addFile(seconds(4), new boolean[4], new boolean[4], new int[] {SkabScore.MISSING, 1, 0, 0});
        assertEquals(3, s.tp());
        assertEquals(2, s.fp());
        assertEquals(2, s.fn());
        assertEquals(7, s.tn());
        assertEquals(0.6, s.f1());          // 3 / (3 + 4/2)
        assertEquals(22.22, s.farPct());    // 2 / 9
        assertEquals(40.0, s.marPct());     // 2 / 5
    }

    @Test
    void shouldScoreChangepointsWithTanhWeightAndProfiles()
    {
        final int n = 200;
        final boolean[] cp = new boolean[n];
        cp[50] = true;   // window [1050, 1110]
        cp[150] = true;  // window [1150, 1210]
        // prediction rises at row 50 (a CP exactly at the window start: full A_tp) and falls at row 120
        // (outside every window: one A_fp); the second window is missed (A_fn)
        final int[] p = new int[n];
        for (int i = 50; i < 120; i++)
        {
            p[i] = 1;
        }
        final SkabScore s = new SkabScore();
        s.addFile(seconds(n), new boolean[n], cp, p);
        assertEquals(1, s.missedChangepoints());
        assertEquals(1, s.falseChangepoints());
        // Standard: S = 1 - 0.11 - 1 = -0.11; null -2, perfect 2: 100 (1.89 / 4) = 47.25
        assertEquals(47.25, s.nab(0));
        // LowFP: 1 - 0.22 - 1 = -0.22: 100 (1.78 / 4) = 44.5
        assertEquals(44.5, s.nab(1));
        // LowFN: 1 - 0.11 - 2 = -1.11; null -4, perfect 2: 100 (2.89 / 6) = 48.17
        assertEquals(48.17, s.nab(2));
    }

    @Test
    void shouldWeightLateDetectionsLessAndCutOverlappingWindows()
    {
        // at the window's end the curve is at A_fp; halfway it is halfway between A_tp and A_fp
        assertEquals(1.0, SkabScore.scale(new long[] {0, 0, 60}, 1, -0.11), 1e-12);
        assertEquals(-0.11, SkabScore.scale(new long[] {0, 60, 60}, 1, -0.11), 1e-12);
        assertEquals((1 - 0.11) / 2, SkabScore.scale(new long[] {0, 30, 60}, 1, -0.11), 0.01);
        // two changepoints 30 s apart: the second window starts where the first ends (cut right window), giving
        // [1000, 1060] and [1060, 1090]; the prediction at 1040 hits the first, the second is missed
        final int n = 120;
        final boolean[] cp = new boolean[n];
        cp[0] = true;
        cp[30] = true;
        final int[] p = new int[n];
        for (int i = 40; i < n; i++)
        {
            p[i] = 1;
        }
        final SkabScore s = new SkabScore();
        s.addFile(seconds(n), new boolean[n], cp, p);
        assertEquals(1, s.missedChangepoints());
        assertEquals(0, s.falseChangepoints());
    }

    @Test
    void shouldRejectMismatchedLengths()
    {
        assertThrows(IllegalArgumentException.class, () -> new SkabScore().addFile(seconds(3), new boolean[3], new boolean[2], new int[3]));
    }
}
