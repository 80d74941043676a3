package io.ironloop.control.anomaly;

import java.util.Arrays;

/**
 * The last {@code capacity} values, kept both in arrival order (a ring) and sorted, so that quantiles,
 * minimum and maximum cost O(1) and an update O(capacity) element moves, without allocating.
 */
final class SlidingQuantiles
{
    private final double[] ring;
    private final double[] sorted;
    private int size;
    private int next;

    SlidingQuantiles(final int capacity)
    {
        ring = new double[capacity];
        sorted = new double[capacity];
    }

    int size()
    {
        return size;
    }

    void add(final double value)
    {
        if (size == ring.length)
        {
            final double old = ring[next];
            int at = Arrays.binarySearch(sorted, 0, size, old);
            // equal values: any copy will do
            System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
            size--;
        }
        int insert = Arrays.binarySearch(sorted, 0, size, value);
        if (insert < 0)
        {
            insert = -insert - 1;
        }
        System.arraycopy(sorted, insert, sorted, insert + 1, size - insert);
        sorted[insert] = value;
        size++;
        ring[next] = value;
        next = (next + 1) % ring.length;
    }

    /** Linear-interpolated quantile q in [0, 1] of the values held (NaN when empty). */
    double quantile(final double q)
    {
        if (size == 0)
        {
            return Double.NaN;
        }
        final double position = q * (size - 1);
        final int low = (int)Math.floor(position);
        final int high = Math.min(size - 1, low + 1);
        final double fraction = position - low;
        return sorted[low] + (sorted[high] - sorted[low]) * fraction;
    }

    double min()
    {
        return size == 0 ? Double.NaN : sorted[0];
    }

    double max()
    {
        return size == 0 ? Double.NaN : sorted[size - 1];
    }
}
