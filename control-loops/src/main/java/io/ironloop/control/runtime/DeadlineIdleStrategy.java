package io.ironloop.control.runtime;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Idles until a {@link ScheduledAgent}'s next deadline: parks the thread while the deadline is far
 * away and spins for the last {@code spinWindowNs}, so the core is mostly free yet the wake-up is as
 * punctual as a busy spin. The window must cover the kernel's timer slack and wake-up latency (about
 * 50-100 us on a stock kernel, less with {@code chrt -f} or an RT kernel). Runs on the agent's thread.
 */
public final class DeadlineIdleStrategy implements IdleStrategy
{
    /** Name used in machine files and on the command line. */
    public static final String ALIAS = "deadline";
    /** Default spin window: covers the default 50 us timer slack plus scheduler wake-up latency. */
    public static final long DEFAULT_SPIN_WINDOW_NS = 200_000L;

    private final NanoClock clock;
    private final ScheduledAgent agent;
    private final long spinWindowNs;
    private final long maxParkNs;
    private final LongConsumer parker;

    /**
     * @param spinWindowNs how long before the deadline to stop parking and start spinning
     * @param maxParkNs    longest single park, so a deadline that moves earlier is noticed
     */
    public DeadlineIdleStrategy(final NanoClock clock, final ScheduledAgent agent, final long spinWindowNs, final long maxParkNs)
    {
        this(clock, agent, spinWindowNs, maxParkNs, LockSupport::parkNanos);
    }

    DeadlineIdleStrategy(
        final NanoClock clock, final ScheduledAgent agent, final long spinWindowNs, final long maxParkNs, final LongConsumer parker)
    {
        if (spinWindowNs < 0 || maxParkNs <= 0)
        {
            throw new IllegalArgumentException("spin window must be >= 0 and max park > 0");
        }
        this.clock = clock;
        this.agent = agent;
        this.spinWindowNs = spinWindowNs;
        this.maxParkNs = maxParkNs;
        this.parker = parker;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        final long remainingNs = agent.nextDeadlineNs() - clock.nanoTime();
        final long parkNs = remainingNs - spinWindowNs;
        if (parkNs > 0)
        {
            parker.accept(Math.min(parkNs, maxParkNs));
        }
        else
        {
            Thread.onSpinWait();
        }
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String alias()
    {
        return ALIAS;
    }
}
