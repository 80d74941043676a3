package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;

import java.util.List;

/** Maxim MAX31855K type K thermocouple converter: the thermocouple and its cold junction are two quantities of one chip. */
final class Max31855Spec implements DriverSpec
{
    private static final DriverCatalog.Driver SCHEMA = new DriverCatalog.Driver("max31855", Role.SENSOR, Connection.SPI, 0, 0, List.of(
        Setting.oneOf(DriverCatalog.QUANTITY, "thermocouple", "thermocouple", "cold-junction")),
        "Maxim MAX31855K type K thermocouple converter (degC)");

    @Override
    public DriverCatalog.Driver schema()
    {
        return SCHEMA;
    }
}
