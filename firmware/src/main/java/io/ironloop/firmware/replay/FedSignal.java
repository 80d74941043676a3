package io.ironloop.firmware.replay;

import io.ironloop.hal.sim.AnalogSignal;
import org.agrona.concurrent.NanoClock;

/**
 * A recording channel as a device model's input: the row agent sets the value when a row starts,
 * the model samples it (scaled) whenever the driver asks. Single-threaded under lockstep; no allocation.
 */
final class FedSignal implements AnalogSignal
{
    /** Rows a waveform keeps: 0.17 s at 48 kHz, far more than a driver leaves between two FIFO reads. */
    static final int WAVEFORM_HISTORY = 8192;

    private final double scale;
    private final double offset;
    private final NanoClock clock;
    private final long[] times;
    private final double[] values;
    private long written;
    private double raw = Double.NaN;
    private double previous = Double.NaN;

    FedSignal(final double scale, final double offset)
    {
        this.scale = scale;
        this.offset = offset;
        this.clock = null;
        this.times = null;
        this.values = null;
    }

    /**
     * A waveform: each row is kept with the time it was fed (the last {@code history} rows), so a device model
     * that converts several samples at once, at their own instants, reads the row that was current at each
     * ({@code history} a power of two).
     */
    FedSignal(final double scale, final double offset, final NanoClock clock, final int history)
    {
        if (Integer.bitCount(history) != 1)
        {
            throw new IllegalArgumentException("waveform history must be a power of two, got " + history);
        }
        this.scale = scale;
        this.offset = offset;
        this.clock = clock;
        this.times = new long[history];
        this.values = new double[history];
    }

    void set(final double value)
    {
        previous = raw;
        raw = value;
        if (times != null)
        {
            final int at = (int)(written & (times.length - 1));
            times[at] = clock.nanoTime();
            values[at] = value;
            written++;
        }
    }

    /** The fed value, scaled (the value the sensor should read back). */
    double value()
    {
        return raw * scale + offset;
    }

    /** The value of the row before, scaled. */
    double previousValue()
    {
        return previous * scale + offset;
    }

    @Override
    public double valueAt(final long nowNs)
    {
        if (times == null || written == 0)
        {
            return raw * scale + offset;
        }
        final int mask = times.length - 1;
        // The newest row fed at or before nowNs. Usually the newest of all: a model converts samples between the last
        // row and now. Else a binary search over the kept rows, oldest to newest (a mask, not a modulo: a 64-bit
        // division per step cost more than the rest of the sample).
        final long newest = written - 1;
        if (nowNs - times[(int)(newest & mask)] >= 0)
        {
            return values[(int)(newest & mask)] * scale + offset;
        }
        long low = Math.max(0, written - times.length);
        long high = newest;
        if (nowNs - times[(int)(low & mask)] < 0)
        {
            return values[(int)(low & mask)] * scale + offset;
        }
        while (low < high)
        {
            final long mid = (low + high + 1) >>> 1;
            if (nowNs - times[(int)(mid & mask)] >= 0)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return values[(int)(low & mask)] * scale + offset;
    }
}
