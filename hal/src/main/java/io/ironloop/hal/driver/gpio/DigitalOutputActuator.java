package io.ironloop.hal.driver.gpio;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Unit;
import io.ironloop.hal.gpio.DigitalOutput;

/** A relay or contactor as an actuator: a command of 0.5 or more energises it. */
public final class DigitalOutputActuator implements Actuator
{
    private final String id;
    private final BoardIo io;
    private final int pin;
    private final boolean activeLow;
    private final double safeValue;
    private DigitalOutput line;
    private double lastValue = Double.NaN;
    private LifecycleState state = LifecycleState.UNCONFIGURED;

    public DigitalOutputActuator(final String id, final BoardIo io, final int pin, final boolean activeLow, final double safeValue)
    {
        this.id = id;
        this.io = io;
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
        line = io.digitalOutput(pin, (safeValue >= 0.5) != activeLow);
        lastValue = safeValue;
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
        final int result = line.set(energise != activeLow);
        if (result >= 0)
        {
            lastValue = energise ? 1.0 : 0.0;
        }
        return result;
    }
}
