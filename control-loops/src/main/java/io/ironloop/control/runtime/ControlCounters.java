package io.ironloop.control.runtime;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The control agent's counters, allocated in a {@link CountersManager} (in memory for tests, in a
 * memory-mapped file on the board so {@code ironloop stat} can read them from another process).
 */
public final class ControlCounters
{
    private final CountersManager manager;
    private final AtomicCounter cycles;
    private final AtomicCounter overruns;
    private final AtomicCounter jitterMaxNs;
    private final AtomicCounter cycleTimeMaxNs;
    private final AtomicCounter telemetryDrops;
    private final AtomicCounter commandQueueDepth;
    private final AtomicCounter telemetryQueueDepth;
    private final AtomicCounter loopErrors;
    private final AtomicCounter missedDeadlines;

    public ControlCounters(final CountersManager manager)
    {
        this.manager = manager;
        this.cycles = manager.newCounter("control cycles", CounterTypes.CONTROL_CYCLES);
        this.overruns = manager.newCounter("control overruns", CounterTypes.CONTROL_OVERRUNS);
        this.jitterMaxNs = manager.newCounter("control wake-up jitter max ns", CounterTypes.CONTROL_JITTER_MAX_NS);
        this.cycleTimeMaxNs = manager.newCounter("control cycle time max ns", CounterTypes.CONTROL_CYCLE_TIME_MAX_NS);
        this.telemetryDrops = manager.newCounter("telemetry samples dropped", CounterTypes.TELEMETRY_DROPS);
        this.commandQueueDepth = manager.newCounter("queue depth: commands", CounterTypes.QUEUE_DEPTH);
        this.telemetryQueueDepth = manager.newCounter("queue depth: telemetry bytes", CounterTypes.QUEUE_DEPTH);
        this.loopErrors = manager.newCounter("control loop errors", CounterTypes.CONTROL_LOOP_ERRORS);
        this.missedDeadlines = manager.newCounter("control missed deadlines", CounterTypes.CONTROL_MISSED_DEADLINES);
    }

    /** The manager these live in, for other components' counters. */
    public CountersManager manager()
    {
        return manager;
    }

    public AtomicCounter cycles()
    {
        return cycles;
    }

    public AtomicCounter overruns()
    {
        return overruns;
    }

    public AtomicCounter jitterMaxNs()
    {
        return jitterMaxNs;
    }

    public AtomicCounter cycleTimeMaxNs()
    {
        return cycleTimeMaxNs;
    }

    public AtomicCounter telemetryDrops()
    {
        return telemetryDrops;
    }

    /** Commands queued for the control agent and not yet applied. */
    public AtomicCounter commandQueueDepth()
    {
        return commandQueueDepth;
    }

    /** Bytes waiting in the telemetry ring (control to telemetry agent). */
    public AtomicCounter telemetryQueueDepth()
    {
        return telemetryQueueDepth;
    }

    /** Loop steps that threw and were contained by the control agent. */
    public AtomicCounter loopErrors()
    {
        return loopErrors;
    }

    /** Ticks that started late enough to count as a missed deadline (see {@code FixedRateSchedule}). */
    public AtomicCounter missedDeadlines()
    {
        return missedDeadlines;
    }
}
