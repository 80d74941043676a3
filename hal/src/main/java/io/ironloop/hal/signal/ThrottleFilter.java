package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/**
 * Publishes a good sample at most once per {@code intervalNs} of sample time (ESPHome {@code throttle});
 * samples in between are dropped. Non-OK readings always pass, so a fault is never held back.
 */
public final class ThrottleFilter implements SignalStage
{
    private final long intervalNs;
    private long lastPublishedNs;
    private boolean havePublished;

    public ThrottleFilter(final long intervalNs)
    {
        if (intervalNs < 0)
        {
            throw new IllegalArgumentException("throttle interval must not be negative, got " + intervalNs + " ns");
        }
        this.intervalNs = intervalNs;
    }

    @Override
    public boolean apply(final Reading reading)
    {
        if (reading.status != SensorStatus.OK)
        {
            return true;
        }
        if (havePublished && reading.timestampNs - lastPublishedNs < intervalNs)
        {
            return false;
        }
        lastPublishedNs = reading.timestampNs;
        havePublished = true;
        return true;
    }

    @Override
    public void reset()
    {
        havePublished = false;
    }
}
