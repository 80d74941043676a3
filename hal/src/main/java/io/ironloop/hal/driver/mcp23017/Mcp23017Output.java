package io.ironloop.hal.driver.mcp23017;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Unit;

/** A relay or contactor on an MCP23017 pin: a command of 0.5 or more energises it. */
public final class Mcp23017Output implements Actuator
{
    private final String id;
    private final Mcp23017 chip;
    private final int pin;
    private final boolean activeLow;
    private final double safeValue;
    private double lastValue = Double.NaN;
    private LifecycleState state = LifecycleState.UNCONFIGURED;

    public Mcp23017Output(final String id, final Mcp23017 chip, final int pin, final boolean activeLow, final double safeValue)
    {
        this.id = id;
        this.chip = chip;
        this.pin = pin;
        this.activeLow = activeLow;
        this.safeValue = safeValue;
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public Unit unit()
    {
        return Unit.NONE;
    }

    @Override
    public double safeValue()
    {
        return safeValue;
    }

    @Override
    public double lastValue()
    {
        return lastValue;
    }

    @Override
    public void configure() throws HardwareException
    {
        try
        {
            chip.configureOutput(pin, (safeValue >= 0.5) != activeLow);
        }
        catch (final HardwareException ex)
        {
            state = LifecycleState.ERROR;
            throw new HardwareException("actuator '" + id + "': " + ex.getMessage(), ex);
        }
        lastValue = safeValue >= 0.5 ? 1.0 : 0.0;
        state = LifecycleState.INACTIVE;
    }

    @Override
    public void activate()
    {
        state = LifecycleState.ACTIVE;
    }

    @Override
    public void deactivate()
    {
        write(0, safeValue);
        state = LifecycleState.INACTIVE;
    }

    @Override
    public LifecycleState state()
    {
        return state;
    }

    @Override
    public int write(final long nowNs, final double value)
    {
        final boolean energise = value >= 0.5;
        final int result = chip.writePin(pin, energise != activeLow);
        if (result >= 0)
        {
            lastValue = energise ? 1.0 : 0.0;
        }
        return result;
    }
}
