package io.ironloop.hal.driver.pca9685;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.ActuatorLifecycle;

/**
 * One PCA9685 channel as an actuator (a lamp dimmer, a proportional valve driver, a servo-less fan):
 * a value in [valueMin, valueMax] maps linearly to a duty cycle of 0..1; values outside are clamped.
 */
public final class Pca9685Output extends ActuatorLifecycle
{
    private final Pca9685 chip;
    private final int channel;
    private final double valueMin;
    private final double span;
    private final boolean invert;

    /** @param invert duty = 1 - fraction (for a low-active driver stage) */
    public Pca9685Output(
        final String id, final Pca9685 chip, final int channel, final Unit unit,
        final double valueMin, final double valueMax, final double safeValue, final boolean invert)
    {
        super(id, unit, safeValue);
        if (!(valueMax > valueMin))
        {
            throw new IllegalArgumentException("PCA9685 output '" + id + "': valueMax must be greater than valueMin");
        }
        if (channel < 0 || channel >= Pca9685Registers.CHANNELS)
        {
            throw new IllegalArgumentException("PCA9685 output '" + id + "': channel must be 0..15, got " + channel);
        }
        this.chip = chip;
        this.channel = channel;
        this.valueMin = valueMin;
        this.span = valueMax - valueMin;
        this.invert = invert;
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
            throw failed("actuator '" + id() + "': " + ex.getMessage(), ex);
        }
        if (write(0, safeValue()) < 0)
        {
            throw failed("actuator '" + id() + "': " + chip.where() + ": could not write the safe value to channel " + channel);
        }
        configured();
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
            lastValue(valueMin + fraction * span);
        }
        return result;
    }
}
