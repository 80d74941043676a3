package io.ironloop.hal;

import java.lang.management.ManagementFactory;

/** Measures bytes allocated by the current thread per call of an action, after warm-up. */
public final class Allocations
{
    private Allocations()
    {
    }

    public static long bytesPerCall(final Runnable action, final int warmup, final int iterations)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++)
        {
            action.run();
        }
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < iterations; i++)
        {
            action.run();
        }
        final long after = threads.getThreadAllocatedBytes(threadId);
        return (after - before) / iterations;
    }
}
