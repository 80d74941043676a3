package io.ironloop.firmware.config;

import io.ironloop.hal.Unit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads a machine file and checks it on its own and against its board. */
public final class MachineLoader
{
    static final List<String> INPUT_TYPES = List.of("none", "current-4-20ma");
    static final List<String> FILTERS = List.of("ema");
    static final List<String> IDLE = io.ironloop.control.runtime.IdleStrategies.NAMES;

    private MachineLoader()
    {
    }

    /** Loads a machine file, adding problems; null when it could not be read at all. */
    public static MachineConfig load(final Path path, final Problems problems)
    {
        final YamlNode root = YamlFiles.read(path, problems);
        if (root == null || !root.expectMap("a machine file"))
        {
            return null;
        }
        final YamlNode machine = root.require("machine", "a machine file");
        root.rejectUnknownKeys("a machine file");
        if (machine == null || !machine.expectMap("'machine'"))
        {
            return null;
        }
        return parse(machine);
    }

    static MachineConfig parse(final YamlNode machine)
    {
        final String name = machine.string("name", "machine");
        final String board = machine.string("board", "machine");
        final Position boardPosition = machine.has("board") ? machine.get("board").position() : machine.position();

        MachineConfig.Control control = new MachineConfig.Control(100.0, "sleep");
        final YamlNode controlNode = machine.get("control");
        if (controlNode != null && controlNode.expectMap("'control'"))
        {
            final double rate = controlNode.positive("rateHz", "control", 100.0);
            final String idle = controlNode.string("idle", "control", "sleep");
            if (!IDLE.contains(idle))
            {
                controlNode.keyProblem("idle", "unknown idle strategy '" + idle + "' (expected one of: " + String.join(", ", IDLE) + ")");
            }
            controlNode.rejectUnknownKeys("'control'");
            control = new MachineConfig.Control(rate, idle);
        }

        final Map<String, Position> ids = new HashMap<>();
        final List<MachineConfig.Device> sensors = devices(machine, "sensors", DriverCatalog.Role.SENSOR, ids);
        final List<MachineConfig.Device> actuators = devices(machine, "actuators", DriverCatalog.Role.ACTUATOR, ids);

        final List<MachineConfig.Loop> loops = new ArrayList<>();
        final YamlNode loopsNode = machine.get("loops");
        if (loopsNode != null)
        {
            for (final YamlNode item : loopsNode.list("'loops'"))
            {
                if (item.expectMap("a loop"))
                {
                    final MachineConfig.Loop loop = loop(item, sensors, actuators, ids);
                    if (loop != null)
                    {
                        loops.add(loop);
                    }
                }
            }
        }
        final MachineConfig.Simulation simulation = simulation(machine.get("simulation"), sensors, actuators);
        final MachineConfig.Telemetry telemetry = telemetry(machine.get("telemetry"), name);
        machine.rejectUnknownKeys("'machine'");
        return new MachineConfig(machine.file(), name, board, boardPosition, control, List.copyOf(sensors),
            List.copyOf(actuators), List.copyOf(loops), simulation, telemetry);
    }

    private static List<MachineConfig.Device> devices(
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
            final String id = item.string("id", what);
            if (id != null && ids.containsKey(id))
            {
                item.keyProblem("id", "id '" + id + "' is used twice (first at " + ids.get(id).shortForm(item.file()) + ")");
            }
            else if (id != null)
            {
                ids.put(id, item.keyPosition("id"));
            }
            final String driverName = item.string("driver", what + " '" + id + "'");
            final DriverCatalog.Driver driver = driverName == null ? null : DriverCatalog.driver(driverName);
            if (driverName != null && (driver == null || driver.role() != role))
            {
                item.keyProblem("driver", "unknown " + what + " driver '" + driverName + "' (expected one of: " + DriverCatalog.names(role) + ")");
            }
            final String owner = what + " '" + id + "'";
            final MachineConfig.Connection connection = driver == null ? null : connection(item, driver, owner);
            final Map<String, Object> settings = driver == null ? Map.of() : settings(item, driver, owner);

            final double rateHz = role == DriverCatalog.Role.SENSOR ? item.positive("rateHz", owner, 100.0) : 0.0;
            final double staleAfterMs = role == DriverCatalog.Role.SENSOR ? item.positive("staleAfterMs", owner, 3000.0 / rateHz) : 0.0;
            final MachineConfig.Input input = role == DriverCatalog.Role.SENSOR ? input(item.get("input"), owner) : null;
            final List<MachineConfig.Filter> filters = role == DriverCatalog.Role.SENSOR ? filters(item.get("filters"), owner) : List.of();

            Unit unit = input != null ? input.unit() : Unit.NONE;
            double rangeMin = 0;
            double rangeMax = 1;
            double safeValue = 0;
            if (role == DriverCatalog.Role.ACTUATOR)
            {
                unit = unit(item, owner, Unit.FRACTION);
                final YamlNode range = item.get("range");
                if (range != null)
                {
                    final double[] pair = pair(range, "'range' of " + owner);
                    rangeMin = pair[0];
                    rangeMax = pair[1];
                }
                safeValue = item.number("safeValue", owner, rangeMin);
                if (safeValue < rangeMin || safeValue > rangeMax)
                {
                    item.keyProblem("safeValue", "safeValue " + safeValue + " of " + owner + " is outside its range [" + rangeMin + ", " + rangeMax + "]");
                }
            }
            item.rejectUnknownKeys("a " + what);
            devices.add(new MachineConfig.Device(id, driverName, connection, settings, rateHz, staleAfterMs, input, filters,
                unit, rangeMin, rangeMax, safeValue, item.position()));
        }
        return devices;
    }

    private static MachineConfig.Connection connection(final YamlNode item, final DriverCatalog.Driver driver, final String owner)
    {
        switch (driver.connection())
        {
            case I2C:
            {
                final YamlNode i2c = item.require("i2c", owner);
                if (i2c == null || !i2c.expectMap("'i2c' of " + owner))
                {
                    return null;
                }
                final int bus = i2c.integer("bus", "'i2c' of " + owner);
                final int address = i2c.integer("address", "'i2c' of " + owner);
                i2c.rejectUnknownKeys("'i2c' of " + owner);
                if (address >= 0 && (address < 0x03 || address > 0x77))
                {
                    i2c.keyProblem("address", "I2C address 0x" + Integer.toHexString(address) + " of " + owner
                        + " is out of range (7-bit addresses 0x03..0x77)");
                }
                else if (address >= 0 && (address < driver.minAddress() || address > driver.maxAddress()))
                {
                    i2c.keyProblem("address", "a " + driver.name() + " can only be at 0x" + Integer.toHexString(driver.minAddress())
                        + "..0x" + Integer.toHexString(driver.maxAddress()) + ", not 0x" + Integer.toHexString(address));
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
                final int bus = spi.integer("bus", "'spi' of " + owner);
                final int chipSelect = spi.integer("chipSelect", "'spi' of " + owner);
                spi.rejectUnknownKeys("'spi' of " + owner);
                return new MachineConfig.Connection(DriverCatalog.Connection.SPI, bus, -1, chipSelect, -1, spi.position());
            }
            case PIN:
            {
                final int pin = item.integer("pin", owner);
                return new MachineConfig.Connection(DriverCatalog.Connection.PIN, -1, -1, -1, pin, item.keyPosition("pin"));
            }
            default:
                return new MachineConfig.Connection(DriverCatalog.Connection.NONE, -1, -1, -1, -1, item.position());
        }
    }

    private static Map<String, Object> settings(final YamlNode item, final DriverCatalog.Driver driver, final String owner)
    {
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
            }
            settings.put(setting.name(), parsed);
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
        if (shunt < 0)
        {
            node.keyProblem("shuntOhms", "shuntOhms must not be negative");
        }
        double low = 0;
        double high = 1;
        final YamlNode range = "current-4-20ma".equals(type) ? node.require("range", "'input' of " + owner) : node.get("range");
        if (range != null)
        {
            final double[] pair = pair(range, "'range' of " + owner);
            low = pair[0];
            high = pair[1];
        }
        final Unit unit = unit(node, "'input' of " + owner, Unit.VOLT);
        node.rejectUnknownKeys("'input' of " + owner);
        return new MachineConfig.Input(type, shunt, low, high, unit);
    }

    private static List<MachineConfig.Filter> filters(final YamlNode node, final String owner)
    {
        final List<MachineConfig.Filter> filters = new ArrayList<>();
        if (node == null)
        {
            return filters;
        }
        for (final YamlNode item : node.list("'filters' of " + owner))
        {
            if (!item.isMap() || !item.expectMap("a filter"))
            {
                continue;
            }
            for (final String kind : FILTERS)
            {
                final YamlNode args = item.get(kind);
                if (args == null)
                {
                    continue;
                }
                final List<Double> values = new ArrayList<>();
                if (args.isList())
                {
                    for (final YamlNode arg : args.list("arguments of '" + kind + "'"))
                    {
                        values.add(arg.asDouble("an argument of '" + kind + "'", Double.NaN));
                    }
                }
                else
                {
                    values.add(args.asDouble("the argument of '" + kind + "'", Double.NaN));
                }
                if ("ema".equals(kind) && !(values.get(0) > 0 && values.get(0) <= 1))
                {
                    args.problem("ema alpha must be in (0, 1], got " + values.get(0));
                }
                filters.add(new MachineConfig.Filter(kind, List.copyOf(values), item.position()));
            }
            item.rejectUnknownKeys("a filter");
        }
        return filters;
    }

    private static MachineConfig.Loop loop(
        final YamlNode item,
        final List<MachineConfig.Device> sensors,
        final List<MachineConfig.Device> actuators,
        final Map<String, Position> ids)
    {
        final String id = item.string("id", "loop");
        final String owner = "loop '" + id + "'";
        if (id != null && ids.containsKey(id))
        {
            item.keyProblem("id", "id '" + id + "' is used twice (first at " + ids.get(id).shortForm(item.file()) + ")");
        }
        final String type = item.string("type", owner, "pid");
        if (!"pid".equals(type))
        {
            item.keyProblem("type", "unknown loop type '" + type + "' (expected: pid)");
        }
        final String measurement = item.string("measurement", owner);
        if (measurement != null && sensors.stream().noneMatch(s -> measurement.equals(s.id())))
        {
            item.keyProblem("measurement", owner + " measures '" + measurement + "', which is not a sensor of this machine");
        }
        final String actuator = item.string("actuator", owner);
        final MachineConfig.Device target = actuators.stream().filter(a -> a.id() != null && a.id().equals(actuator)).findFirst().orElse(null);
        if (actuator != null && target == null)
        {
            item.keyProblem("actuator", owner + " drives '" + actuator + "', which is not an actuator of this machine");
        }
        final double setpoint = item.number("setpoint", owner);
        final double kp = item.number("kp", owner);
        final double ki = item.number("ki", owner, 0.0);
        final double kd = item.number("kd", owner, 0.0);
        final double filter = item.number("derivativeFilterS", owner, 0.0);
        final double outMin = item.number("outputMin", owner, target == null ? 0.0 : target.rangeMin());
        final double outMax = item.number("outputMax", owner, target == null ? 1.0 : target.rangeMax());
        final double rate = item.number("rateLimitPerS", owner, 0.0);
        final double tripLow = item.number("tripLow", owner, Double.NEGATIVE_INFINITY);
        final double tripHigh = item.number("tripHigh", owner, Double.POSITIVE_INFINITY);
        for (final String gain : new String[] {"kp", "ki", "kd", "derivativeFilterS", "rateLimitPerS"})
        {
            if (item.has(gain) && item.number(gain, owner, 0.0) < 0)
            {
                item.keyProblem(gain, "'" + gain + "' of " + owner + " must not be negative");
            }
        }
        if (!(outMax > outMin))
        {
            item.keyProblem("outputMax", "outputMax must be greater than outputMin in " + owner);
        }
        if (!(tripHigh > tripLow))
        {
            item.keyProblem("tripHigh", "tripHigh must be greater than tripLow in " + owner);
        }
        item.rejectUnknownKeys("a loop");
        return new MachineConfig.Loop(id, measurement, actuator, setpoint, kp, ki, kd, filter, outMin, outMax, rate,
            tripLow, tripHigh, item.position());
    }

    private static MachineConfig.Simulation simulation(
        final YamlNode node, final List<MachineConfig.Device> sensors, final List<MachineConfig.Device> actuators)
    {
        if (node == null || !node.expectMap("'simulation'"))
        {
            return null;
        }
        final String plant = node.string("plant", "simulation");
        if (plant != null && !"pump".equals(plant))
        {
            node.keyProblem("plant", "unknown plant '" + plant + "' (expected: pump)");
        }
        final long seed = node.longInteger("seed", "simulation", 1L);
        final double maxPressure = node.positive("maxPressureBar", "simulation", 8.0);
        final double tau = node.positive("timeConstantS", "simulation", 1.5);
        final double deadTime = node.number("deadTimeS", "simulation", 0.2);
        final double noise = node.number("noiseBar", "simulation", 0.02);
        if (deadTime < 0)
        {
            node.keyProblem("deadTimeS", "deadTimeS must not be negative");
        }
        if (noise < 0)
        {
            node.keyProblem("noiseBar", "noiseBar must not be negative");
        }
        final String pressureSensor = node.string("pressureSensor", "simulation");
        if (pressureSensor != null && sensors.stream().noneMatch(s -> pressureSensor.equals(s.id())))
        {
            node.keyProblem("pressureSensor", "'" + pressureSensor + "' is not a sensor of this machine");
        }
        final String speedActuator = node.string("speedActuator", "simulation");
        if (speedActuator != null && actuators.stream().noneMatch(a -> speedActuator.equals(a.id())))
        {
            node.keyProblem("speedActuator", "'" + speedActuator + "' is not an actuator of this machine");
        }
        node.rejectUnknownKeys("'simulation'");
        return new MachineConfig.Simulation(plant, seed, maxPressure, tau, deadTime, noise, pressureSensor, speedActuator, node.position());
    }

    private static MachineConfig.Telemetry telemetry(final YamlNode node, final String machineName)
    {
        final String defaultTopic = "ironloop/" + (machineName == null ? "machine" : machineName);
        if (node == null)
        {
            return new MachineConfig.Telemetry(defaultTopic, 10.0, 1, "ironloop-" + machineName);
        }
        if (!node.expectMap("'telemetry'"))
        {
            return new MachineConfig.Telemetry(defaultTopic, 10.0, 1, "ironloop-" + machineName);
        }
        final String topic = node.string("topic", "telemetry", defaultTopic);
        final double rate = node.positive("rateHz", "telemetry", 10.0);
        final int qos = node.integer("qos", "telemetry", 1);
        if (qos < 0 || qos > 2)
        {
            node.keyProblem("qos", "qos must be 0, 1 or 2, got " + qos);
        }
        final String clientId = node.string("clientId", "telemetry", "ironloop-" + machineName);
        node.rejectUnknownKeys("'telemetry'");
        return new MachineConfig.Telemetry(topic, rate, qos, clientId);
    }

    private static Unit unit(final YamlNode node, final String owner, final Unit fallback)
    {
        final String text = node.string("unit", owner, null);
        if (text == null)
        {
            return fallback;
        }
        final Unit unit = Unit.parse(text);
        if (unit == null)
        {
            node.keyProblem("unit", "unknown unit '" + text + "'");
            return fallback;
        }
        return unit;
    }

    private static double[] pair(final YamlNode node, final String what)
    {
        final List<YamlNode> items = node.list(what);
        if (items.size() != 2)
        {
            if (node.isList())
            {
                node.problem(what + " must be [low, high]");
            }
            return new double[] {0, 1};
        }
        final double low = items.get(0).asDouble("the low end of " + what, 0);
        final double high = items.get(1).asDouble("the high end of " + what, 1);
        if (!(high > low))
        {
            node.problem(what + " must have low < high, got [" + low + ", " + high + "]");
            return new double[] {0, 1};
        }
        return new double[] {low, high};
    }
}
