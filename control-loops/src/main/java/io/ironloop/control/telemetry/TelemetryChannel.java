package io.ironloop.control.telemetry;

import io.ironloop.control.mode.Mode;
import io.ironloop.hal.SensorStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * The one-way hand-off from the control agent to telemetry: an Agrona one-to-one ring buffer of
 * fixed-size {@link LoopSample} records. The control agent never blocks on it: when telemetry falls
 * behind and the ring is full, the sample is dropped and counted.
 */
public final class TelemetryChannel
{
    private final OneToOneRingBuffer ring;
    private long dropped;

    /** @param capacityBytes power of two; 64 KiB holds ~800 samples (8 s of one loop at 100 Hz) */
    public TelemetryChannel(final int capacityBytes)
    {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Offers one sample; returns false (and counts a drop) when the ring is full. */
    public boolean offer(
        final long timeNs,
        final int loopIndex,
        final double measurement,
        final double setpoint,
        final double output,
        final long jitterNs,
        final Mode mode,
        final SensorStatus status,
        final long tick)
    {
        final int index = ring.tryClaim(LoopSample.MSG_TYPE_ID, LoopSample.LENGTH);
        if (index <= 0)
        {
            dropped++;
            return false;
        }
        LoopSample.encode(ring.buffer(), index, timeNs, loopIndex, measurement, setpoint, output, jitterNs, mode, status, tick);
        ring.commit(index);
        return true;
    }

    /** The ring, for the consumer side. */
    public RingBuffer ring()
    {
        return ring;
    }

    /** Samples dropped because the ring was full. Read by the producer's thread only. */
    public long dropped()
    {
        return dropped;
    }
}
