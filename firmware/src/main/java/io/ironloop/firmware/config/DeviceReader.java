package io.ironloop.firmware.config;

import io.ironloop.control.output.OutputChannel;
import io.ironloop.firmware.driver.DriverSpec;
import io.ironloop.firmware.driver.DriverSpecs;
import io.ironloop.hal.Unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a machine file's {@code sensors:} and {@code actuators:}: id, driver, bus connection, settings and per-role keys. */
final class DeviceReader
{
    /** Most failed writes in a row an actuator may be allowed before FAULT: at 1 kHz that is a second. */
    static final int MAX_FAULT_AFTER = 1000;

    static final List<String> INPUT_TYPES = List.of("none", "current-4-20ma", "voltage-0-10v");
    /** A 4-20 mA burden resistor: 1 ohm (20 mV at 20 mA) to 1 kohm (20 V at 20 mA). */
    static final double MIN_SHUNT_OHMS = 1.0;
    static final double MAX_SHUNT_OHMS = 1000.0;
    /** A 0-10 V input divider: 1 (none) to 1000. */
    static final double MAX_DIVIDER_RATIO = 1000.0;
    /** What an I2C address that did not parse reads as, so it is reported once. */
    private static final int UNPARSED = Integer.MIN_VALUE;

    private DeviceReader()
    {
    }

    static List<MachineConfig.Device> devices(
        final YamlNode machine, final String key, final DriverCatalog.Role role, final Map<String, Position> ids)
    {
        final List<MachineConfig.Device> devices = new ArrayList<>();
        final YamlNode list = machine.get(key);
        if (list == null)
        {
            return devices;
        }
        final String what = role == DriverCatalog.Role.SENSOR ? "sensor" : "actuator";
        for (final YamlNode item : list.list("'" + key + "'"))
        {
            if (!item.expectMap("a " + what))
            {
                continue;
            }
            final String id = NameCheck.name(item, "id", what);
            if (id != null && ids.containsKey(id))
            {
                item.keyProblem("id", "id '" + id + "' is used twice (first at " + ids.get(id).shortForm(item.file()) + ")");
            }
            else if (id != null)
            {
                ids.put(id, item.keyPosition("id"));
            }
            final String driverName = item.string("driver", what + " '" + id + "'");
            final DriverSpec spec = DriverSpecs.spec(driverName);
            if (driverName != null && (spec == null || spec.schema().role() != role))
            {
                item.keyProblem("driver", "unknown " + what + " driver '" + driverName + "' (expected one of: " + DriverSpecs.names(role) + ")");
            }
            final String owner = what + " '" + id + "'";
            final MachineConfig.Connection connection = spec == null ? null : connection(item, spec, owner);
            final Map<String, Object> settings = spec == null ? Map.of() : settings(item, spec, owner);
            final DriverCatalog.SettingsProblem settingsProblem = spec == null ? null : spec.check(settings);
            if (settingsProblem != null)
            {
                item.keyProblem(settingsProblem.setting(), settingsProblem.message() + " for " + owner);
            }

            final double rateHz = role == DriverCatalog.Role.SENSOR ? RateCheck.rateHz(item, owner, 100.0) : 0.0;
            final double staleAfterMs = role == DriverCatalog.Role.SENSOR ? StalenessCheck.staleAfterMs(item, owner, rateHz) : 0.0;
            final MachineConfig.Input input = role == DriverCatalog.Role.SENSOR ? input(item.get("input"), owner) : null;
            final List<MachineConfig.Filter> filters = role == DriverCatalog.Role.SENSOR ? FilterCheck.filters(item.get("filters"), owner) : List.of();
            final MachineConfig.Supervision supervision = role == DriverCatalog.Role.SENSOR
                ? SupervisionCheck.supervision(item.get("supervision"), owner) : MachineConfig.Supervision.DEFAULT;

            Unit unit = input != null ? input.unit() : Unit.NONE;
            double rangeMin = 0;
            double rangeMax = 1;
            double safeValue = 0;
            int faultAfter = 0;
            if (role == DriverCatalog.Role.ACTUATOR)
            {
                unit = RangeCheck.unit(item, owner, Unit.FRACTION);
                final YamlNode range = item.get("range");
                if (range != null)
                {
                    final double[] pair = RangeCheck.pair(range, "'range' of " + owner);
                    rangeMin = pair[0];
                    rangeMax = pair[1];
                }
                safeValue = item.number("safeValue", owner, rangeMin);
                if (safeValue < rangeMin || safeValue > rangeMax)
                {
                    item.keyProblem("safeValue", "safeValue " + safeValue + " of " + owner + " is outside its range [" + rangeMin + ", " + rangeMax + "]");
                }
                // Where `ironloop check --outputs` steps this actuator (commissioning); inside its range.
                final double testValue = item.number("testValue", owner, safeValue);
                if (testValue < rangeMin || testValue > rangeMax)
                {
                    item.keyProblem("testValue", "testValue " + testValue + " of " + owner + " is outside its range [" + rangeMin + ", " + rangeMax + "]");
                }
                faultAfter = item.integer("faultAfter", owner, OutputChannel.DEFAULT_FAULT_AFTER);
                if (faultAfter < 1 || faultAfter > MAX_FAULT_AFTER)
                {
                    item.keyProblem("faultAfter", "'faultAfter' of " + owner + " must be 1 to " + MAX_FAULT_AFTER
                        + " (failed writes in a row before the output is FAULT and its loop SAFE), got " + faultAfter);
                    faultAfter = OutputChannel.DEFAULT_FAULT_AFTER;
                }
            }
            item.rejectUnknownKeys("a " + what);
            devices.add(new MachineConfig.Device(id, driverName, connection, settings, rateHz, staleAfterMs, input, filters,
                unit, rangeMin, rangeMax, safeValue, faultAfter, supervision, item.position()));
        }
        return devices;
    }

    private static MachineConfig.Connection connection(final YamlNode item, final DriverSpec spec, final String owner)
    {
        switch (spec.connection(item.has("spi")))
        {
            case I2C:
            {
                final YamlNode i2c = item.require("i2c", owner);
                if (i2c == null || !i2c.expectMap("'i2c' of " + owner))
                {
                    return null;
                }
                final int bus = RangeCheck.integer(i2c, "bus", "'i2c' of " + owner, 0, RangeCheck.MAX_NUMBER);
                final YamlNode addressNode = i2c.require("address", "'i2c' of " + owner);
                // A value that did not parse is reported by asInt; the range checks below would only repeat it.
                final int parsed = addressNode == null ? UNPARSED : addressNode.asInt("'address' in 'i2c' of " + owner, UNPARSED);
                final int address = parsed == UNPARSED ? -1 : parsed;
                i2c.rejectUnknownKeys("'i2c' of " + owner);
                final String wrongAddress = spec.checkAddress(address);
                if (parsed != UNPARSED && (address < 0x03 || address > 0x77))
                {
                    i2c.keyProblem("address", "I2C address " + (address < 0 ? String.valueOf(address) : "0x" + Integer.toHexString(address))
                        + " of " + owner + " is out of range (7-bit addresses 0x03..0x77)");
                }
                else if (parsed != UNPARSED && wrongAddress != null)
                {
                    i2c.keyProblem("address", wrongAddress);
                }
                return new MachineConfig.Connection(DriverCatalog.Connection.I2C, bus, address, -1, -1, i2c.position());
            }
            case SPI:
            {
                final YamlNode spi = item.require("spi", owner);
                if (spi == null || !spi.expectMap("'spi' of " + owner))
                {
                    return null;
                }
                final int bus = RangeCheck.integer(spi, "bus", "'spi' of " + owner, 0, RangeCheck.MAX_NUMBER);
                final int chipSelect = RangeCheck.integer(spi, "chipSelect", "'spi' of " + owner, 0, RangeCheck.MAX_NUMBER);
                spi.rejectUnknownKeys("'spi' of " + owner);
                return new MachineConfig.Connection(DriverCatalog.Connection.SPI, bus, -1, chipSelect, -1, spi.position());
            }
            case PIN:
            {
                final int pin = RangeCheck.integer(item, "pin", owner, 0, RangeCheck.MAX_NUMBER);
                return new MachineConfig.Connection(DriverCatalog.Connection.PIN, -1, -1, -1, pin, item.keyPosition("pin"));
            }
            default:
                return new MachineConfig.Connection(DriverCatalog.Connection.NONE, -1, -1, -1, -1, item.position());
        }
    }

    private static Map<String, Object> settings(final YamlNode item, final DriverSpec spec, final String owner)
    {
        final DriverCatalog.Driver driver = spec.schema();
        final Map<String, Object> settings = new LinkedHashMap<>();
        for (final DriverCatalog.Setting setting : driver.settings())
        {
            final YamlNode value = setting.required() ? item.require(setting.name(), owner) : item.get(setting.name());
            Object parsed = setting.defaultValue();
            if (value != null)
            {
                final String what = "'" + setting.name() + "' of " + owner;
                switch (setting.type())
                {
                    case NUMBER: parsed = value.asDouble(what, setting.defaultValue() == null ? Double.NaN : (Double)setting.defaultValue()); break;
                    case INTEGER: parsed = value.asLong(what, setting.defaultValue() == null ? -1L : (Long)setting.defaultValue()); break;
                    case BOOLEAN: parsed = value.asBoolean(what, (Boolean)setting.defaultValue()); break;
                    default: parsed = value.asString(what, (String)setting.defaultValue()); break;
                }
                if (!setting.allowed().isEmpty() && !allowed(setting, parsed))
                {
                    value.problem("unsupported " + setting.name() + " " + value.text() + " for " + driver.name()
                        + " (supported: " + join(setting.allowed()) + ")");
                    parsed = setting.defaultValue();
                }
                final String outOfRange = parsed instanceof Number
                    ? spec.checkRange(setting.name(), ((Number)parsed).doubleValue(), parsed) : null;
                if (outOfRange != null)
                {
                    value.problem(outOfRange + " (" + owner + ")");
                }
            }
            if (parsed != null)
            {
                settings.put(setting.name(), parsed);
            }
        }
        return Map.copyOf(settings);
    }

    private static boolean allowed(final DriverCatalog.Setting setting, final Object value)
    {
        for (final Object candidate : setting.allowed())
        {
            if (candidate instanceof Double && value instanceof Number
                && Math.abs((Double)candidate - ((Number)value).doubleValue()) < 1e-9)
            {
                return true;
            }
            if (candidate.equals(value))
            {
                return true;
            }
        }
        return false;
    }

    private static String join(final List<Object> values)
    {
        final StringBuilder text = new StringBuilder();
        for (final Object value : values)
        {
            text.append(text.length() == 0 ? "" : ", ").append(value);
        }
        return text.toString();
    }

    private static MachineConfig.Input input(final YamlNode node, final String owner)
    {
        if (node == null)
        {
            return new MachineConfig.Input("none", 0, 0, 1, Unit.VOLT);
        }
        if (!node.expectMap("'input' of " + owner))
        {
            return null;
        }
        final String type = node.string("type", "'input' of " + owner);
        if (type != null && !INPUT_TYPES.contains(type))
        {
            node.keyProblem("type", "unknown input type '" + type + "' (expected one of: " + String.join(", ", INPUT_TYPES) + ")");
        }
        final double shunt = node.number("shuntOhms", "'input' of " + owner, 0.0);
        if ("current-4-20ma".equals(type) && !(shunt >= MIN_SHUNT_OHMS && shunt <= MAX_SHUNT_OHMS))
        {
            // 0 ohm turns every current into 0 V (a permanent under-range fault); above 1 kohm 20 mA needs more than 20 V.
            node.keyProblem(node.has("shuntOhms") ? "shuntOhms" : "type", "a current-4-20ma input needs shuntOhms "
                + (long)MIN_SHUNT_OHMS + ".." + (long)MAX_SHUNT_OHMS + " (the burden resistor, typically 150 or 250), got " + shunt);
        }
        else if (node.has("shuntOhms") && !"current-4-20ma".equals(type))
        {
            node.keyProblem("shuntOhms", "shuntOhms applies to input type current-4-20ma only");
        }
        double low = 0;
        double high = 1;
        final boolean scaled = "current-4-20ma".equals(type) || "voltage-0-10v".equals(type);
        final YamlNode range = scaled ? node.require("range", "'input' of " + owner) : node.get("range");
        if (range != null)
        {
            final double[] pair = RangeCheck.pair(range, "'range' of " + owner);
            low = pair[0];
            high = pair[1];
        }
        final Unit unit = RangeCheck.unit(node, "'input' of " + owner, Unit.VOLT);
        final double dividerRatio = node.number("dividerRatio", "'input' of " + owner, 1.0);
        if (!(dividerRatio >= 1 && dividerRatio <= MAX_DIVIDER_RATIO))
        {
            node.keyProblem("dividerRatio", "dividerRatio must be 1.." + (long)MAX_DIVIDER_RATIO
                + " (terminal volts per ADC volt; a divider only divides), got " + dividerRatio);
        }
        else if (node.has("dividerRatio") && !"voltage-0-10v".equals(type))
        {
            node.keyProblem("dividerRatio", "dividerRatio applies to input type voltage-0-10v only");
        }
        node.rejectUnknownKeys("'input' of " + owner);
        return new MachineConfig.Input(type, shunt, low, high, unit, dividerRatio >= 1 && dividerRatio <= MAX_DIVIDER_RATIO ? dividerRatio : 1.0);
    }
}
