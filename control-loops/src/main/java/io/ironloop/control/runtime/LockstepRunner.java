package io.ironloop.control.runtime;

import io.ironloop.control.time.VirtualClock;

/**
 * Runs every agent on the calling thread against a virtual clock: time jumps to the earliest deadline
 * of any agent, then each agent gets one duty cycle in a fixed order (acquisition before control
 * before telemetry). An agent that has work again at the same instant (a bus agent with the output
 * image the control tick just wrote) gets another duty cycle then, alone with any other agent due, so
 * the plant sees a command at the time it was computed. Same inputs, same outputs, bit for bit; a day
 * of signals replays in seconds.
 */
public final class LockstepRunner implements AutoCloseable
{
    private final VirtualClock clock;
    private final ScheduledAgent[] agents;
    /** Each agent's deadline from the last scan (valid until an agent runs a duty cycle). */
    private final long[] deadlines;
    private boolean started;
    private boolean closed;
    private long lastPassNs;
    private boolean passed;

    public LockstepRunner(final VirtualClock clock, final ScheduledAgent... agents)
    {
        this.clock = clock;
        this.agents = agents.clone();
        this.deadlines = new long[agents.length];
    }

    /** Runs until virtual time {@code endNs} (inclusive of agents due exactly then). */
    public void runUntil(final long endNs)
    {
        if (!started)
        {
            started = true;
            for (final ScheduledAgent agent : agents)
            {
                agent.onStart();
            }
        }
        final ScheduledAgent[] agents = this.agents;
        final long[] deadlines = this.deadlines;
        while (true)
        {
            long next = Long.MAX_VALUE;
            for (int i = 0; i < agents.length; i++)
            {
                final long deadline = agents[i].nextDeadlineNs();
                deadlines[i] = deadline;
                if (deadline - next < 0)
                {
                    next = deadline;
                }
            }
            if (next == Long.MAX_VALUE || next - endNs > 0)
            {
                clock.advanceTo(Math.max(clock.nanoTime(), endNs));
                return;
            }
            if (next - clock.nanoTime() > 0)
            {
                clock.advanceTo(next);
            }
            final long nowNs = clock.nanoTime();
            final boolean sameInstant = passed && nowNs == lastPassNs;
            passed = true;
            lastPassNs = nowNs;
            // At the same instant only the agents due get a duty cycle. Until the first of them runs, nothing has
            // changed since the scan (the clock stood still), so the scanned deadlines stand; after it, each agent is
            // asked again, as a duty cycle may have given another agent work (a command for a bus agent to write).
            boolean ran = false;
            for (int i = 0; i < agents.length; i++)
            {
                final ScheduledAgent agent = agents[i];
                if (sameInstant && (ran ? agent.nextDeadlineNs() : deadlines[i]) - nowNs > 0)
                {
                    continue;
                }
                ran = true;
                try
                {
                    agent.doWork();
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException("agent " + agent.roleName() + " failed at " + clock.nanoTime() + " ns", ex);
                }
            }
        }
    }

    /** Runs for {@code durationNs} of virtual time. */
    public void runFor(final long durationNs)
    {
        runUntil(clock.nanoTime() + durationNs);
    }

    public VirtualClock clock()
    {
        return clock;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            for (final ScheduledAgent agent : agents)
            {
                agent.onClose();
            }
        }
    }
}
