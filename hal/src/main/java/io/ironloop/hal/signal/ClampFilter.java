package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.bus.BusResult;

/**
 * Limits good values to [min, max] (ESPHome {@code clamp}). What happens outside is the machine
 * file's choice: {@link OutOfRange#CLAMP} (the default) publishes the nearest limit, for a value that
 * merely overshoots its scale; {@link OutOfRange#FAULT} turns the reading into a FAULT (BAD_DATA),
 * for a value that cannot be physical and must trip whatever depends on it. FAULT readings pass untouched.
 */
public final class ClampFilter implements SignalStage
{
    /** What an out-of-range value becomes. */
    public enum OutOfRange { CLAMP, FAULT }

    private final double min;
    private final double max;
    private final OutOfRange outOfRange;

    public ClampFilter(final double min, final double max, final OutOfRange outOfRange)
    {
        if (!(max >= min))
        {
            throw new IllegalArgumentException("clamp needs min <= max, got [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
        this.outOfRange = outOfRange;
    }

    @Override
    public boolean apply(final Reading reading)
    {
        if (reading.status == SensorStatus.FAULT)
        {
            return true;
        }
        final double value = reading.value;
        if (value >= min && value <= max)
        {
            return true;
        }
        if (outOfRange == OutOfRange.FAULT || Double.isNaN(value))
        {
            reading.fault(BusResult.BAD_DATA, reading.timestampNs);
        }
        else
        {
            reading.value = value < min ? min : max;
        }
        return true;
    }
}
