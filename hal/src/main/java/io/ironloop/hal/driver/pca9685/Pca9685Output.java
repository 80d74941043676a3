package io.ironloop.hal.driver.pca9685;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;

/**
 * One PCA9685 channel as an actuator (a lamp dimmer, a proportional valve driver, a servo-less fan):
 * a value in [valueMin, valueMax] maps linearly to a duty cycle of 0..1; values outside are clamped.
 */
public final class Pca9685Output implements Actuator
{
    private final String id;
    private final Pca9685 chip;
    private final int channel;
    private final Unit unit;
    private final double valueMin;
    private final double span;
    private final double safeValue;
    private final boolean invert;
    private double lastValue = Double.NaN;
    private LifecycleState state = LifecycleState.UNCONFIGURED;

    /** @param invert duty = 1 - fraction (for a low-active driver stage) */
    public Pca9685Output(
        final String id, final Pca9685 chip, final int channel, final Unit unit,
        final double valueMin, final double valueMax, final double safeValue, final boolean invert)
    {
        if (!(valueMax > valueMin))
        {
            throw new IllegalArgumentException("PCA9685 output '" + id + "': valueMax must be greater than valueMin");
        }
        if (channel < 0 || channel >= Pca9685Registers.CHANNELS)
        {
            throw new IllegalArgumentException("PCA9685 output '" + id + "': channel must be 0..15, got " + channel);
        }
        this.id = id;
        this.chip = chip;
        this.channel = channel;
        this.unit = unit;
        this.valueMin = valueMin;
        this.span = valueMax - valueMin;
        this.safeValue = safeValue;
        this.invert = invert;
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public Unit unit()
    {
        return unit;
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
            chip.configure();
        }
        catch (final HardwareException ex)
        {
            state = LifecycleState.ERROR;
            throw new HardwareException("actuator '" + id + "': " + ex.getMessage(), ex);
        }
        if (write(0, safeValue) < 0)
        {
            state = LifecycleState.ERROR;
            throw new HardwareException("actuator '" + id + "': " + chip.where() + ": could not write the safe value to channel " + channel);
        }
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
        if (Double.isNaN(value))
        {
            return BusResult.BAD_DATA;
        }
        final double fraction = Math.max(0.0, Math.min(1.0, (value - valueMin) / span));
        final int result = chip.setDuty(channel, invert ? 1.0 - fraction : fraction);
        if (result >= 0)
        {
            lastValue = valueMin + fraction * span;
        }
        return result;
    }
}
