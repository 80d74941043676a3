package io.ironloop.firmware.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each driver name in a machine file means: sensor or actuator, which bus it sits on, and which
 * settings it takes (type, default, allowed values). The loader validates a device entry against it;
 * the wiring builds the driver from the validated settings. Adding a driver is one entry here plus
 * one factory in the wiring.
 */
public final class DriverCatalog
{
    /** Whether a driver produces readings or takes commands. */
    public enum Role { SENSOR, ACTUATOR }

    /** Which connection a driver needs in the machine file. */
    public enum Connection { I2C, SPI, PIN, NONE }

    /** Type of a setting. */
    public enum Type { NUMBER, INTEGER, TEXT, BOOLEAN }

    /** One setting of a driver. {@code allowed} empty means any value of the type. */
    public record Setting(String name, Type type, boolean required, Object defaultValue, List<Object> allowed)
    {
        public static Setting number(final String name, final double defaultValue)
        {
            return new Setting(name, Type.NUMBER, false, defaultValue, List.of());
        }

        public static Setting requiredNumber(final String name)
        {
            return new Setting(name, Type.NUMBER, true, null, List.of());
        }

        public static Setting integer(final String name, final long defaultValue)
        {
            return new Setting(name, Type.INTEGER, false, defaultValue, List.of());
        }

        public static Setting oneOf(final String name, final Object defaultValue, final Object... allowed)
        {
            final Type type = defaultValue instanceof String ? Type.TEXT
                : defaultValue instanceof Double ? Type.NUMBER : Type.INTEGER;
            return new Setting(name, type, false, defaultValue, List.of(allowed));
        }

        public static Setting text(final String name, final String defaultValue)
        {
            return new Setting(name, Type.TEXT, false, defaultValue, List.of());
        }

        public static Setting bool(final String name, final boolean defaultValue)
        {
            return new Setting(name, Type.BOOLEAN, false, defaultValue, List.of());
        }
    }

    /** A driver: its role, connection, I2C address range (for I2C) and settings. */
    public record Driver(String name, Role role, Connection connection, int minAddress, int maxAddress, List<Setting> settings, String description)
    {
    }

    private static final Map<String, Driver> DRIVERS = new TreeMap<>();

    static
    {
        add(new Driver("ads1115", Role.SENSOR, Connection.I2C, 0x48, 0x4B, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L),
            Setting.oneOf("fullScaleVolts", 4.096, 6.144, 4.096, 2.048, 1.024, 0.512, 0.256),
            Setting.oneOf("dataRate", 860L, 8L, 16L, 32L, 64L, 128L, 250L, 475L, 860L)),
            "TI ADS1115 16-bit I2C ADC, one single-ended channel"));
        add(new Driver("mcp4725", Role.ACTUATOR, Connection.I2C, 0x60, 0x67, List.of(
            Setting.number("supplyVolts", 5.0),
            Setting.number("voltsMin", 0.0),
            Setting.number("voltsMax", 5.0)),
            "Microchip MCP4725 12-bit I2C DAC (e.g. a VFD speed reference)"));
        add(new Driver("gpio-input", Role.SENSOR, Connection.PIN, 0, 0, List.of(
            Setting.oneOf("pull", "off", "off", "up", "down"),
            Setting.bool("activeLow", false),
            Setting.number("debounceMs", 10.0)),
            "A digital input line (limit switch, e-stop contact, door interlock)"));
        add(new Driver("gpio-output", Role.ACTUATOR, Connection.PIN, 0, 0, List.of(
            Setting.bool("activeLow", false)),
            "A digital output line (relay, contactor)"));
    }

    private DriverCatalog()
    {
    }

    private static void add(final Driver driver)
    {
        DRIVERS.put(driver.name(), driver);
    }

    /** The driver of that name, or null. */
    public static Driver driver(final String name)
    {
        return DRIVERS.get(name);
    }

    /** Names of all drivers with a role, for error messages. */
    public static String names(final Role role)
    {
        final StringBuilder names = new StringBuilder();
        for (final Driver driver : DRIVERS.values())
        {
            if (driver.role() == role)
            {
                names.append(names.length() == 0 ? "" : ", ").append(driver.name());
            }
        }
        return names.toString();
    }
}
