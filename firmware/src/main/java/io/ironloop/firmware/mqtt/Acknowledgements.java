package io.ironloop.firmware.mqtt;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Hands broker answers from the MQTT client's threads to the store-and-forward journal's thread without allocating:
 * a many-to-one ring of sequences. A full ring drops the answer and counts it; its record stays
 * unreleased and is sent again after the next reconnect (a duplicate, not a loss).
 */
public final class Acknowledgements implements MessageHandler
{
    private static final int ACKNOWLEDGED = 1;
    private static final int REFUSED = 2;

    private final ManyToOneRingBuffer ring;
    private final AtomicLong dropped = new AtomicLong();
    private LongConsumer release;
    private long refused;

    /** @param capacity answers the ring holds (rounded up to a power of two) */
    public Acknowledgements(final int capacity)
    {
        // Each entry is an 8-byte record header plus the 8-byte sequence.
        final int bytes = BitUtil.findNextPositivePowerOfTwo(Math.max(64, capacity) * 16);
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(bytes + RingBufferDescriptor.TRAILER_LENGTH, 64)));
    }

    /** The broker kept the message with this sequence (any thread). */
    public boolean acknowledged(final long sequence)
    {
        return offer(ACKNOWLEDGED, sequence);
    }

    /**
     * The broker answered with a failure it will not change its mind about (an MQTT 5 reason code
     * such as 135, not authorized): sending again is pointless, so the record is released and counted.
     */
    public boolean refused(final long sequence)
    {
        return offer(REFUSED, sequence);
    }

    private boolean offer(final int type, final long sequence)
    {
        if (sequence < 0)
        {
            return true;
        }
        final int index = ring.tryClaim(type, 8);
        if (index < 0)
        {
            dropped.incrementAndGet();
            return false;
        }
        ring.buffer().putLong(index, sequence);
        ring.commit(index);
        return true;
    }

    /**
     * Hands up to {@code limit} answered sequences to {@code release} on the caller's thread (the
     * journal's); returns how many.
     */
    public int drainTo(final LongConsumer release, final int limit)
    {
        this.release = release;
        return ring.read(this, limit);
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long sequence = buffer.getLong(index);
        if (msgTypeId == REFUSED)
        {
            refused++;
        }
        release.accept(sequence);
    }

    /** Answers dropped because the ring was full. */
    public long dropped()
    {
        return dropped.get();
    }

    /** Messages the broker refused for good (released without a successful delivery). */
    public long refused()
    {
        return refused;
    }
}
