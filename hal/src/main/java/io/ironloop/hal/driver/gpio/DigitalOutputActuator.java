package io.ironloop.hal.driver.gpio;

import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.ActuatorLifecycle;
import io.ironloop.hal.gpio.DigitalOutput;

/** A relay or contactor as an actuator: a command of 0.5 or more energises it. */
public final class DigitalOutputActuator extends ActuatorLifecycle
{
    private final BoardIo io;
    private final int pin;
    private final boolean activeLow;
    private DigitalOutput line;

    public DigitalOutputActuator(final String id, final BoardIo io, final int pin, final boolean activeLow, final double safeValue)
    {
        super(id, Unit.NONE, safeValue);
        this.io = io;
        this.pin = pin;
        this.activeLow = activeLow;
    }

    @Override
    public void configure() throws HardwareException
    {
        line = io.digitalOutput(pin, (safeValue() >= 0.5) != activeLow);
        lastValue(safeValue());
        configured();
    }

    @Override
    public int write(final long nowNs, final double value)
    {
        final boolean energise = value >= 0.5;
        final int result = line.set(energise != activeLow);
        if (result >= 0)
        {
            lastValue(energise ? 1.0 : 0.0);
        }
        return result;
    }
}
