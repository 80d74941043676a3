package io.ironloop.hal;

import org.agrona.concurrent.NanoClock;

/** A clock tests move by hand (hal cannot see control-loops' VirtualClock). */
public final class TestClock implements NanoClock
{
    private long nowNs;

    @Override
    public long nanoTime()
    {
        return nowNs;
    }

    public void advanceNs(final long durationNs)
    {
        nowNs += durationNs;
    }

    public void setNs(final long timeNs)
    {
        nowNs = timeNs;
    }
}
