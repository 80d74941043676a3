package io.ironloop.hal.gpio;

import java.lang.invoke.VarHandle;

/**
 * Counts rising edges of an input line with the timestamp of the latest one, fed by whatever sees the
 * edges first (the sim line, a gpiod edge-event thread). One writer ({@link #onEdge(long)}), any
 * number of readers: a seqlock publishes count and timestamp as a consistent pair, so a reader on the
 * acquisition or control thread never blocks the writer, never allocates and never sees a torn pair.
 * A backend whose edge source stops (a kernel event reader that died) marks the counter faulted with a
 * negative {@code BusResult} code, so readers report FAULT instead of a frozen count.
 */
public final class PulseCounter
{
    private volatile long sequence;
    private long count;
    private long lastEdgeNs;
    private volatile int errorCode;

    /** Records one edge at {@code timestampNs} (single writer). */
    public void onEdge(final long timestampNs)
    {
        final long seq = sequence;
        sequence = seq + 1;
        VarHandle.storeStoreFence();
        count++;
        lastEdgeNs = timestampNs;
        sequence = seq + 2;
    }

    /** Copies count and last edge time into {@code dst} consistently. */
    public void snapshot(final Snapshot dst)
    {
        while (true)
        {
            final long before = sequence;
            if ((before & 1) != 0)
            {
                Thread.onSpinWait();
                continue;
            }
            final long edges = count;
            final long edgeNs = lastEdgeNs;
            VarHandle.loadLoadFence();
            if (sequence == before)
            {
                dst.count = edges;
                dst.lastEdgeNs = edgeNs;
                return;
            }
        }
    }

    /** Edges counted so far (may lag a concurrent edge by one). */
    public long count()
    {
        return count;
    }

    /** Marks the edge source as failed ({@code errorCode} negative): readers report FAULT until {@link #clearFault()}. */
    public void fault(final int errorCode)
    {
        this.errorCode = errorCode;
    }

    /** The edge source delivers again (after the backend re-registered it); the count carries on. */
    public void clearFault()
    {
        errorCode = 0;
    }

    /** 0 while edges are delivered, else the negative code the backend reported. */
    public int errorCode()
    {
        return errorCode;
    }

    /** A reader's copy of the counter. */
    public static final class Snapshot
    {
        /** Edges since the counter was opened. */
        public long count;
        /** Time of the latest edge (meaningless while count is 0). */
        public long lastEdgeNs;
    }
}
