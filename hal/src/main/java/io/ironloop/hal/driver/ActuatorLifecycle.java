package io.ironloop.hal.driver;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every actuator driver shares: {@link DeviceLifecycle} plus the safe value, the last
 * commanded value, and a deactivate that first drives the output to its safe value (retried once, the
 * result kept and a failure logged: a DAC that NACKs its safe write must not pass for stopped).
 */
public abstract class ActuatorLifecycle extends DeviceLifecycle implements Actuator
{
    private static final Logger LOG = LoggerFactory.getLogger(ActuatorLifecycle.class);

    private final double safeValue;
    private int deactivateResult;
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

    /** The result of the last deactivate's safe write: non-negative on success, else a {@link BusResult}. */
    public final int deactivateResult()
    {
        return deactivateResult;
    }

    @Override
    public void deactivate()
    {
        int result = write(0, safeValue);
        if (result < 0)
        {
            result = write(0, safeValue);
        }
        deactivateResult = result;
        if (result < 0)
        {
            LOG.error("actuator '{}': the safe write on deactivate failed twice ({})", id(), BusResult.name(result));
        }
        super.deactivate();
    }
}
