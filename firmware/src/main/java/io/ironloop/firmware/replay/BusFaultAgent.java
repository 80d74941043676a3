package io.ironloop.firmware.replay;

import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.hal.sim.BusFaults;
import org.agrona.concurrent.NanoClock;

/**
 * Bus-level injections at their times: a dropout makes a device stop answering for a window (every
 * transfer to it fails), a NACK burst refuses the next {@code count} transfers. Events are sorted by
 * time; first in the lockstep order. No allocation.
 */
final class BusFaultAgent implements ScheduledAgent
{
    private final NanoClock clock;
    private final long[] timesNs;
    private final BusFaults[] faults;
    private final int[] addresses;
    /** Transfers to fail (Integer.MAX_VALUE: until cleared), or 0 to clear. */
    private final int[] counts;
    private final int[] results;
    private int next;

    BusFaultAgent(final NanoClock clock, final long[] timesNs, final BusFaults[] faults, final int[] addresses, final int[] counts,
        final int[] results)
    {
        this.clock = clock;
        this.timesNs = timesNs;
        this.faults = faults;
        this.addresses = addresses;
        this.counts = counts;
        this.results = results;
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = 0;
        while (next < timesNs.length && timesNs[next] - nowNs <= 0)
        {
            if (counts[next] == 0)
            {
                faults[next].clear(addresses[next]);
            }
            else
            {
                faults[next].failNext(addresses[next], counts[next], results[next]);
            }
            next++;
            work++;
        }
        return work;
    }

    @Override
    public long nextDeadlineNs()
    {
        return next < timesNs.length ? timesNs[next] : Long.MAX_VALUE;
    }

    @Override
    public String roleName()
    {
        return "replay-bus-faults";
    }
}
