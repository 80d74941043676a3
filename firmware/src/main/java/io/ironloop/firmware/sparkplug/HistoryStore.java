package io.ironloop.firmware.sparkplug;

/**
 * Metric values held while they cannot be published (the primary host is offline, or the link is down),
 * to be sent after the next births as {@code is_historical} metrics with their original timestamps.
 * A preallocated ring: when full the oldest value is evicted and counted. Telemetry thread only;
 * allocation-free.
 */
final class HistoryStore
{
    private final int[] metric;
    private final long[] timestampMs;
    private final double[] value;
    private int head;
    private int size;
    private long stored;
    private long evicted;
    private long replayed;

    HistoryStore(final int capacity)
    {
        this.metric = new int[capacity];
        this.timestampMs = new long[capacity];
        this.value = new double[capacity];
    }

    /** Holds one value of metric {@code index}; evicts the oldest when full (nothing is held with a capacity of 0). */
    void add(final int index, final long atMs, final double v)
    {
        final int capacity = metric.length;
        if (capacity == 0)
        {
            evicted++;
            return;
        }
        if (size == capacity)
        {
            head = (head + 1) % capacity;
            size--;
            evicted++;
        }
        final int at = (head + size) % capacity;
        metric[at] = index;
        timestampMs[at] = atMs;
        value[at] = v;
        size++;
        stored++;
    }

    int size()
    {
        return size;
    }

    int metricAt(final int i)
    {
        return metric[(head + i) % metric.length];
    }

    long timestampAt(final int i)
    {
        return timestampMs[(head + i) % metric.length];
    }

    double valueAt(final int i)
    {
        return value[(head + i) % metric.length];
    }

    /** Forgets the {@code count} oldest values, once they were handed to the link. */
    void release(final int count)
    {
        final int n = Math.min(count, size);
        head = (head + n) % Math.max(1, metric.length);
        size -= n;
        replayed += n;
    }

    long stored()
    {
        return stored;
    }

    long evicted()
    {
        return evicted;
    }

    long replayed()
    {
        return replayed;
    }
}
