package io.ironloop.control.anomaly;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingAnomalyDetectorTest
{
    @Test
    void gaussianTailMatchesTables()
    {
        assertEquals(0.5, StreamingAnomalyDetector.upperTail(0), 1e-7);
        assertEquals(0.025, StreamingAnomalyDetector.upperTail(1.959964), 1e-6);
        assertEquals(0.975, StreamingAnomalyDetector.upperTail(-1.959964), 1e-6);
        assertEquals(2.8665e-7, StreamingAnomalyDetector.upperTail(5), 1e-9);
    }

    @Test
    void aJumpAfterAQuietStretchScoresHighAndNoiseDoesNot()
    {
        final StreamingAnomalyDetector detector = new StreamingAnomalyDetector(64, 2000);
        final Random random = new Random(11);
        double quietMax = 0;
        for (int i = 0; i < 3000; i++)
        {
            final double score = detector.score(10 + random.nextGaussian());
            if (i > 600)
            {
                quietMax = Math.max(quietMax, score);
            }
        }
        double jumpMax = 0;
        for (int i = 0; i < 20; i++)
        {
            jumpMax = Math.max(jumpMax, detector.score(25 + random.nextGaussian()));
        }
        assertTrue(jumpMax >= StreamingAnomalyDetector.RED, "jump scored " + jumpMax);
        assertTrue(quietMax < jumpMax, "noise " + quietMax + " vs jump " + jumpMax);
    }

    @Test
    void oneEpisodeGivesOneRedScoreThenIsCappedBelowIt()
    {
        final StreamingAnomalyDetector detector = new StreamingAnomalyDetector(32, 500);
        final Random random = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            detector.score(random.nextGaussian());
        }
        int red = 0;
        double previous = 0;
        int consecutive = 0;
        for (int i = 0; i < 15; i++)
        {
            final double score = detector.score(50 + random.nextGaussian());
            if (score >= StreamingAnomalyDetector.RED && previous >= StreamingAnomalyDetector.RED)
            {
                consecutive++;
            }
            red += score >= StreamingAnomalyDetector.RED ? 1 : 0;
            previous = score;
        }
        assertTrue(red >= 1);
        assertEquals(0, consecutive, "no two red scores in a row");
    }

    @Test
    void constantAndNonFiniteInputsNeverGiveNaN()
    {
        final StreamingAnomalyDetector detector = new StreamingAnomalyDetector(16, 100);
        for (int i = 0; i < 500; i++)
        {
            final double score = detector.score(i % 97 == 0 ? Double.NaN : 4.0);
            assertTrue(score >= 0 && score <= 1, "score " + score + " at " + i);
        }
        assertEquals(0.0, detector.score(Double.POSITIVE_INFINITY));
        final double step = detector.score(5.0);
        assertTrue(step >= 0 && step <= 1);
    }

    @Test
    void scoringAllocatesNothing()
    {
        final StreamingAnomalyDetector detector = StreamingAnomalyDetector.standard();
        final Random random = new Random(5);
        final double[] input = new double[20000];
        for (int i = 0; i < input.length; i++)
        {
            input[i] = Math.sin(i / 50.0) + 0.1 * random.nextGaussian();
        }
        double sink = 0;
        for (int i = 0; i < 10000; i++)
        {
            sink += detector.score(input[i]);
        }
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        // A real allocation shows in every round; a JIT transition (OSR, deoptimisation) in at most one.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated != 0; round++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 10000; i < input.length; i++)
            {
                sink += detector.score(input[i]);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated, "bytes over 10000 samples");
        assertTrue(sink >= 0);
    }

    @Test
    void badSizesAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new StreamingAnomalyDetector(4, 1000));
        assertThrows(IllegalArgumentException.class, () -> new StreamingAnomalyDetector(64, 5));
    }

    @Test
    void slidingQuantilesFollowTheWindow()
    {
        final SlidingQuantiles q = new SlidingQuantiles(5);
        for (final double v : new double[] {5, 1, 4, 2, 3})
        {
            q.add(v);
        }
        assertEquals(3, q.quantile(0.5));
        assertEquals(1, q.min());
        q.add(10); // drops the 5
        assertEquals(3, q.quantile(0.5));
        assertEquals(10, q.max());
        q.add(10); // drops the 1
        assertEquals(2, q.min());
        assertEquals(4, q.quantile(0.5));
    }
}
