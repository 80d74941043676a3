package io.ironloop.firmware.replay;

import io.ironloop.hal.sim.AnalogSignal;

/**
 * A recording channel as a device model's input: the row agent sets the value when a row starts,
 * the model samples it (scaled) whenever the driver asks. Single-threaded under lockstep; no allocation.
 */
final class FedSignal implements AnalogSignal
{
    private final double scale;
    private final double offset;
    private double raw = Double.NaN;
    private double previous = Double.NaN;

    FedSignal(final double scale, final double offset)
    {
        this.scale = scale;
        this.offset = offset;
    }

    void set(final double value)
    {
        previous = raw;
        raw = value;
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
        return raw * scale + offset;
    }
}
