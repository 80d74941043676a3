package io.ironloop.hal.driver.gpio;

import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.gpio.DigitalInput;

/** A digital input as a sensor: 1.0 when active, 0.0 when not (after the active-low inversion). */
public final class DigitalInputSensor implements Sensor
{
    private final String id;
    private final BoardIo io;
    private final int pin;
    private final BoardIo.Pull pull;
    private final boolean activeLow;
    private DigitalInput line;
    private LifecycleState state = LifecycleState.UNCONFIGURED;

    public DigitalInputSensor(final String id, final BoardIo io, final int pin, final BoardIo.Pull pull, final boolean activeLow)
    {
        this.id = id;
        this.io = io;
        this.pin = pin;
        this.pull = pull;
        this.activeLow = activeLow;
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
    public void configure() throws HardwareException
    {
        line = io.digitalInput(pin, pull);
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
        state = LifecycleState.INACTIVE;
    }

    @Override
    public LifecycleState state()
    {
        return state;
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = Unit.NONE;
        out.ok(line.isHigh() != activeLow ? 1.0 : 0.0, nowNs);
        return 0;
    }
}
