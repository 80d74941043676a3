package io.ironloop.control.runtime;

/**
 * A fixed-rate schedule on absolute deadlines: deadline {@code k} is {@code start + k * period}, so
 * late wake-ups never accumulate drift. Measures wake-up jitter (how late each tick starts) and
 * counts overruns (ticks that started a whole period or more late; the missed ones are skipped,
 * keeping phase) and missed deadlines: ticks that started a quarter period or more after their
 * deadline. An overrun alone never sees a sustained overload (a 1.5x tick alternates an overrun with
 * a tick that is late by half a period and no overrun); a missed deadline is any tick whose slack
 * was eaten by the previous one or by the scheduler, so the watchdog counts those over a window.
 * Deadlines are compared wrap-safe.
 */
public final class FixedRateSchedule
{
    private final long periodNs;
    private long deadlineNs;
    private boolean started;
    private long lastJitterNs;
    private final long missToleranceNs;
    private long overruns;
    private long missedDeadlines;
    private boolean lastMissed;
    private long ticks;

    public FixedRateSchedule(final long periodNs)
    {
        if (periodNs <= 0)
        {
            throw new IllegalArgumentException("period must be positive: " + periodNs);
        }
        this.periodNs = periodNs;
        this.missToleranceNs = Math.max(1, periodNs / 4);
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
        lastMissed = lateNs >= missToleranceNs;
        if (lastMissed)
        {
            missedDeadlines++;
        }
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

    /** Ticks that started a quarter period or more late. */
    public long missedDeadlines()
    {
        return missedDeadlines;
    }

    /** Whether the last tick missed its deadline. */
    public boolean lastMissed()
    {
        return lastMissed;
    }

    public long ticks()
    {
        return ticks;
    }
}
