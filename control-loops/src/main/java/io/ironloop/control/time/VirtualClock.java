package io.ironloop.control.time;

import org.agrona.concurrent.NanoClock;

/**
 * A clock that moves only when told to: under replay and {@code demo --fast} the lockstep runner
 * advances it, so every run of the same inputs produces the same outputs. Single-threaded by design.
 */
public final class VirtualClock implements NanoClock
{
    private long nowNs;

    public VirtualClock(final long startNs)
    {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime()
    {
        return nowNs;
    }

    /** Moves time forward to {@code timeNs}; time never goes back. */
    public void advanceTo(final long timeNs)
    {
        if (timeNs - nowNs < 0)
        {
            throw new IllegalArgumentException("virtual time cannot go back: " + timeNs + " < " + nowNs);
        }
        nowNs = timeNs;
    }

    /** Moves time forward by {@code durationNs}. */
    public void advanceBy(final long durationNs)
    {
        advanceTo(nowNs + durationNs);
    }
}
