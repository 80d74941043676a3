package io.ironloop.control.block;

import org.agrona.concurrent.status.AtomicCounter;

import java.util.Arrays;

/**
 * Forces SAFE when the control loop cannot keep time -- more than {@code maxMissedInWindow} of the
 * last {@code windowTicks} ticks missed their deadline (a sustained overload, even one whose overruns
 * alternate with merely late ticks), or {@code maxConsecutiveOverruns} ticks in a row overran -- or
 * when an agent it depends on has stalled: its heartbeat counter (for an acquisition agent, its cycle
 * counter) has not advanced for {@code stallNs}. The trip latches until {@link #reset()}.
 * {@link #check} is idempotent within a tick. Allocation-free.
 */
public final class Watchdog
{
    /** Why the watchdog tripped. */
    public enum Reason { NONE, OVERRUNS, MISSED_DEADLINES, STALLED_AGENT }

    private final AtomicCounter overruns;
    private final int maxConsecutiveOverruns;
    private final AtomicCounter[] heartbeats;
    private final String[] heartbeatNames;
    private final long stallNs;
    private final long[] lastBeat;
    private final long[] lastBeatNs;
    private final AtomicCounter missedDeadlines;
    private final boolean[] missedWindow;
    private final int maxMissedInWindow;
    private int windowIndex;
    private int missedInWindow;
    private long lastMissed;

    private long lastCheckNs = Long.MIN_VALUE;
    private long lastOverruns;
    private int consecutiveOverruns;
    private boolean started;
    private volatile boolean tripped;
    private volatile Reason reason = Reason.NONE;
    private volatile int stalledIndex = -1;
    private volatile boolean resetRequested;

    /**
     * @param overruns               the control agent's overrun counter (incremented once per late tick)
     * @param maxConsecutiveOverruns trips after this many late ticks in a row (0 = never)
     * @param heartbeats             counters that must keep advancing
     * @param heartbeatNames         their names, for the log
     * @param stallNs                longest time a heartbeat may stand still (0 = never)
     */
    public Watchdog(
        final AtomicCounter overruns,
        final int maxConsecutiveOverruns,
        final AtomicCounter[] heartbeats,
        final String[] heartbeatNames,
        final long stallNs)
    {
        this(overruns, maxConsecutiveOverruns, null, 1, 0, heartbeats, heartbeatNames, stallNs);
    }

    /**
     * @param overruns               the control agent's overrun counter (incremented once per late tick)
     * @param maxConsecutiveOverruns trips after this many overruns in a row (0 = never)
     * @param missedDeadlines        the control agent's missed-deadline counter, or null
     * @param windowTicks            how many of the latest ticks the missed deadlines are counted over
     * @param maxMissedInWindow      trips when more than this many of them missed (0 with a null counter = never)
     * @param heartbeats             counters that must keep advancing
     * @param heartbeatNames         their names, for the log
     * @param stallNs                longest time a heartbeat may stand still (0 = never)
     */
    public Watchdog(
        final AtomicCounter overruns,
        final int maxConsecutiveOverruns,
        final AtomicCounter missedDeadlines,
        final int windowTicks,
        final int maxMissedInWindow,
        final AtomicCounter[] heartbeats,
        final String[] heartbeatNames,
        final long stallNs)
    {
        if (maxConsecutiveOverruns < 0 || stallNs < 0 || heartbeats.length != heartbeatNames.length || windowTicks < 1
            || maxMissedInWindow < 0 || maxMissedInWindow >= windowTicks && missedDeadlines != null)
        {
            throw new IllegalArgumentException("invalid watchdog parameters");
        }
        this.overruns = overruns;
        this.maxConsecutiveOverruns = maxConsecutiveOverruns;
        this.heartbeats = heartbeats.clone();
        this.heartbeatNames = heartbeatNames.clone();
        this.stallNs = stallNs;
        this.lastBeat = new long[heartbeats.length];
        this.lastBeatNs = new long[heartbeats.length];
        this.missedDeadlines = missedDeadlines;
        this.missedWindow = new boolean[windowTicks];
        this.maxMissedInWindow = maxMissedInWindow;
    }

    /** Once per control tick: true while tripped (latched). */
    public boolean check(final long nowNs)
    {
        if (nowNs == lastCheckNs)
        {
            return tripped;
        }
        lastCheckNs = nowNs;
        if (resetRequested)
        {
            resetRequested = false;
            tripped = false;
            reason = Reason.NONE;
            stalledIndex = -1;
            consecutiveOverruns = 0;
            started = false;
            Arrays.fill(missedWindow, false);
            windowIndex = 0;
            missedInWindow = 0;
        }
        if (!started)
        {
            started = true;
            lastOverruns = overruns == null ? 0 : overruns.get();
            lastMissed = missedDeadlines == null ? 0 : missedDeadlines.get();
            for (int i = 0; i < heartbeats.length; i++)
            {
                lastBeat[i] = heartbeats[i].get();
                lastBeatNs[i] = nowNs;
            }
            return tripped;
        }
        if (overruns != null)
        {
            final long count = overruns.get();
            consecutiveOverruns = count != lastOverruns ? consecutiveOverruns + 1 : 0;
            lastOverruns = count;
            if (maxConsecutiveOverruns > 0 && consecutiveOverruns >= maxConsecutiveOverruns && !tripped)
            {
                trip(Reason.OVERRUNS, -1);
            }
        }
        if (missedDeadlines != null)
        {
            final long count = missedDeadlines.get();
            final boolean missed = count != lastMissed;
            lastMissed = count;
            if (missedWindow[windowIndex])
            {
                missedInWindow--;
            }
            missedWindow[windowIndex] = missed;
            if (missed)
            {
                missedInWindow++;
            }
            windowIndex = windowIndex + 1 == missedWindow.length ? 0 : windowIndex + 1;
            if (missedInWindow > maxMissedInWindow && !tripped)
            {
                trip(Reason.MISSED_DEADLINES, -1);
            }
        }
        for (int i = 0; i < heartbeats.length; i++)
        {
            final long beat = heartbeats[i].get();
            if (beat != lastBeat[i])
            {
                lastBeat[i] = beat;
                lastBeatNs[i] = nowNs;
            }
            else if (stallNs > 0 && nowNs - lastBeatNs[i] > stallNs && !tripped)
            {
                trip(Reason.STALLED_AGENT, i);
            }
        }
        return tripped;
    }

    private void trip(final Reason why, final int index)
    {
        stalledIndex = index;
        reason = why;
        tripped = true;
    }

    /** Clears the latch at the next check (any thread); heartbeats are re-armed from then. */
    public void reset()
    {
        resetRequested = true;
    }

    public boolean isTripped()
    {
        return tripped;
    }

    public Reason reason()
    {
        return reason;
    }

    /** Name of the stalled heartbeat, or null. */
    public String stalledAgent()
    {
        final int index = stalledIndex;
        return index < 0 ? null : heartbeatNames[index];
    }

    /** Missed deadlines among the latest {@code windowTicks} ticks. */
    public int missedInWindow()
    {
        return missedInWindow;
    }

    public int consecutiveOverruns()
    {
        return consecutiveOverruns;
    }
}
