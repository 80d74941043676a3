package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;

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
}
