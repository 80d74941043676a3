package io.ironloop.hal.driver;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.Unit;

/**
 * The lifecycle every actuator driver shares: {@link DeviceLifecycle} plus the safe value, the last
 * commanded value, and a deactivate that first drives the output to its safe value.
 */
public abstract class ActuatorLifecycle extends DeviceLifecycle implements Actuator
{
    private final double safeValue;
    /**
     * Set by the driver's write() on success; a field so the hot path makes no call for it, volatile
     * because the thread that writes an output is not always the one that reports it.
     */
    protected volatile double lastValue = Double.NaN;

    protected ActuatorLifecycle(final String id, final Unit unit, final double safeValue)
    {
        super(id, unit);
        this.safeValue = safeValue;
    }

    @Override
    public final double safeValue()
    {
        return safeValue;
    }

    @Override
    public final double lastValue()
    {
        return lastValue;
    }

    @Override
    public void deactivate()
    {
        write(0, safeValue);
        super.deactivate();
    }
}
