package io.ironloop.firmware.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

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

    /**
     * A driver: its role, connection, I2C address range (for I2C) and settings. {@code check} (may be null)
     * validates settings against each other (e.g. a shunt that over-ranges the gain) at load time.
     */
    public record Driver(String name, Role role, Connection connection, int minAddress, int maxAddress, List<Setting> settings,
        String description, Function<Map<String, Object>, SettingsProblem> check)
    {
        public Driver(final String name, final Role role, final Connection connection, final int minAddress, final int maxAddress,
            final List<Setting> settings, final String description)
        {
            this(name, role, connection, minAddress, maxAddress, settings, description, null);
        }

        /** True when several sensors may share one chip, each reporting one {@code quantity}. */
        public boolean hasQuantities()
        {
            return settings.stream().anyMatch(setting -> QUANTITY.equals(setting.name()));
        }
    }

    /** The setting that picks which of a multi-quantity chip's values a sensor reports. */
    public static final String QUANTITY = "quantity";

    private static final Map<String, Driver> DRIVERS = new TreeMap<>();

    static
    {
        add(new Driver("ads1115", Role.SENSOR, Connection.I2C, 0x48, 0x4B, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L),
            Setting.oneOf("fullScaleVolts", 4.096, 6.144, 4.096, 2.048, 1.024, 0.512, 0.256),
            Setting.oneOf("dataRate", 860L, 8L, 16L, 32L, 64L, 128L, 250L, 475L, 860L)),
            "TI ADS1115 16-bit I2C ADC; one sensor per single-ended channel, several sensors may share a chip"));
        add(new Driver("mcp4725", Role.ACTUATOR, Connection.I2C, 0x60, 0x67, List.of(
            Setting.number("supplyVolts", 5.0),
            Setting.number("voltsMin", 0.0),
            Setting.number("voltsMax", 5.0)),
            "Microchip MCP4725 12-bit I2C DAC (e.g. a VFD speed reference)", DriverCatalog::checkDacRange));
        add(new Driver("gpio-input", Role.SENSOR, Connection.PIN, 0, 0, List.of(
            Setting.oneOf("pull", "off", "off", "up", "down"),
            Setting.bool("activeLow", false),
            Setting.number("debounceMs", 10.0)),
            "A digital input line (limit switch, e-stop contact, door interlock)"));
        add(new Driver("gpio-output", Role.ACTUATOR, Connection.PIN, 0, 0, List.of(
            Setting.bool("activeLow", false)),
            "A digital output line (relay, contactor)"));
        add(new Driver("mcp3008", Role.SENSOR, Connection.SPI, 0, 0, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L),
            Setting.number("referenceVolts", 3.3)),
            "Microchip MCP3008 10-bit SPI ADC; one sensor per single-ended channel, several sensors may share a chip", DriverCatalog::checkReference));
        add(new Driver("mcp3208", Role.SENSOR, Connection.SPI, 0, 0, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L),
            Setting.number("referenceVolts", 3.3)),
            "Microchip MCP3208 12-bit SPI ADC; one sensor per single-ended channel, several sensors may share a chip", DriverCatalog::checkReference));
        add(new Driver("max31855", Role.SENSOR, Connection.SPI, 0, 0, List.of(
            Setting.oneOf(QUANTITY, "thermocouple", "thermocouple", "cold-junction")),
            "Maxim MAX31855K type K thermocouple converter (degC)"));
        add(new Driver("max31865", Role.SENSOR, Connection.SPI, 0, 0, List.of(
            Setting.oneOf("element", "pt100", "pt100", "pt1000"),
            Setting.number("referenceOhms", 430.0),
            Setting.oneOf("wires", 3L, 2L, 3L, 4L),
            Setting.oneOf("filterHz", 50L, 50L, 60L)),
            "Maxim MAX31865 RTD converter for PT100/PT1000 (degC)", DriverCatalog::checkRtdReference));
        add(new Driver("bme280", Role.SENSOR, Connection.I2C_OR_SPI, 0x76, 0x77, List.of(
            Setting.oneOf(QUANTITY, "temperature", "temperature", "pressure", "humidity")),
            "Bosch BME280 temperature (degC), pressure (Pa) and humidity (%RH) on I2C or SPI; one sensor per quantity"));
        add(new Driver("ina219", Role.SENSOR, Connection.I2C, 0x40, 0x4F, List.of(
            Setting.oneOf(QUANTITY, "current", "current", "power", "bus-voltage", "shunt-voltage"),
            Setting.number("shuntOhms", 0.1),
            Setting.number("maxCurrentA", 3.2),
            Setting.oneOf("busRangeVolts", 32L, 16L, 32L),
            Setting.oneOf("shuntRangeMv", 320L, 40L, 80L, 160L, 320L)),
            "TI INA219 current (A), power (W), bus and shunt voltage (V) monitor", DriverCatalog::checkShunt));
        add(new Driver("adxl345", Role.SENSOR, Connection.I2C, 0x1D, 0x53, adxl345Settings(),
            "Analog Devices ADXL345 accelerometer on I2C (0x53 or 0x1D): vibration RMS from its FIFO"));
        add(new Driver("adxl345-spi", Role.SENSOR, Connection.SPI, 0, 0, adxl345Settings(),
            "Analog Devices ADXL345 accelerometer on SPI: vibration RMS from its FIFO"));
        add(new Driver("mcp23017-input", Role.SENSOR, Connection.I2C, 0x20, 0x27, List.of(
            expanderPin(),
            Setting.bool("pullUp", true),
            Setting.bool("activeLow", false),
            Setting.number("debounceMs", 10.0)),
            "A debounced input on a Microchip MCP23017 I2C GPIO expander pin (limit switch)"));
        add(new Driver("mcp23017-output", Role.ACTUATOR, Connection.I2C, 0x20, 0x27, List.of(
            expanderPin(),
            Setting.bool("activeLow", false)),
            "An output on a Microchip MCP23017 I2C GPIO expander pin (relay)"));
        add(new Driver("pca9685", Role.ACTUATOR, Connection.I2C, 0x40, 0x7F, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L),
            Setting.number("frequencyHz", 1000.0),
            Setting.bool("invert", false),
            Setting.bool("totemPole", true)),
            "One channel of an NXP PCA9685 16-channel 12-bit I2C PWM controller"));
        add(new Driver("pulse-input", Role.SENSOR, Connection.PIN, 0, 0, List.of(
            Setting.oneOf("pull", "off", "off", "up", "down"),
            Setting.requiredNumber("pulsesPerUnit"),
            Setting.number("gateMs", 1000.0),
            Setting.oneOf("measure", "rate", "rate", "total"),
            Setting.oneOf("per", "min", "min", "s")),
            "A pulse input (flow meter, tachometer): rate per minute or second, or total, in units"));
    }

    private static SettingsProblem checkReference(final Map<String, Object> settings)
    {
        final double volts = ((Number)settings.get("referenceVolts")).doubleValue();
        return volts >= 0.25 && volts <= 5.5 ? null
            : new SettingsProblem("referenceVolts", "referenceVolts " + volts + " is outside the chip's 0.25..5.5 V");
    }

    private static SettingsProblem checkRtdReference(final Map<String, Object> settings)
    {
        final double r0 = "pt1000".equals(settings.get("element")) ? 1000.0 : 100.0;
        final double reference = ((Number)settings.get("referenceOhms")).doubleValue();
        // The chip measures R_rtd / R_ref below 1, so the reference must exceed the RTD's 0 degC value (usually 4.3 x R0).
        return reference > r0 ? null : new SettingsProblem("referenceOhms", "referenceOhms " + reference + " must exceed the "
            + settings.get("element") + "'s " + r0 + " ohm (usually " + Math.round(r0 * 4.3) + ")");
    }

    private static SettingsProblem checkDacRange(final Map<String, Object> settings)
    {
        final double supply = ((Number)settings.get("supplyVolts")).doubleValue();
        final double low = ((Number)settings.get("voltsMin")).doubleValue();
        final double high = ((Number)settings.get("voltsMax")).doubleValue();
        if (!(high > low))
        {
            return new SettingsProblem("voltsMax", "voltsMax " + high + " must be greater than voltsMin " + low);
        }
        return high <= supply + 1e-9 ? null
            : new SettingsProblem("voltsMax", "voltsMax " + high + " is beyond the DAC's supply of " + supply + " V (its full scale)");
    }

    private static SettingsProblem checkShunt(final Map<String, Object> settings)
    {
        final double shuntOhms = ((Number)settings.get("shuntOhms")).doubleValue();
        final double maxCurrentA = ((Number)settings.get("maxCurrentA")).doubleValue();
        final long rangeMv = ((Number)settings.get("shuntRangeMv")).longValue();
        if (!(shuntOhms > 0))
        {
            return new SettingsProblem("shuntOhms", "shuntOhms must be greater than 0, got " + shuntOhms);
        }
        if (!(maxCurrentA > 0))
        {
            return new SettingsProblem("maxCurrentA", "maxCurrentA must be greater than 0, got " + maxCurrentA);
        }
        // Rounded to a microvolt so the message shows 320.0, not 320.00000000000006.
        final double mv = Math.round(maxCurrentA * shuntOhms * 1e6) / 1e3;
        return mv <= rangeMv + 1e-9 ? null : new SettingsProblem("maxCurrentA", maxCurrentA + " A through " + shuntOhms
            + " ohm is " + mv + " mV, beyond the " + rangeMv + " mV shunt range (raise shuntRangeMv or lower maxCurrentA)");
    }

    /** Drivers whose devices share one chip, keyed by driver name: the chip family and the setting that picks the channel. */
    private static final Map<String, String[]> SHARED_CHIPS = Map.of(
        "mcp23017-input", new String[] {"mcp23017", "expanderPin"},
        "mcp23017-output", new String[] {"mcp23017", "expanderPin"},
        "pca9685", new String[] {"pca9685", "channel"},
        "ads1115", new String[] {"ads1115", "channel"},
        "mcp3008", new String[] {"mcp3008", "channel"},
        "mcp3208", new String[] {"mcp3208", "channel"});

    private static List<Setting> adxl345Settings()
    {
        return List.of(
            Setting.oneOf("dataRateHz", 3200.0, 6.25, 12.5, 25.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0),
            Setting.oneOf("rangeG", 16L, 2L, 4L, 8L, 16L),
            Setting.bool("fullResolution", true),
            Setting.oneOf("axis", "magnitude", "x", "y", "z", "magnitude"),
            Setting.oneOf("output", "g", "g", "m/s2"),
            Setting.number("rmsWindowMs", 100.0));
    }

    private static Setting expanderPin()
    {
        return new Setting("expanderPin", Type.INTEGER, true, null,
            List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L));
    }

    /**
     * The chip family when devices of this driver share one chip at one I2C address or SPI chip select
     * (an expander's pins, a PWM controller's channels, an ADC's inputs), else null.
     */
    public static String sharedChip(final String driverName)
    {
        final String[] shared = SHARED_CHIPS.get(driverName);
        return shared == null ? null : shared[0];
    }

    /** The setting that picks a device's channel on a shared chip, else null. */
    public static String chipChannelSetting(final String driverName)
    {
        final String[] shared = SHARED_CHIPS.get(driverName);
        return shared == null ? null : shared[1];
    }

    /** Settings that belong to the whole chip and so must agree between its devices. */
    public static List<String> chipWideSettings(final String driverName)
    {
        switch (driverName)
        {
            case "pca9685": return List.of("frequencyHz", "totemPole");
            // VREF is one pin of the chip; an ADS1115 converts each channel with its own range and rate.
            case "mcp3008":
            case "mcp3208": return List.of("referenceVolts");
            default: return List.of();
        }
    }

    /** Range checks a setting's type and allowed values cannot express; null when the value is fine. */
    public static String checkRange(final String driverName, final String setting, final Object value)
    {
        if (!(value instanceof Number))
        {
            return null;
        }
        final double number = ((Number)value).doubleValue();
        switch (driverName + "." + setting)
        {
            case "adxl345.rmsWindowMs":
            case "adxl345-spi.rmsWindowMs":
                return number >= 1 && number <= 60_000 ? null : "'" + setting + "' must be 1..60000 ms, got " + value;
            case "gpio-input.debounceMs":
            case "mcp23017-input.debounceMs":
                return number >= 0 && number <= 10_000 ? null : "'" + setting + "' must be 0..10000 ms, got " + value;
            case "pulse-input.gateMs":
                return number >= 1 && number <= 600_000 ? null : "'" + setting + "' must be 1..600000 ms, got " + value;
            case "pulse-input.pulsesPerUnit":
                return number > 0 && number <= 1e9 ? null : "'" + setting + "' must be greater than 0 and at most 1e9, got " + value;
            case "ina219.shuntOhms":
                // The INA219 reads at most 320 mV: below 0.1 mohm the current LSB exceeds any sensible range, above 100 ohm it is no shunt.
                return number >= 0.0001 && number <= 100 ? null : "'" + setting + "' must be 0.0001..100 ohm, got " + value;
            case "ina219.maxCurrentA":
                return number >= 0.001 && number <= 3200 ? null : "'" + setting + "' must be 0.001..3200 A, got " + value;
            case "mcp4725.supplyVolts":
                return number >= 2.7 && number <= 5.5 ? null : "an mcp4725 runs from 2.7..5.5 V, not " + value + " V";
            case "mcp4725.voltsMin":
            case "mcp4725.voltsMax":
                return number >= 0 && number <= 5.5 ? null : "'" + setting + "' must be 0..5.5 V (the DAC output), got " + value;
            case "pca9685.frequencyHz":
                return number >= 24 && number <= 1526 ? null
                    : "a pca9685 runs at 24..1526 Hz with its 25 MHz oscillator, not " + value + " Hz";
            default:
                return null;
        }
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
