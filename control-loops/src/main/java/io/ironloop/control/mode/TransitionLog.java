package io.ironloop.control.mode;

import io.ironloop.control.command.CommandSource;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A preallocated single-producer single-consumer ring of mode transition records, each with who asked
 * for it (a {@link CommandSource} and its id). The control thread
 * records (never blocks, never allocates: when the ring is full the record is counted as dropped);
 * one non-real-time thread drains and logs them (the runtime's {@code TransitionLogger}).
 */
public final class TransitionLog
{
    /** Receives drained records. */
    @FunctionalInterface
    public interface Handler
    {
        void onTransition(
            long timeNs, int loop, Mode from, Mode to, TransitionCause cause, int detail, boolean accepted, CommandSource source,
            int sourceId);
    }

    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle DROPPED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(TransitionLog.class, "tail", long.class);
            HEAD = lookup.findVarHandle(TransitionLog.class, "head", long.class);
            DROPPED = lookup.findVarHandle(TransitionLog.class, "dropped", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final int mask;
    private final long[] timeNs;
    private final int[] loops;
    private final byte[] from;
    private final byte[] to;
    private final byte[] causes;
    private final int[] details;
    private final boolean[] accepted;
    private final byte[] sources;
    private final int[] sourceIds;
    @SuppressWarnings("unused")
    private volatile long tail;
    @SuppressWarnings("unused")
    private volatile long head;
    @SuppressWarnings("unused")
    private volatile long dropped;

    /** @param capacity number of records; rounded up to a power of two */
    public TransitionLog(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.timeNs = new long[size];
        this.loops = new int[size];
        this.from = new byte[size];
        this.to = new byte[size];
        this.causes = new byte[size];
        this.details = new int[size];
        this.accepted = new boolean[size];
        this.sources = new byte[size];
        this.sourceIds = new int[size];
    }

    /** Records one transition (or a refused request) and who asked; control thread only. */
    public void record(
        final long nowNs, final int loop, final Mode previous, final Mode next, final TransitionCause cause, final int detail,
        final boolean wasAccepted, final CommandSource source, final int sourceId)
    {
        final long t = (long)TAIL.getOpaque(this);
        if (t - (long)HEAD.getAcquire(this) > mask)
        {
            DROPPED.setRelease(this, (long)DROPPED.getOpaque(this) + 1);
            return;
        }
        final int index = (int)t & mask;
        timeNs[index] = nowNs;
        loops[index] = loop;
        from[index] = (byte)previous.ordinal();
        to[index] = (byte)next.ordinal();
        causes[index] = (byte)cause.ordinal();
        details[index] = detail;
        accepted[index] = wasAccepted;
        sources[index] = (byte)source.ordinal();
        sourceIds[index] = sourceId;
        TAIL.setRelease(this, t + 1);
    }

    /** Hands every waiting record to {@code handler}; consumer thread only. Returns how many. */
    public int drain(final Handler handler)
    {
        final long h = (long)HEAD.getOpaque(this);
        final long t = (long)TAIL.getAcquire(this);
        for (long i = h; i < t; i++)
        {
            final int index = (int)i & mask;
            handler.onTransition(timeNs[index], loops[index], Mode.of(from[index]), Mode.of(to[index]),
                TransitionCause.of(causes[index]), details[index], accepted[index], CommandSource.of(sources[index]), sourceIds[index]);
        }
        HEAD.setRelease(this, t);
        return (int)(t - h);
    }

    /** Records lost because the ring was full. */
    public long dropped()
    {
        return (long)DROPPED.getAcquire(this);
    }

    /** Records recorded so far. */
    public long recorded()
    {
        return (long)TAIL.getAcquire(this);
    }

    public int capacity()
    {
        return mask + 1;
    }
}
