package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.driver.gpio.DigitalOutputActuator;

import java.util.List;

/** A digital output line (relay, contactor). */
final class GpioOutputSpec extends SchemaSpec
{
    GpioOutputSpec()
    {
        super(new DriverCatalog.Driver("gpio-output", Role.ACTUATOR, Connection.PIN, 0, 0, List.of(
            Setting.bool("activeLow", false)),
            "A digital output line (relay, contactor)"));
    }

    @Override
    public Actuator actuator(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        return new DigitalOutputActuator(device.id(), chips.io(), device.connection().pin(), device.flag("activeLow"), device.safeValue());
    }
}
