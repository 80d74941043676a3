package io.ironloop.hal.driver;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
    private static final VarHandle LAST_VALUE;

    static
    {
        try
        {
            LAST_VALUE = MethodHandles.lookup().findVarHandle(ActuatorLifecycle.class, "lastValue", double.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * Set by the driver's write() on success through {@link #lastValue(double)}: a release store, read with
     * acquire, because the thread that writes an output is not always the one that reports it. Not a
     * volatile field: a volatile store is a full fence on every write of every output (measured on the
     * replay pipeline), and publishing one value needs only release/acquire.
     */
    private double lastValue = Double.NaN;

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
        return (double)LAST_VALUE.getAcquire(this);
    }

    /** Records the value the output now holds (the driver's write, on success). */
    protected final void lastValue(final double value)
    {
        LAST_VALUE.setRelease(this, value);
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
