package io.ironloop.control.runtime;

/**
 * A fixed-rate schedule on absolute deadlines: deadline {@code k} is {@code start + k * period}, so
 * late wake-ups never accumulate drift. Measures wake-up jitter (how late each tick starts) and
 * counts overruns (ticks that started a whole period or more late; the missed ones are skipped,
 * keeping phase). Deadlines are compared wrap-safe.
 */
public final class FixedRateSchedule
{
    private final long periodNs;
    private long deadlineNs;
    private boolean started;
    private long lastJitterNs;
    private long overruns;
    private long ticks;

    public FixedRateSchedule(final long periodNs)
    {
        if (periodNs <= 0)
        {
            throw new IllegalArgumentException("period must be positive: " + periodNs);
        }
        this.periodNs = periodNs;
    }

    /** Period in nanoseconds. */
    public long periodNs()
    {
        return periodNs;
    }

    /** Anchors the first deadline; until called, the first {@link #isDue(long)} anchors it at that time. */
    public void start(final long firstDeadlineNs)
    {
        deadlineNs = firstDeadlineNs;
        started = true;
    }

    /** True when the current deadline has been reached. */
    public boolean isDue(final long nowNs)
    {
        if (!started)
        {
            start(nowNs);
        }
        return nowNs - deadlineNs >= 0;
    }

    /**
     * Accounts for a tick that started at {@code nowNs} and moves to the next deadline.
     *
     * @return the wake-up jitter of this tick in nanoseconds (how late it started).
     */
    public long onTick(final long nowNs)
    {
        final long lateNs = nowNs - deadlineNs;
        ticks++;
        if (lateNs >= periodNs)
        {
            final long missed = lateNs / periodNs;
            overruns++;
            deadlineNs += (missed + 1) * periodNs;
        }
        else
        {
            deadlineNs += periodNs;
        }
        lastJitterNs = lateNs;
        return lateNs;
    }

    /** The next deadline. */
    public long deadlineNs()
    {
        return deadlineNs;
    }

    /** Whether the first deadline has been anchored. */
    public boolean started()
    {
        return started;
    }

    public long lastJitterNs()
    {
        return lastJitterNs;
    }

    public long overruns()
    {
        return overruns;
    }

    public long ticks()
    {
        return ticks;
    }
}
