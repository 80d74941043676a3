package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.driver.ads1115.Ads1115Hub;

import java.util.List;

/** TI ADS1115 16-bit I2C ADC: one sensor per single-ended channel, several sensors share one chip through a hub. */
final class Ads1115Spec implements DriverSpec
{
    private static final DriverCatalog.Driver SCHEMA = new DriverCatalog.Driver("ads1115", Role.SENSOR, Connection.I2C, 0x48, 0x4B, List.of(
        Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L),
        Setting.oneOf("fullScaleVolts", 4.096, 6.144, 4.096, 2.048, 1.024, 0.512, 0.256),
        Setting.oneOf("dataRate", 860L, 8L, 16L, 32L, 64L, 128L, 250L, 475L, 860L)),
        "TI ADS1115 16-bit I2C ADC; one sensor per single-ended channel, several sensors may share a chip");
    /** An ADS1115 converts each channel with its own range and rate, so no setting is chip-wide. */
    private static final SharedChip SHARED = new SharedChip("ads1115", "channel", List.of());

    @Override
    public DriverCatalog.Driver schema()
    {
        return SCHEMA;
    }

    @Override
    public SharedChip sharedChip()
    {
        return SHARED;
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        // A chip with one sensor runs in continuous mode; with more, its hub scans the channels.
        if (chips.sensorsOnChip(device) > 1)
        {
            return chips.chip(Ads1115Hub.class, SHARED.family(), device, () -> new Ads1115Hub(device.id(), chips.io().i2c(at.bus()), at.address()))
                .channel(device.id(), (int)device.integer("channel"), device.number("fullScaleVolts"), (int)device.integer("dataRate"));
        }
        return new Ads1115(device.id(), chips.io().i2c(at.bus()), at.address(), (int)device.integer("channel"),
            device.number("fullScaleVolts"), (int)device.integer("dataRate"));
    }
}
