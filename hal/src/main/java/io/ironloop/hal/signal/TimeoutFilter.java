package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/**
 * Marks a reading STALE when no new good sample has arrived within {@code timeoutNs} of the read
 * (ESPHome {@code timeout}). A sample is new when its timestamp differs from the previous good one:
 * drivers that republish an old sample (an empty FIFO, a gate still open) keep its timestamp. The
 * value is kept so a supervisor can see what it was; FAULT readings pass untouched. Place it before
 * delta or throttle, which drop samples and so end the chain before it.
 */
public final class TimeoutFilter implements SignalStage
{
    private final long timeoutNs;
    private long lastNewNs;
    private long lastSampleNs;
    private boolean haveSample;

    public TimeoutFilter(final long timeoutNs)
    {
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("timeout must be greater than 0, got " + timeoutNs + " ns");
        }
        this.timeoutNs = timeoutNs;
    }

    @Override
    public boolean apply(final Reading reading)
    {
        return apply(reading.timestampNs, reading);
    }

    @Override
    public boolean apply(final long nowNs, final Reading reading)
    {
        if (reading.status == SensorStatus.FAULT)
        {
            return true;
        }
        if (reading.status == SensorStatus.OK && (!haveSample || reading.timestampNs != lastSampleNs))
        {
            haveSample = true;
            lastSampleNs = reading.timestampNs;
            lastNewNs = nowNs;
        }
        if (haveSample && nowNs - lastNewNs > timeoutNs)
        {
            reading.status = SensorStatus.STALE;
        }
        return true;
    }

    @Override
    public void reset()
    {
        haveSample = false;
    }
}
