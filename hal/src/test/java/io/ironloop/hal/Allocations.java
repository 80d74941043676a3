package io.ironloop.hal;

import java.lang.management.ManagementFactory;

/** Measures bytes allocated by the current thread while running a piece of code. */
public final class Allocations
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private Allocations()
    {
    }

    /**
     * Runs {@code work} {@code rounds} times after one warm-up run and returns the fewest bytes any
     * round allocated: one-off JVM events (JIT, class loading) show in one round, steady-state
     * allocation shows in every round.
     */
    public static long steadyStateBytes(final Runnable work, final int rounds)
    {
        work.run();
        THREADS.getCurrentThreadAllocatedBytes();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            work.run();
            fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }

    /** Bytes allocated per call of {@code action}, averaged over {@code iterations} calls after {@code warmup} calls. */
    public static long bytesPerCall(final Runnable action, final int warmup, final int iterations)
    {
        for (int i = 0; i < warmup; i++)
        {
            action.run();
        }
        THREADS.getCurrentThreadAllocatedBytes();
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < iterations; i++)
        {
            action.run();
        }
        return (THREADS.getCurrentThreadAllocatedBytes() - before) / iterations;
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
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < runs; i++)
            {
                action.run();
            }
            final long after = THREADS.getCurrentThreadAllocatedBytes();
            best = Math.min(best, after - before);
        }
        return best;
    }
}
