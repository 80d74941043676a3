package io.ironloop.hal;

import java.lang.management.ManagementFactory;

/** Measures bytes allocated by the current thread around a repeated action (after a warm-up). */
public final class AllocationMeter
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationMeter()
    {
    }

    /**
     * Runs {@code action} {@code warmUp} times, then returns the bytes allocated by {@code runs} more runs.
     * The best of three rounds is taken: a JIT recompilation can allocate a few bytes once, while a real
     * per-run allocation shows in every round (at least {@code runs} x 16 bytes).
     */
    public static long bytesAllocated(final int warmUp, final int runs, final Runnable action)
    {
        for (int i = 0; i < warmUp; i++)
        {
            action.run();
        }
        final long threadId = Thread.currentThread().getId();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++)
        {
            final long before = THREADS.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < runs; i++)
            {
                action.run();
            }
            final long after = THREADS.getThreadAllocatedBytes(threadId);
            best = Math.min(best, after - before);
        }
        return best;
    }
}
