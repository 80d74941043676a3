package io.ironloop.control.output;

import io.ironloop.control.runtime.FixedRateSchedule;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The part of a bus agent that writes its bus's outputs: each duty cycle it writes every channel whose
 * effective value changed (new command, latch, fault), retries a failed write at the next command, and
 * rewrites every channel each refresh period so a device that lost its value (a DAC that browned out)
 * gets it again.
 *
 * <p>It is also the last resort outside the control tick: it watches the control agent's cycle counter,
 * and when that has not moved for the stall limit it latches every output of the machine
 * ({@link OutputChannel#LATCH_LAST_RESORT}) and writes its own bus's safe values; the other buses' agents
 * write theirs. Time this agent itself was not running (woken a quarter stall limit or more after its
 * deadline) does not count, so a pause of the whole process is not taken for a hung control thread.
 * Runs on its bus agent's thread; allocation-free.
 */
public final class OutputFlush
{
    /** Shortest stall limit: well above any honest scheduling delay of the control thread. */
    public static final long MIN_STALL_NS = 100_000_000L;
    /** The stall limit in control periods, when that is longer than {@link #MIN_STALL_NS}. */
    public static final int STALL_PERIODS = 10;
    /** Refresh every output every this many control periods. */
    public static final int REFRESH_PERIODS = 10;

    private final OutputImage image;
    private final OutputChannel[] channels;
    private final AtomicCounter controlCycles;
    private final AtomicCounter lastResorts;
    private final FixedRateSchedule refresh;
    private final long stallNs;
    private final long pollNs;
    private long lastCycles;
    private long lastAdvanceNs;
    private long lastWorkNs;
    private long expectedNs;
    private boolean stalled;

    /**
     * @param image         the machine's outputs (all are latched by the last resort)
     * @param channels      the outputs on this agent's bus, which this agent writes
     * @param controlCycles the control agent's cycle counter
     * @param lastResorts   incremented each time this agent catches a stalled control agent
     * @param refreshNs     period of the rewrite of every output
     * @param stallNs       how long the control cycle counter may stand still
     * @param pollNs        longest wait between looks at the output image when the agent idles on its
     *                      deadlines, 0 for none (lockstep runs the agent right after the control tick anyway)
     */
    public OutputFlush(
        final OutputImage image,
        final OutputChannel[] channels,
        final AtomicCounter controlCycles,
        final AtomicCounter lastResorts,
        final long refreshNs,
        final long stallNs,
        final long pollNs)
    {
        if (stallNs <= 0 || pollNs < 0)
        {
            throw new IllegalArgumentException("stall limit must be positive and poll period 0 or more: " + stallNs + ", " + pollNs);
        }
        this.image = image;
        this.channels = channels.clone();
        this.controlCycles = controlCycles;
        this.lastResorts = lastResorts;
        this.refresh = new FixedRateSchedule(refreshNs);
        this.stallNs = stallNs;
        this.pollNs = pollNs;
    }

    /** The default stall limit for a control period: max(100 ms, 10 periods). */
    public static long defaultStallNs(final long controlPeriodNs)
    {
        return Math.max(MIN_STALL_NS, STALL_PERIODS * controlPeriodNs);
    }

    /** The default refresh period for a control period: 10 periods. */
    public static long defaultRefreshNs(final long controlPeriodNs)
    {
        return REFRESH_PERIODS * controlPeriodNs;
    }

    /**
     * The default poll period on the real clock: a quarter control period, so a command waits at most that
     * long for its bus agent even on a bus without sensors whose agent would otherwise sleep to its refresh.
     */
    public static long defaultPollNs(final long controlPeriodNs)
    {
        return Math.max(1L, controlPeriodNs / 4);
    }

    public void onStart(final long nowNs)
    {
        refresh.start(nowNs);
        lastCycles = controlCycles.get();
        lastAdvanceNs = nowNs;
        lastWorkNs = nowNs;
        expectedNs = nowNs;
    }

    /** One duty cycle: the stall check, then the writes. Returns the number of writes made. */
    public int doWork(final long nowNs)
    {
        lastWorkNs = nowNs;
        final long lateNs = nowNs - expectedNs;
        if (lateNs > stallNs / 4)
        {
            // This thread, or the whole process, was stopped (GC, a descheduled JVM): that time tells nothing about
            // the control agent, so it does not count towards its stall.
            lastAdvanceNs += lateNs;
        }
        final long cycles = controlCycles.get();
        if (cycles != lastCycles)
        {
            lastCycles = cycles;
            lastAdvanceNs = nowNs;
            stalled = false;
        }
        else if (!stalled && nowNs - lastAdvanceNs >= stallNs)
        {
            stalled = true;
            lastResorts.incrementRelease();
            image.latchAll(OutputChannel.LATCH_LAST_RESORT);
        }
        final boolean refreshDue = refresh.isDue(nowNs);
        if (refreshDue)
        {
            refresh.onTick(nowNs);
        }
        int work = 0;
        for (final OutputChannel channel : channels)
        {
            if (refreshDue || channel.pending())
            {
                work += channel.flush(nowNs, refreshDue);
            }
        }
        expectedNs = nextDeadlineNs();
        return work;
    }

    /**
     * When this agent next has output work: now, while a command or latch waits to be written; else the
     * next poll, the next refresh, or the moment the control agent would count as stalled, whichever
     * comes first.
     */
    public long nextDeadlineNs()
    {
        for (final OutputChannel channel : channels)
        {
            if (channel.pending())
            {
                return lastWorkNs;
            }
        }
        final long refreshNs = refresh.deadlineNs();
        final long stallAtNs = lastAdvanceNs + stallNs;
        long next = stalled || refreshNs - stallAtNs < 0 ? refreshNs : stallAtNs;
        if (pollNs > 0 && lastWorkNs + pollNs - next < 0)
        {
            next = lastWorkNs + pollNs;
        }
        return next;
    }

    /** Whether the last resort has fired since the control agent last advanced. */
    public boolean stalled()
    {
        return stalled;
    }

    public long stallNs()
    {
        return stallNs;
    }
}
