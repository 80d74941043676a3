package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;

import java.util.List;

/** A digital input line (limit switch, e-stop contact, door interlock), debounced. */
final class GpioInputSpec implements DriverSpec
{
    /** A GPIO line's bias, shared with the pulse input. */
    static final Setting PULL = Setting.oneOf("pull", "off", "off", "up", "down");

    private static final DriverCatalog.Driver SCHEMA = new DriverCatalog.Driver("gpio-input", Role.SENSOR, Connection.PIN, 0, 0, List.of(
        PULL,
        Setting.bool("activeLow", false),
        Setting.number("debounceMs", 10.0)),
        "A digital input line (limit switch, e-stop contact, door interlock)");

    @Override
    public DriverCatalog.Driver schema()
    {
        return SCHEMA;
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        return SettingRange.debounce(setting, number, value);
    }
}
