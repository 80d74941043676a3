package io.ironloop.hal.driver.mcp23017;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.ActuatorLifecycle;

/** A relay or contactor on an MCP23017 pin: a command of 0.5 or more energises it. */
public final class Mcp23017Output extends ActuatorLifecycle
{
    private final Mcp23017 chip;
    private final int pin;
    private final boolean activeLow;

    public Mcp23017Output(final String id, final Mcp23017 chip, final int pin, final boolean activeLow, final double safeValue)
    {
        super(id, Unit.NONE, safeValue);
        this.chip = chip;
        this.pin = pin;
        this.activeLow = activeLow;
    }

    @Override
    public void configure() throws HardwareException
    {
        try
        {
            chip.configureOutput(pin, (safeValue() >= 0.5) != activeLow);
        }
        catch (final HardwareException ex)
        {
            throw failed("actuator '" + id() + "': " + ex.getMessage(), ex);
        }
        lastValue(safeValue() >= 0.5 ? 1.0 : 0.0);
        configured();
    }

    @Override
    public int write(final long nowNs, final double value)
    {
        final boolean energise = value >= 0.5;
        final int result = chip.writePin(pin, energise != activeLow);
        if (result >= 0)
        {
            lastValue(energise ? 1.0 : 0.0);
        }
        return result;
    }
}
