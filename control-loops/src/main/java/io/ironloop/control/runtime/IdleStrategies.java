package io.ironloop.control.runtime;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.List;

/** The idle strategies a machine file or the CLI may name, mapped to Agrona's. */
public final class IdleStrategies
{
    /** Names accepted in config and on the command line. */
    /** Name of the strategy that parks until the agent's next deadline and never spins ({@link #background}). */
    public static final String PARK = "park";

    public static final List<String> NAMES = List.of("busy-spin", "yield", "backoff", "sleep", DeadlineIdleStrategy.ALIAS, PARK);

    private IdleStrategies()
    {
    }

    /**
     * A new idle strategy by name: {@code busy-spin} burns a core for the lowest jitter; {@code yield}
     * gives the core away between checks; {@code backoff} spins, yields, then parks up to 100 us;
     * {@code sleep} parks {@code sleepNs} each idle cycle (cheapest, jitter of a timer slack or more).
     * {@code deadline} needs the agent it idles for: use {@link #of(String, long, ScheduledAgent, NanoClock)}.
     */
    public static IdleStrategy of(final String name, final long sleepNs)
    {
        return of(name, sleepNs, null, null);
    }

    /**
     * As {@link #of(String, long)}, plus {@code deadline}: parks until shortly before {@code agent}'s
     * next deadline, then spins (see {@link DeadlineIdleStrategy}).
     */
    public static IdleStrategy of(final String name, final long sleepNs, final ScheduledAgent agent, final NanoClock clock)
    {
        if (PARK.equals(name))
        {
            if (agent == null || clock == null)
            {
                throw new IllegalArgumentException("idle strategy 'park' needs the agent and its clock");
            }
            return background(agent, clock);
        }
        if (DeadlineIdleStrategy.ALIAS.equals(name))
        {
            if (agent == null || clock == null)
            {
                throw new IllegalArgumentException("idle strategy 'deadline' needs the agent and its clock");
            }
            return new DeadlineIdleStrategy(clock, agent, DeadlineIdleStrategy.DEFAULT_SPIN_WINDOW_NS, 10_000_000L);
        }
        switch (name)
        {
            case "busy-spin": return new BusySpinIdleStrategy();
            case "yield": return new YieldingIdleStrategy();
            case "backoff": return new BackoffIdleStrategy(100, 10, 1_000L, 100_000L);
            case "sleep": return new SleepingIdleStrategy(sleepNs);
            default: throw new IllegalArgumentException("unknown idle strategy '" + name + "' (expected one of: " + String.join(", ", NAMES) + ")");
        }
    }

    /**
     * The idle strategy of a background agent (acquisition, telemetry): parks until the agent's next
     * deadline, at most 10 ms at a time, and never spins. A few hundred wake-ups a second instead of
     * thousands, so background threads seldom preempt the control thread on a small board.
     */
    public static IdleStrategy background(final ScheduledAgent agent, final NanoClock clock)
    {
        return new DeadlineIdleStrategy(clock, agent, 0L, 10_000_000L);
    }
}
