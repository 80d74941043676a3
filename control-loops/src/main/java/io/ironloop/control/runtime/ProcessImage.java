package io.ironloop.control.runtime;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The latest value of every signal, in fixed slots, each stamped with a sequence number. One writer
 * per slot (its acquisition agent), any number of readers (control, advisor, telemetry). A seqlock:
 * the writer makes the sequence odd, writes, makes it even; a reader retries if the sequence was odd
 * or changed while it read. Wait-free for the writer, allocation-free for both.
 */
public final class ProcessImage
{
    private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 8; // one cache line of longs per slot's sequence, no false sharing

    private final String[] names;
    private final long[] sequences;
    private final double[] values;
    private final long[] timestamps;
    private final int[] statuses;
    private final int[] errorCodes;

    public ProcessImage(final String... names)
    {
        this.names = names.clone();
        final int slots = names.length;
        this.sequences = new long[slots * STRIDE];
        this.values = new double[slots];
        this.timestamps = new long[slots];
        this.statuses = new int[slots];
        this.errorCodes = new int[slots];
        java.util.Arrays.fill(values, Double.NaN);
        java.util.Arrays.fill(statuses, SensorStatus.STALE.ordinal());
    }

    /** Number of slots. */
    public int size()
    {
        return names.length;
    }

    /** Name of a slot. */
    public String name(final int slot)
    {
        return names[slot];
    }

    /** Slot of a name, or -1. Start-up only. */
    public int slotOf(final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /** Publishes a reading into a slot. Only the slot's single writer may call this. */
    public void write(final int slot, final Reading reading)
    {
        final int index = slot * STRIDE;
        final long sequence = (long)SEQUENCES.getOpaque(sequences, index);
        SEQUENCES.setOpaque(sequences, index, sequence + 1);
        VarHandle.storeStoreFence();
        values[slot] = reading.value;
        timestamps[slot] = reading.timestampNs;
        statuses[slot] = reading.status.ordinal();
        errorCodes[slot] = reading.errorCode;
        SEQUENCES.setRelease(sequences, index, sequence + 2);
    }

    /**
     * Reads a consistent copy of a slot into {@code out} (unit untouched).
     *
     * @return the slot's sequence number; 0 means it was never written.
     */
    public long read(final int slot, final Reading out)
    {
        final int index = slot * STRIDE;
        while (true)
        {
            final long before = (long)SEQUENCES.getAcquire(sequences, index);
            if ((before & 1) != 0)
            {
                Thread.onSpinWait();
                continue;
            }
            final double value = values[slot];
            final long timestamp = timestamps[slot];
            final int status = statuses[slot];
            final int errorCode = errorCodes[slot];
            VarHandle.loadLoadFence();
            final long after = (long)SEQUENCES.getOpaque(sequences, index);
            if (before == after)
            {
                out.value = value;
                out.timestampNs = timestamp;
                out.status = SensorStatus.of(status);
                out.errorCode = errorCode;
                return before >>> 1;
            }
        }
    }
}
