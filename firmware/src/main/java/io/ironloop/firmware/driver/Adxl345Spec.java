package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;

import java.util.List;

/** Analog Devices ADXL345 accelerometer on I2C ({@code adxl345}) or SPI ({@code adxl345-spi}): vibration RMS from its FIFO. */
final class Adxl345Spec implements DriverSpec
{
    private static final List<Setting> SETTINGS = List.of(
        Setting.oneOf("dataRateHz", 3200.0, 6.25, 12.5, 25.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0),
        Setting.oneOf("rangeG", 16L, 2L, 4L, 8L, 16L),
        Setting.bool("fullResolution", true),
        Setting.oneOf("axis", "magnitude", "x", "y", "z", "magnitude"),
        Setting.oneOf("output", "g", "g", "m/s2"),
        Setting.number("rmsWindowMs", 100.0));

    private final boolean spi;
    private final DriverCatalog.Driver schema;

    Adxl345Spec(final boolean spi)
    {
        this.spi = spi;
        this.schema = spi
            ? new DriverCatalog.Driver("adxl345-spi", Role.SENSOR, Connection.SPI, 0, 0, SETTINGS,
                "Analog Devices ADXL345 accelerometer on SPI: vibration RMS from its FIFO")
            : new DriverCatalog.Driver("adxl345", Role.SENSOR, Connection.I2C, 0x1D, 0x53, SETTINGS,
                "Analog Devices ADXL345 accelerometer on I2C (0x53 or 0x1D): vibration RMS from its FIFO");
    }

    @Override
    public DriverCatalog.Driver schema()
    {
        return schema;
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        return "rmsWindowMs".equals(setting) ? SettingRange.within(setting, number, value, 1, 60_000, "1..60000 ms") : null;
    }
}
