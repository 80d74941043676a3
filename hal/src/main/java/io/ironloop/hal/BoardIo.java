package io.ironloop.hal;

import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.bus.SpiBus;
import io.ironloop.hal.gpio.DigitalInput;
import io.ironloop.hal.gpio.DigitalOutput;
import io.ironloop.hal.gpio.PulseCounter;
import io.ironloop.hal.gpio.PwmOutput;

/**
 * The I/O of one board, as a backend provides it: {@code sim} (device models) or {@code pi4j} (the
 * kernel's gpiod, i2c-dev, spidev and sysfs PWM). Opening happens at configure time and may throw;
 * the objects returned never throw on use.
 */
public interface BoardIo extends AutoCloseable
{
    /** Which backend this is ({@code sim}, {@code pi4j}). */
    String backend();

    /** Opens (once) and returns an I2C bus. */
    I2cBus i2c(int bus) throws HardwareException;

    /** Opens (once) and returns an SPI bus. */
    SpiBus spi(int bus) throws HardwareException;

    /** Opens a GPIO line as an output, driven to {@code initialHigh}. */
    DigitalOutput digitalOutput(int pin, boolean initialHigh) throws HardwareException;

    /** Opens a GPIO line as an input with the given bias. */
    DigitalInput digitalInput(int pin, Pull pull) throws HardwareException;

    /**
     * Opens a GPIO line as a pulse input: the backend counts its rising edges with their timestamps as
     * they happen (sim: the line's edges on the board clock; a kernel backend: gpiod edge events), so
     * a reader never misses a pulse between reads. Backends that cannot count edges refuse at start-up.
     */
    default PulseCounter pulseCounter(final int pin, final Pull pull) throws HardwareException
    {
        throw new HardwareException("backend '" + backend() + "' cannot count pulses on GPIO" + pin + " yet");
    }

    /** Opens a PWM channel. */
    PwmOutput pwm(int chip, int channel) throws HardwareException;

    /** Releases every line and bus; outputs are left as their owners last set them (safe state first). */
    @Override
    void close();

    /** Input bias. */
    enum Pull
    {
        OFF, UP, DOWN
    }
}
