package io.ironloop.firmware.replay;

import io.ironloop.control.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FedSignalTest
{
    private static final int HISTORY = 16;

    @Test
    void shouldAnswerEachInstantWithTheRowCurrentThenAsALinearScanWould()
    {
        final VirtualClock clock = new VirtualClock(1_000L);
        final FedSignal signal = new FedSignal(2.0, 1.0, clock, HISTORY);
        final long[] times = new long[100];
        final double[] values = new double[100];
        final SplittableRandom random = new SplittableRandom(7);
        for (int row = 0; row < times.length; row++)
        {
            // rows 0-10 ns apart, some at the same instant (a recording whose timestamps repeat)
            clock.advanceTo(clock.nanoTime() + random.nextInt(11));
            times[row] = clock.nanoTime();
            values[row] = row;
            signal.set(row);
            final int oldest = Math.max(0, row + 1 - HISTORY);
            for (long at = times[oldest] - 3; at <= times[row] + 3; at++)
            {
                assertEquals(expected(times, values, oldest, row, at) * 2.0 + 1.0, signal.valueAt(at), 0.0,
                    "row " + row + ", asked at " + at);
            }
        }
    }

    @Test
    void shouldRefuseAHistoryThatIsNotAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new FedSignal(1.0, 0.0, new VirtualClock(0L), 12));
    }

    /** The newest kept row at or before {@code at}, or the oldest kept row when {@code at} is before it. */
    private static double expected(final long[] times, final double[] values, final int oldest, final int newest, final long at)
    {
        double value = values[oldest];
        for (int i = oldest; i <= newest; i++)
        {
            if (times[i] <= at)
            {
                value = values[i];
            }
        }
        return value;
    }
}
