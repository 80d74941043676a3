package io.ironloop.control.telemetry;

import io.ironloop.control.mode.Mode;
import io.ironloop.hal.SensorStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Fixed layout of one control-loop sample on the telemetry channel, and a reusable view of it.
 * Written by the control agent every tick; read by whoever drains the channel.
 */
public final class LoopSample
{
    public static final int MSG_TYPE_ID = 1;
    static final int TIME_OFFSET = 0;
    static final int MEASUREMENT_OFFSET = 8;
    static final int SETPOINT_OFFSET = 16;
    static final int OUTPUT_OFFSET = 24;
    static final int JITTER_OFFSET = 32;
    static final int LOOP_OFFSET = 40;
    static final int MODE_OFFSET = 44;
    static final int STATUS_OFFSET = 48;
    static final int TICK_OFFSET = 56;
    public static final int LENGTH = 64;

    public long timeNs;
    public double measurement;
    public double setpoint;
    public double output;
    public long jitterNs;
    public int loopIndex;
    public Mode mode;
    public SensorStatus status;
    public long tick;

    static void encode(
        final MutableDirectBuffer buffer,
        final int offset,
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
        buffer.putLong(offset + TIME_OFFSET, timeNs);
        buffer.putDouble(offset + MEASUREMENT_OFFSET, measurement);
        buffer.putDouble(offset + SETPOINT_OFFSET, setpoint);
        buffer.putDouble(offset + OUTPUT_OFFSET, output);
        buffer.putLong(offset + JITTER_OFFSET, jitterNs);
        buffer.putInt(offset + LOOP_OFFSET, loopIndex);
        buffer.putInt(offset + MODE_OFFSET, mode.ordinal());
        buffer.putInt(offset + STATUS_OFFSET, status.ordinal());
        buffer.putLong(offset + TICK_OFFSET, tick);
    }

    /** Fills this view from an encoded sample. */
    public LoopSample wrap(final DirectBuffer buffer, final int offset)
    {
        timeNs = buffer.getLong(offset + TIME_OFFSET);
        measurement = buffer.getDouble(offset + MEASUREMENT_OFFSET);
        setpoint = buffer.getDouble(offset + SETPOINT_OFFSET);
        output = buffer.getDouble(offset + OUTPUT_OFFSET);
        jitterNs = buffer.getLong(offset + JITTER_OFFSET);
        loopIndex = buffer.getInt(offset + LOOP_OFFSET);
        mode = Mode.of(buffer.getInt(offset + MODE_OFFSET));
        status = SensorStatus.of(buffer.getInt(offset + STATUS_OFFSET));
        tick = buffer.getLong(offset + TICK_OFFSET);
        return this;
    }
}
