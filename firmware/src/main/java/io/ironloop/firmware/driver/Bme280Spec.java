package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;

import java.util.List;

/** Bosch BME280 on I2C or SPI: one chip, one sensor per quantity (temperature, pressure, humidity). */
final class Bme280Spec implements DriverSpec
{
    private static final DriverCatalog.Driver SCHEMA = new DriverCatalog.Driver("bme280", Role.SENSOR, Connection.I2C_OR_SPI, 0x76, 0x77, List.of(
        Setting.oneOf(DriverCatalog.QUANTITY, "temperature", "temperature", "pressure", "humidity")),
        "Bosch BME280 temperature (degC), pressure (Pa) and humidity (%RH) on I2C or SPI; one sensor per quantity");

    @Override
    public DriverCatalog.Driver schema()
    {
        return SCHEMA;
    }
}
