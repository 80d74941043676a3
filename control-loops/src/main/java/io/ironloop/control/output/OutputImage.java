package io.ironloop.control.output;

import org.agrona.concurrent.NanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The commanded value of every output, in memory, like a PLC's output image: the control thread writes
 * a channel's command with a sequence number; the actuator's bus agent reads it and writes the device
 * ({@link OutputFlush}). One writer per channel (its claimant on the control thread), readers on any
 * thread. The control tick therefore never touches a bus. Allocation-free after construction.
 */
public final class OutputImage
{
    /** Safe-write attempts per channel in {@link #driveSafe(NanoClock, long, int)}: the write and one retry. */
    public static final int SAFE_WRITE_ATTEMPTS = 2;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 8; // one cache line of longs per channel, no false sharing
    private static final int SEQUENCE = 0;
    private static final int VALUE = 1;

    private final OutputChannel[] channels;
    private final long[] slots;

    public OutputImage(final OutputChannel... channels)
    {
        this.channels = channels.clone();
        this.slots = new long[channels.length * STRIDE];
        for (int i = 0; i < channels.length; i++)
        {
            slots[i * STRIDE + VALUE] = Double.doubleToRawLongBits(Double.NaN);
            channels[i].attach(this, i);
        }
    }

    /** Number of channels. */
    public int size()
    {
        return channels.length;
    }

    public OutputChannel channel(final int index)
    {
        return channels[index];
    }

    /** The channel of an actuator id, or null. Start-up only. */
    public OutputChannel channel(final String id)
    {
        for (final OutputChannel channel : channels)
        {
            if (channel.id().equals(id))
            {
                return channel;
            }
        }
        return null;
    }

    void command(final int index, final double value)
    {
        final int base = index * STRIDE;
        SLOTS.setRelease(slots, base + VALUE, Double.doubleToRawLongBits(value));
        SLOTS.setRelease(slots, base + SEQUENCE, (long)SLOTS.getOpaque(slots, base + SEQUENCE) + 1);
    }

    /** The last commanded value of a channel, NaN before its first command. */
    public double commanded(final int index)
    {
        return Double.longBitsToDouble((long)SLOTS.getAcquire(slots, index * STRIDE + VALUE));
    }

    /** How many commands a channel has had; a reader compares it to tell a new command. */
    public long sequence(final int index)
    {
        return (long)SLOTS.getAcquire(slots, index * STRIDE + SEQUENCE);
    }

    /** Latches every channel with {@code reason}. Any thread. */
    public void latchAll(final int reason)
    {
        for (final OutputChannel channel : channels)
        {
            channel.latch(reason);
        }
    }

    /**
     * Latches every channel with {@code reason}, then writes each safe value from the calling thread, with
     * one retry of a failed write while time remains. Safe while bus agents run: writes are serialised
     * per channel.
     *
     * @param timeoutNs time after which no retry starts (the first attempt of each channel is always made)
     * @return per channel, in channel order, the last write's result: non-negative when the safe value was written
     */
    public int[] driveSafe(final NanoClock clock, final long timeoutNs, final int reason)
    {
        latchAll(reason);
        final long deadlineNs = clock.nanoTime() + timeoutNs;
        final int[] results = new int[channels.length];
        for (int i = 0; i < channels.length; i++)
        {
            int result = channels[i].writeSafe(clock.nanoTime());
            for (int attempt = 1; result < 0 && attempt < SAFE_WRITE_ATTEMPTS && clock.nanoTime() - deadlineNs < 0; attempt++)
            {
                result = channels[i].writeSafe(clock.nanoTime());
            }
            results[i] = result;
        }
        return results;
    }
}
