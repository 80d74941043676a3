package io.ironloop.control.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The advisor's input to one loop: the latest advice (a setpoint trim, when it was written, when it
 * expires), in a single-writer seqlock so the advisor thread writes and the control thread reads
 * without a lock and without allocating. A read that races a write retries a few times and then
 * reports no advice for this tick, so the control thread never waits on the advisor.
 */
public final class AdviceSlot
{
    /** A copy of the slot, owned by its reader. */
    public static final class Advice
    {
        double trim = Double.NaN;
        boolean requestsAuto;
        long writtenAtNs;
        long expiresAtNs;
        long sequence;

        public double trim()
        {
            return trim;
        }

        /** The advisor asks the loop to leave ADVISED for AUTO (the only mode request advice can make). */
        public boolean requestsAuto()
        {
            return requestsAuto;
        }

        public long writtenAtNs()
        {
            return writtenAtNs;
        }

        public long expiresAtNs()
        {
            return expiresAtNs;
        }

        /** Which write this copy is (0 = nothing written yet). */
        public long sequence()
        {
            return sequence;
        }
    }

    private static final int READ_ATTEMPTS = 4;
    private static final VarHandle SEQUENCE;

    static
    {
        try
        {
            SEQUENCE = MethodHandles.lookup().findVarHandle(AdviceSlot.class, "sequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused")
    private volatile long sequence;
    private double trim;
    private boolean requestsAuto;
    private long writtenAtNs;
    private long expiresAtNs;

    /** Publishes new advice; the one advisor thread only. */
    public void write(final double trim, final long writtenAtNs, final long expiresAtNs)
    {
        write(trim, false, writtenAtNs, expiresAtNs);
    }

    /**
     * Publishes new advice with its mode request; the one advisor thread only.
     *
     * @param requestsAuto the advisor asks an ADVISED loop to fall back to AUTO (ignored in every other mode)
     */
    public void write(final double trim, final boolean requestsAuto, final long writtenAtNs, final long expiresAtNs)
    {
        final long s = (long)SEQUENCE.getOpaque(this);
        SEQUENCE.setOpaque(this, s + 1);
        VarHandle.storeStoreFence();
        this.trim = trim;
        this.requestsAuto = requestsAuto;
        this.writtenAtNs = writtenAtNs;
        this.expiresAtNs = expiresAtNs;
        SEQUENCE.setRelease(this, s + 2);
    }

    /**
     * Copies the latest advice into {@code into}; control thread only.
     *
     * @return false when nothing was written yet or a write kept racing the read
     */
    public boolean read(final Advice into)
    {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++)
        {
            final long before = (long)SEQUENCE.getAcquire(this);
            if ((before & 1) != 0)
            {
                continue;
            }
            final double t = trim;
            final boolean auto = requestsAuto;
            final long written = writtenAtNs;
            final long expires = expiresAtNs;
            VarHandle.loadLoadFence();
            if ((long)SEQUENCE.getOpaque(this) == before)
            {
                into.trim = t;
                into.requestsAuto = auto;
                into.writtenAtNs = written;
                into.expiresAtNs = expires;
                into.sequence = before >>> 1;
                return before != 0;
            }
        }
        return false;
    }
}
