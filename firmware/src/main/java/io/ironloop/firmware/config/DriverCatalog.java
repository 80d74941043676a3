package io.ironloop.firmware.config;

import io.ironloop.firmware.driver.DriverSpec;
import io.ironloop.firmware.driver.DriverSpecs;

import java.util.List;

/**
 * The vocabulary a driver's settings schema is written in: sensor or actuator, which bus it sits on,
 * and which settings it takes (type, default, allowed values). Each driver's schema sits in its own
 * spec ({@link DriverSpecs}); this class looks them up by name for the loader.
 */
public final class DriverCatalog
{
    /** Whether a driver produces readings or takes commands. */
    public enum Role { SENSOR, ACTUATOR }

    /** Which connection a driver needs in the machine file. */
    public enum Connection { I2C, SPI, PIN, NONE, /** Either bus: the entry's {@code i2c:} or {@code spi:} key decides (BME280). */ I2C_OR_SPI }

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

    /** A problem found by a driver's cross-setting check: which setting to point at, and what is wrong. */
    public record SettingsProblem(String setting, String message)
    {
    }

    /** A driver as a machine file sees it: its role, connection, I2C address range (for I2C) and settings. */
    public record Driver(String name, Role role, Connection connection, int minAddress, int maxAddress, List<Setting> settings,
        String description)
    {
        /** True when several sensors may share one chip, each reporting one {@code quantity}. */
        public boolean hasQuantities()
        {
            return settings.stream().anyMatch(setting -> QUANTITY.equals(setting.name()));
        }
    }

    /** The setting that picks which of a multi-quantity chip's values a sensor reports. */
    public static final String QUANTITY = "quantity";

    private DriverCatalog()
    {
    }

    /** The schema of the driver of that name, or null. */
    public static Driver driver(final String name)
    {
        final DriverSpec spec = DriverSpecs.spec(name);
        return spec == null ? null : spec.schema();
    }

    /** Names of all drivers with a role, for error messages. */
    public static String names(final Role role)
    {
        return DriverSpecs.names(role);
    }
}
