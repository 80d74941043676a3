package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/**
 * Sliding mean of the last {@code window} good samples (ESPHome {@code sliding_window_moving_average}).
 * A running sum makes it O(1) per sample; the sum is recomputed once per window so rounding cannot drift.
 */
public final class MovingAverageFilter implements SignalStage
{
    private final double[] ring;
    private int next;
    private int size;
    private double sum;

    public MovingAverageFilter(final int window)
    {
        if (window < 1)
        {
            throw new IllegalArgumentException("moving average window must be at least 1, got " + window);
        }
        ring = new double[window];
    }

    @Override
    public boolean apply(final Reading reading)
    {
        if (reading.status != SensorStatus.OK)
        {
            return true;
        }
        if (size == ring.length)
        {
            sum -= ring[next];
        }
        else
        {
            size++;
        }
        ring[next] = reading.value;
        sum += reading.value;
        next = (next + 1) % ring.length;
        if (next == 0)
        {
            double exact = 0;
            for (int i = 0; i < size; i++)
            {
                exact += ring[i];
            }
            sum = exact;
        }
        reading.value = sum / size;
        return true;
    }

    @Override
    public void reset()
    {
        next = 0;
        size = 0;
        sum = 0;
    }
}
