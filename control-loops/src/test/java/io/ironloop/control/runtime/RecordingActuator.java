package io.ironloop.control.runtime;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Unit;

/** Test actuator: remembers every command, and whether any was not finite. */
class RecordingActuator implements Actuator
{
    private final double safeValue;
    private double last = Double.NaN;
    private long writes;
    private boolean sawNonFinite;
    private long lastWriteNs;

    RecordingActuator(final double safeValue)
    {
        this.safeValue = safeValue;
    }

    @Override
    public Unit unit()
    {
        return Unit.FRACTION;
    }

    @Override
    public double safeValue()
    {
        return safeValue;
    }

    @Override
    public int write(final long nowNs, final double value)
    {
        sawNonFinite |= !Double.isFinite(value);
        last = value;
        lastWriteNs = nowNs;
        writes++;
        return 0;
    }

    @Override
    public double lastValue()
    {
        return last;
    }

    boolean sawNonFinite()
    {
        return sawNonFinite;
    }

    long writes()
    {
        return writes;
    }

    long lastWriteNs()
    {
        return lastWriteNs;
    }

    @Override
    public String id()
    {
        return "recording";
    }

    @Override
    public void configure()
    {
    }

    @Override
    public void activate()
    {
    }

    @Override
    public void deactivate()
    {
    }

    @Override
    public LifecycleState state()
    {
        return LifecycleState.ACTIVE;
    }
}
