package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;

import java.util.List;

/** A debounced input on an MCP23017 expander pin (limit switch); the chip's pins share one driver. */
final class Mcp23017InputSpec implements DriverSpec
{
    private static final DriverCatalog.Driver SCHEMA = new DriverCatalog.Driver("mcp23017-input", Role.SENSOR, Connection.I2C, 0x20, 0x27, List.of(
        Mcp23017Chip.PIN,
        Setting.bool("pullUp", true),
        Setting.bool("activeLow", false),
        Setting.number("debounceMs", 10.0)),
        "A debounced input on a Microchip MCP23017 I2C GPIO expander pin (limit switch)");

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

    @Override
    public SharedChip sharedChip()
    {
        return Mcp23017Chip.SHARED;
    }
}
