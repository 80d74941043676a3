package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/**
 * Drops good samples that differ from the last published one by less than {@code minChange}
 * (ESPHome {@code delta}). The first good sample, and the first after a fault or a stale reading,
 * always passes, so recovery is published at once; non-OK readings always pass.
 */
public final class DeltaFilter implements SignalStage
{
    private final double minChange;
    private double published;
    private boolean havePublished;

    public DeltaFilter(final double minChange)
    {
        if (!(minChange >= 0) || Double.isInfinite(minChange))
        {
            throw new IllegalArgumentException("delta must be a finite number >= 0, got " + minChange);
        }
        this.minChange = minChange;
    }

    @Override
    public boolean apply(final Reading reading)
    {
        if (reading.status != SensorStatus.OK)
        {
            havePublished = false;
            return true;
        }
        if (havePublished && Math.abs(reading.value - published) < minChange)
        {
            return false;
        }
        published = reading.value;
        havePublished = true;
        return true;
    }

    @Override
    public void reset()
    {
        havePublished = false;
    }
}
