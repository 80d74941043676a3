package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.I2cRegisterBus;
import io.ironloop.hal.driver.RegisterBus;
import io.ironloop.hal.driver.SpiRegisterBus;
import io.ironloop.hal.driver.adxl345.Adxl345;
import io.ironloop.hal.driver.adxl345.Adxl345Registers;

import java.util.List;
import java.util.Locale;

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

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final RegisterBus bus = spi ? new SpiRegisterBus(chips.io().spi(at.bus()), at.chipSelect(), Adxl345Registers.SPI)
            : new I2cRegisterBus(chips.io().i2c(at.bus()), at.address());
        return new Adxl345(device.id(), bus, device.number("dataRateHz"), (int)device.integer("rangeG"),
            device.flag("fullResolution"), "g".equals(device.text("output")) ? Unit.G : Unit.METRE_PER_SECOND_SQUARED,
            Adxl345.Axis.valueOf(device.text("axis").toUpperCase(Locale.ROOT)),
            (int)Math.max(1, Math.round(device.number("dataRateHz") * device.number("rmsWindowMs") / 1000.0)));
    }
}
