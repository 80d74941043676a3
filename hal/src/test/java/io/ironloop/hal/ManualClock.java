package io.ironloop.hal;

import org.agrona.concurrent.NanoClock;

/** A clock tests advance by hand (hal cannot see control-loops' VirtualClock). */
public final class ManualClock implements NanoClock
{
    private long nowNs;

    public ManualClock(final long startNs)
    {
        nowNs = startNs;
    }

    @Override
    public long nanoTime()
    {
        return nowNs;
    }

    public long advance(final long deltaNs)
    {
        nowNs += deltaNs;
        return nowNs;
    }
}
