package io.ironloop.control.runtime;

import org.agrona.concurrent.NanoClock;

/**
 * When a background agent that runs once a period (the advisor, a vibration monitor) is next due. Unlike
 * {@link FixedRateSchedule} it keeps no phase: an agent far behind (a pause) runs once and next one period
 * later, not in a burst of catch-up runs, and nothing is measured. Deadlines are compared wrap-safe; one thread.
 */
public final class PeriodicDeadline
{
    private static final long UNSET = Long.MIN_VALUE;

    private final long periodNs;
    private long nextNs = UNSET;

    /** {@code periodNs} is checked by the agent that owns this (with its other settings, in one message). */
    public PeriodicDeadline(final long periodNs)
    {
        this.periodNs = periodNs;
    }

    /** Anchors the first run at {@code nowNs}; until called, the first {@link #due} anchors it. */
    public void start(final long nowNs)
    {
        nextNs = nowNs;
    }

    /** True when a run is due at {@code nowNs}; the deadline then moves to the next run. */
    public boolean due(final long nowNs)
    {
        if (nextNs == UNSET)
        {
            nextNs = nowNs;
        }
        if (nowNs - nextNs < 0)
        {
            return false;
        }
        nextNs += periodNs;
        if (nextNs - nowNs <= 0)
        {
            // Far behind (a pause): the next run one period from now, not a burst of catch-up runs.
            nextNs = nowNs + periodNs;
        }
        return true;
    }

    /** The next run's time: now (read from {@code clock}) while not yet anchored. */
    public long nextNs(final NanoClock clock)
    {
        return nextNs == UNSET ? clock.nanoTime() : nextNs;
    }

    public long periodNs()
    {
        return periodNs;
    }
}
