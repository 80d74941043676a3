package io.ironloop.hal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A single-producer, single-consumer ring of raw samples: a driver's acquisition thread offers each sample
 * it decodes (an accelerometer's FIFO burst), an analysis thread drains them in order. Neither side locks
 * or waits; a full ring drops the sample and counts it ({@link #dropped()}), so a stalled consumer never
 * slows acquisition. A consumer that sees the drop count move knows its window has a gap. Allocation-free.
 */
public final class SampleRing
{
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle DROPPED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(SampleRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(SampleRing.class, "tail", long.class);
            DROPPED = lookup.findVarHandle(SampleRing.class, "dropped", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final double[] samples;
    private final int mask;
    /** Next sample to read (consumer). */
    @SuppressWarnings("unused")
    private volatile long head;
    /** Next sample to write (producer). */
    @SuppressWarnings("unused")
    private volatile long tail;
    @SuppressWarnings("unused")
    private volatile long dropped;

    /** @param capacity samples held, rounded up to a power of two (at least 2) */
    public SampleRing(final int capacity)
    {
        if (capacity < 2 || capacity > (1 << 28))
        {
            throw new IllegalArgumentException("sample ring capacity must be in [2, 2^28], got " + capacity);
        }
        final int size = Integer.highestOneBit(capacity - 1) << 1;
        this.samples = new double[size];
        this.mask = size - 1;
    }

    public int capacity()
    {
        return samples.length;
    }

    /** Producer only: adds one sample, or drops and counts it when the ring is full. */
    public boolean offer(final double sample)
    {
        final long t = (long)TAIL.getOpaque(this);
        if (t - (long)HEAD.getAcquire(this) >= samples.length)
        {
            DROPPED.setRelease(this, (long)DROPPED.getOpaque(this) + 1);
            return false;
        }
        samples[(int)(t & mask)] = sample;
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Consumer only: moves up to {@code max} samples, oldest first, into {@code dst[offset..]}; returns how many. */
    public int drain(final double[] dst, final int offset, final int max)
    {
        final long h = (long)HEAD.getOpaque(this);
        final long available = (long)TAIL.getAcquire(this) - h;
        final int count = (int)Math.min(available, Math.min(max, dst.length - offset));
        for (int i = 0; i < count; i++)
        {
            dst[offset + i] = samples[(int)((h + i) & mask)];
        }
        HEAD.setRelease(this, h + count);
        return count;
    }

    /** Samples waiting to be drained. */
    public int size()
    {
        return (int)((long)TAIL.getAcquire(this) - (long)HEAD.getAcquire(this));
    }

    /** Samples dropped because the ring was full, since it was made. */
    public long dropped()
    {
        return (long)DROPPED.getAcquire(this);
    }

    /** Samples offered and kept, since it was made. */
    public long written()
    {
        return (long)TAIL.getAcquire(this);
    }
}
