package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.sim.SimBoard;

import java.util.List;
import java.util.Map;

/**
 * Everything the firmware knows about one driver, side by side (ESPHome's {@code cv.Schema} beside
 * {@code to_code}): the settings schema the loader validates a device entry against and the checks
 * the schema's types cannot express, how the wiring builds the driver from a validated entry, and
 * which device model answers for it on a simulated board.
 * {@link DriverSpecs} lists them all.
 */
public interface DriverSpec
{
    /** Devices of a driver that share one chip: the chip family, the setting that picks a channel, and settings that must agree. */
    record SharedChip(String family, String channelSetting, List<String> chipWideSettings)
    {
    }

    /** Name, role, connection, address range, settings and description as the machine file sees them. */
    DriverCatalog.Driver schema();

    /** The driver's name in a machine file. */
    default String name()
    {
        return schema().name();
    }

    /** Range check on one numeric setting that its type and allowed values cannot express; null when the value is fine. */
    default String checkRange(final String setting, final double number, final Object value)
    {
        return null;
    }

    /** Checks settings against each other (e.g. a shunt that over-ranges the gain); null when they agree. */
    default DriverCatalog.SettingsProblem check(final Map<String, Object> settings)
    {
        return null;
    }

    /**
     * Which bus a device entry is on: the schema's, or for a driver with shims for both buses the one
     * the entry names ({@code spiKey}: the entry has an {@code spi:} key).
     */
    default DriverCatalog.Connection connection(final boolean spiKey)
    {
        return schema().connection();
    }

    /** Checks a valid 7-bit I2C address against the addresses this driver's chip can strap to; null when it can. */
    default String checkAddress(final int address)
    {
        final DriverCatalog.Driver schema = schema();
        return address >= schema.minAddress() && address <= schema.maxAddress() ? null
            : schema.name() + " addresses are 0x" + Integer.toHexString(schema.minAddress())
                + "..0x" + Integer.toHexString(schema.maxAddress()) + ", not 0x" + Integer.toHexString(address);
    }

    /**
     * How devices of this driver share one chip at one I2C address or SPI chip select (an expander's
     * pins, a PWM controller's channels, an ADC's inputs), else null.
     */
    default SharedChip sharedChip()
    {
        return null;
    }

    /**
     * The raw driver of a validated sensor entry, before supervision and conditioning; devices on one
     * chip get their channels from one driver or hub through {@code chips}.
     */
    default Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        throw new HardwareException("sensor '" + device.id() + "': driver '" + device.driver() + "' has no wiring yet");
    }

    /** The driver of a validated actuator entry; devices on one chip share its driver through {@code chips}. */
    default Actuator actuator(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        throw new HardwareException("actuator '" + device.id() + "': driver '" + device.driver() + "' has no wiring yet");
    }

    /**
     * Puts the model of this device's chip on a simulated board, fed by the plant where the plant
     * drives the device; nothing for devices the board simulates itself (GPIO lines).
     */
    default void simulate(final MachineConfig.Device device, final SimModels sim)
    {
    }

    /** Closes a simulated contact an interlock requires (a door, an e-stop chain) so a machine starts healthy; nothing by default. */
    default void makeContact(final MachineConfig.Device device, final SimBoard board)
    {
    }
}
