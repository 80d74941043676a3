package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/** Exponential moving average: {@code y += alpha * (x - y)}; the first good sample seeds it. */
public final class EmaFilter implements SignalStage
{
    private final double alpha;
    private double state = Double.NaN;

    public EmaFilter(final double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new IllegalArgumentException("EMA alpha must be in (0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public boolean apply(final Reading reading)
    {
        if (reading.status != SensorStatus.OK)
        {
            return true;
        }
        state = Double.isNaN(state) ? reading.value : state + alpha * (reading.value - state);
        reading.value = state;
        return true;
    }

    @Override
    public void reset()
    {
        state = Double.NaN;
    }
}
