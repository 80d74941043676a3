package io.ironloop.hal;

/**
 * One sample of a sensor: value, unit, timestamp and status. Mutable and reused: the hot path fills
 * a preallocated instance instead of creating one per sample.
 */
public final class Reading
{
    public double value = Double.NaN;
    public Unit unit = Unit.NONE;
    public long timestampNs;
    public SensorStatus status = SensorStatus.STALE;
    /** The last bus result behind a FAULT (a negative {@link io.ironloop.hal.bus.BusResult}), else 0. */
    public int errorCode;

    /** Sets a good value. */
    public Reading ok(final double value, final long timestampNs)
    {
        this.value = value;
        this.timestampNs = timestampNs;
        this.status = SensorStatus.OK;
        this.errorCode = 0;
        return this;
    }

    /** Marks a fault; the value becomes NaN so nobody can mistake it for a measurement. */
    public Reading fault(final int errorCode, final long timestampNs)
    {
        this.value = Double.NaN;
        this.timestampNs = timestampNs;
        this.status = SensorStatus.FAULT;
        this.errorCode = errorCode;
        return this;
    }

    /** Copies another reading into this one. */
    public Reading set(final Reading other)
    {
        this.value = other.value;
        this.unit = other.unit;
        this.timestampNs = other.timestampNs;
        this.status = other.status;
        this.errorCode = other.errorCode;
        return this;
    }

    @Override
    public String toString()
    {
        return value + " " + unit.symbol() + " " + status + " @" + timestampNs;
    }
}
