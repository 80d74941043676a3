package io.ironloop.hal.signal;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;

/**
 * A raw sensor followed by its conditioning chain, as declared in the machine file. Reads the device,
 * then applies each stage in order; a dropped sample leaves the last published reading in place.
 * A raw reading that is not OK (a bus fault, a supervised device reset, a frozen value) resets every
 * stage, so samples from before an outage are never blended into the first good readings after it.
 */
public final class ConditionedSensor implements Sensor
{
    private final Sensor raw;
    private final SignalStage[] stages;
    private final Unit unit;
    private final Reading scratch = new Reading();

    public ConditionedSensor(final Sensor raw, final Unit unit, final SignalStage... stages)
    {
        this.raw = raw;
        this.unit = unit;
        this.stages = stages.clone();
    }

    /** The device behind the chain. */
    public Sensor raw()
    {
        return raw;
    }

    @Override
    public String id()
    {
        return raw.id();
    }

    @Override
    public Unit unit()
    {
        return unit;
    }

    @Override
    public void configure() throws HardwareException
    {
        raw.configure();
    }

    @Override
    public void activate()
    {
        raw.activate();
    }

    @Override
    public void deactivate()
    {
        raw.deactivate();
    }

    @Override
    public LifecycleState state()
    {
        return raw.state();
    }

    /** Forgets all filter state. */
    public void reset()
    {
        for (final SignalStage stage : stages)
        {
            stage.reset();
        }
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        final int result = raw.read(nowNs, scratch);
        if (scratch.status != SensorStatus.OK)
        {
            reset();
        }
        for (final SignalStage stage : stages)
        {
            if (!stage.apply(nowNs, scratch))
            {
                return result;
            }
        }
        scratch.unit = unit;
        out.set(scratch);
        return result;
    }
}
