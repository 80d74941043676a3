package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/**
 * Sliding median over the last {@code window} good samples (ESPHome {@code median}): removes single
 * spikes without lagging a step as much as an average. Until the window fills, the median of the
 * samples so far. Insertion sort of a preallocated copy: fine for the small windows this is used with.
 */
public final class MedianFilter implements SignalStage
{
    private final double[] ring;
    private final double[] sorted;
    private int next;
    private int size;

    public MedianFilter(final int window)
    {
        if (window < 1)
        {
            throw new IllegalArgumentException("median window must be at least 1, got " + window);
        }
        ring = new double[window];
        sorted = new double[window];
    }

    @Override
    public boolean apply(final Reading reading)
    {
        if (reading.status != SensorStatus.OK)
        {
            return true;
        }
        ring[next] = reading.value;
        next = (next + 1) % ring.length;
        if (size < ring.length)
        {
            size++;
        }
        for (int i = 0; i < size; i++)
        {
            final double value = ring[i];
            int j = i - 1;
            while (j >= 0 && sorted[j] > value)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = value;
        }
        final int middle = size >>> 1;
        reading.value = (size & 1) == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
        return true;
    }

    @Override
    public void reset()
    {
        next = 0;
        size = 0;
    }
}
