package io.ironloop.hal.driver;

import io.ironloop.hal.HardwareComponent;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import io.ironloop.hal.bus.SpiBus;

/**
 * The lifecycle every driver shares (ros2_control style): id, unit, state, activate and deactivate,
 * and the move to ERROR when configure fails. read() and write() stay in the final driver class; the
 * most they use from here is a final accessor or field, bound statically, so the hot path gains no
 * virtual call and no allocation.
 */
public abstract class DeviceLifecycle implements HardwareComponent
{
    private final String id;
    private final Unit unit;
    private LifecycleState state = LifecycleState.UNCONFIGURED;

    protected DeviceLifecycle(final String id, final Unit unit)
    {
        this.id = id;
        this.unit = unit;
    }

    @Override
    public final String id()
    {
        return id;
    }

    /** Unit of the values this device produces or accepts (satisfies both Sensor and Actuator). */
    public final Unit unit()
    {
        return unit;
    }

    @Override
    public final LifecycleState state()
    {
        return state;
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

    /** Configure succeeded: the device is open and waits to be activated. */
    protected final void configured()
    {
        state = LifecycleState.INACTIVE;
    }

    /** Configure failed: moves to ERROR and returns the exception for the caller to throw. */
    protected final HardwareException failed(final String message)
    {
        state = LifecycleState.ERROR;
        return new HardwareException(message);
    }

    /** Configure failed on a lower layer: moves to ERROR and returns a wrapping exception to throw. */
    protected final HardwareException failed(final String message, final Throwable cause)
    {
        state = LifecycleState.ERROR;
        return new HardwareException(message, cause);
    }

    /** Configure failed on a lower layer whose message already says it all: moves to ERROR, returns {@code ex}. */
    protected final HardwareException failed(final HardwareException ex)
    {
        state = LifecycleState.ERROR;
        return ex;
    }

    /** A configure step the chip did not answer: {@code no answer (NACK)}. */
    public static String noAnswer(final int busResult)
    {
        return "no answer (" + BusResult.name(busResult) + ")";
    }

    /** A configuration register that did not keep what was written: {@code config read back as 0x0, expected 0x8583}. */
    public static String readBack(final String register, final int got, final int expected)
    {
        return register + " read back as 0x" + Integer.toHexString(got) + ", expected 0x" + Integer.toHexString(expected);
    }

    /** Where a chip on I2C is, for start-up messages: {@code ADS1115 'id' on i2c-1 at 0x48}. */
    public static String onI2c(final String chip, final String id, final I2cBus bus, final int address)
    {
        return chip + " '" + id + "' on " + i2cAddress(bus, address);
    }

    /** Where a chip on SPI is, for start-up messages: {@code MAX31855 'id' on spi0 CS1}. */
    public static String onSpi(final String chip, final String id, final SpiBus bus, final int chipSelect)
    {
        return chip + " '" + id + "' on " + spiChipSelect(bus, chipSelect);
    }

    /** An I2C address as messages name it: {@code i2c-1 at 0x48}. */
    public static String i2cAddress(final I2cBus bus, final int address)
    {
        return "i2c-" + bus.busNumber() + " at 0x" + Integer.toHexString(address);
    }

    /** An SPI chip select as messages name it: {@code spi0 CS1}. */
    public static String spiChipSelect(final SpiBus bus, final int chipSelect)
    {
        return "spi" + bus.busNumber() + " CS" + chipSelect;
    }
}
