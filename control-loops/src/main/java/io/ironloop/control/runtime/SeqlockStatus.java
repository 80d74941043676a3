package io.ironloop.control.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A single-writer seqlock around one snapshot of findings (the advisor's, a bearing's vibration), read
 * without a lock and without allocating. The writer brackets its changes to {@link #written()} with
 * {@link #beginWrite()} and {@link #endWrite}; a reader's {@link #read} copies them out. A read that keeps
 * racing the writer returns false and the reader keeps what it had: the racy copy goes into the reader's
 * own staging twin (allocated with its snapshot), and into the reader's copy only once it is known whole.
 *
 * @param <S> the snapshot type
 */
public abstract class SeqlockStatus<S extends SeqlockStatus.Snapshot<S>>
{
    /** A reader's (or the writer's) copy of the findings. */
    public abstract static class Snapshot<S extends Snapshot<S>>
    {
        /** Which write this is (0: none yet). */
        public long sequence;
        final S staging;

        /** @param staging the twin a read fills before it is known whole, or null for a twin itself */
        protected Snapshot(final S staging)
        {
            this.staging = staging;
        }

        /** Copies every finding of {@code from} into this one (not the sequence); plain reads and writes. */
        protected abstract void copyFrom(S from);
    }

    private static final int READ_ATTEMPTS = 4;
    private static final VarHandle SEQUENCE;

    static
    {
        try
        {
            SEQUENCE = MethodHandles.lookup().findVarHandle(SeqlockStatus.class, "sequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused")
    private volatile long sequence;
    private final S written;

    protected SeqlockStatus(final S written)
    {
        this.written = written;
    }

    /** The writer's copy: change it only between {@link #beginWrite()} and {@link #endWrite}. */
    protected final S written()
    {
        return written;
    }

    /** The writer only: opens a write (the sequence goes odd); returns what {@link #endWrite} takes. */
    protected final long beginWrite()
    {
        final long s = (long)SEQUENCE.getOpaque(this);
        SEQUENCE.setOpaque(this, s + 1);
        VarHandle.storeStoreFence();
        return s;
    }

    /** The writer only: publishes the write {@link #beginWrite()} opened. */
    protected final void endWrite(final long opened)
    {
        SEQUENCE.setRelease(this, opened + 2);
    }

    /** Copies the latest findings; false when nothing was written yet or the writer kept racing. */
    public final boolean read(final S into)
    {
        final S staging = into.staging;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++)
        {
            final long before = (long)SEQUENCE.getAcquire(this);
            if ((before & 1) != 0)
            {
                continue;
            }
            staging.copyFrom(written);
            VarHandle.loadLoadFence();
            if ((long)SEQUENCE.getOpaque(this) == before)
            {
                into.copyFrom(staging);
                into.sequence = before >>> 1;
                return before != 0;
            }
        }
        return false;
    }
}
