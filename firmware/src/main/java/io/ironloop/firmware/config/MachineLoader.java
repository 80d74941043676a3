package io.ironloop.firmware.config;

import io.ironloop.control.output.OutputChannel;
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
    static final List<String> INPUT_TYPES = List.of("none", "current-4-20ma", "voltage-0-10v");
    static final List<String> FILTERS = List.of("ema", "calibrate_linear", "calibrate_polynomial", "median", "moving_average",
        "delta", "throttle", "clamp", "timeout");
    static final List<String> IDLE = io.ironloop.control.runtime.IdleStrategies.NAMES;
    static final List<String> LOOP_TYPES = List.of("pid", "cascade", "onoff");
    static final List<String> ANTI_WINDUP = List.of("back-calculation", "clamping", "none");
    static final List<String> INTERLOCK_KINDS = List.of("high", "low", "rate", "status", "permissive");
    static final List<String> AUTOTUNE_RULES = List.of("ziegler-nichols", "tyreus-luyben", "simc");
    static final List<String> PLANTS = List.of("pump", "furnace");
    /** Most failed writes in a row an actuator may be allowed before FAULT: at 1 kHz that is a second. */
    static final int MAX_FAULT_AFTER = 1000;

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
            final String idle = idleStrategy(controlNode, "idle", "sleep");
            final String acquisitionIdle = idleStrategy(controlNode, "acquisitionIdle", "park");
            final String telemetryIdle = idleStrategy(controlNode, "telemetryIdle", "park");
            final int cpu = cpu(controlNode, "cpu", controlNode.get("cpu"), MachineConfig.Control.UNPINNED);
            final List<Integer> backgroundCpus = backgroundCpus(controlNode, cpu);
            controlNode.rejectUnknownKeys("'control'");
            control = new MachineConfig.Control(rate, idle, acquisitionIdle, telemetryIdle, cpu, backgroundCpus, machine.keyPosition("control"));
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
        final List<MachineConfig.Interlock> interlocks = interlocks(machine.get("interlocks"), sensors, loops, ids);
        final MachineConfig.Watchdog watchdog = watchdog(machine.get("watchdog"));
        machine.rejectUnknownKeys("'machine'");
        return new MachineConfig(machine.file(), name, board, boardPosition, control, List.copyOf(sensors),
            List.copyOf(actuators), List.copyOf(loops), simulation, telemetry, List.copyOf(interlocks), watchdog);
    }

    /** Highest CPU number accepted in a machine file; whether the CPU exists is checked when the run starts. */
    static final int MAX_CPU = 1023;

    private static int cpu(final YamlNode control, final String key, final YamlNode value, final int fallback)
    {
        if (value == null)
        {
            return fallback;
        }
        final int cpu = value.asInt("'" + key + "' in control", fallback);
        if (cpu != fallback && (cpu < 0 || cpu > MAX_CPU))
        {
            value.problem("'" + key + "' in control must be a CPU number from 0 to " + MAX_CPU + ", got " + cpu);
            return fallback;
        }
        return cpu;
    }

    /** {@code backgroundCpus}: a list of distinct CPU numbers, none of them the control agent's CPU. */
    private static List<Integer> backgroundCpus(final YamlNode control, final int controlCpu)
    {
        final YamlNode list = control.get("backgroundCpus");
        if (list == null)
        {
            return List.of();
        }
        final List<Integer> cpus = new ArrayList<>();
        for (final YamlNode item : list.list("'backgroundCpus' in control"))
        {
            final int cpu = cpu(control, "backgroundCpus", item, MachineConfig.Control.UNPINNED);
            if (cpu == MachineConfig.Control.UNPINNED)
            {
                continue;
            }
            if (cpus.contains(cpu))
            {
                item.problem("CPU " + cpu + " appears twice in 'backgroundCpus'");
            }
            else if (cpu == controlCpu)
            {
                item.problem("CPU " + cpu + " in 'backgroundCpus' is the control agent's 'cpu' (at "
                    + control.keyPosition("cpu").shortForm(control.file()) + "); the control CPU is for the control agent alone");
            }
            else
            {
                cpus.add(cpu);
            }
        }
        if (cpus.isEmpty() && list.isList())
        {
            list.problem("'backgroundCpus' in control must list at least one CPU (leave it out to leave them unpinned)");
        }
        return cpus;
    }

    private static String idleStrategy(final YamlNode control, final String key, final String fallback)
    {
        final String idle = control.string(key, "control", fallback);
        if (!IDLE.contains(idle))
        {
            control.keyProblem(key, "unknown idle strategy '" + idle + "' (expected one of: " + String.join(", ", IDLE) + ")");
            return fallback;
        }
        return idle;
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
            final DriverCatalog.SettingsProblem settingsProblem = driver == null || driver.check() == null ? null : driver.check().apply(settings);
            if (settingsProblem != null)
            {
                item.keyProblem(settingsProblem.setting(), settingsProblem.message() + " for " + owner);
            }

            final double rateHz = role == DriverCatalog.Role.SENSOR ? item.positive("rateHz", owner, 100.0) : 0.0;
            final double staleAfterMs = role == DriverCatalog.Role.SENSOR ? item.positive("staleAfterMs", owner, 3000.0 / rateHz) : 0.0;
            final MachineConfig.Input input = role == DriverCatalog.Role.SENSOR ? input(item.get("input"), owner) : null;
            final List<MachineConfig.Filter> filters = role == DriverCatalog.Role.SENSOR ? filters(item.get("filters"), owner) : List.of();
            final MachineConfig.Supervision supervision = role == DriverCatalog.Role.SENSOR
                ? supervision(item.get("supervision"), owner) : MachineConfig.Supervision.DEFAULT;

            Unit unit = input != null ? input.unit() : Unit.NONE;
            double rangeMin = 0;
            double rangeMax = 1;
            double safeValue = 0;
            int faultAfter = 0;
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

    /** A sensor's {@code supervision:} map; the defaults where it or a key is absent. */
    private static MachineConfig.Supervision supervision(final YamlNode node, final String owner)
    {
        final MachineConfig.Supervision fallback = MachineConfig.Supervision.DEFAULT;
        if (node == null || !node.expectMap("'supervision' of " + owner))
        {
            return fallback;
        }
        final String what = "'supervision' of " + owner;
        int resetAfter = node.integer("resetAfter", what, fallback.resetAfter());
        if (resetAfter < 1)
        {
            node.keyProblem("resetAfter", "'resetAfter' in " + what + " must be at least 1 (failures in a row before a device reset), got "
                + resetAfter);
            resetAfter = fallback.resetAfter();
        }
        double backoffMs = node.number("backoffMs", what, fallback.backoffMs());
        if (!(backoffMs >= 0) || Double.isInfinite(backoffMs))
        {
            node.keyProblem("backoffMs", "'backoffMs' in " + what + " must be a finite number of milliseconds, 0 or more, got " + backoffMs);
            backoffMs = fallback.backoffMs();
        }
        double maxBackoffMs = node.number("maxBackoffMs", what, Math.max(fallback.maxBackoffMs(), backoffMs));
        if (!(maxBackoffMs >= backoffMs) || Double.isInfinite(maxBackoffMs))
        {
            node.keyProblem("maxBackoffMs", "'maxBackoffMs' in " + what + " must be finite and at least 'backoffMs' (" + backoffMs + "), got "
                + maxBackoffMs);
            maxBackoffMs = Math.max(fallback.maxBackoffMs(), backoffMs);
        }
        node.rejectUnknownKeys(what);
        return new MachineConfig.Supervision(resetAfter, backoffMs, maxBackoffMs);
    }

    private static MachineConfig.Connection connection(final YamlNode item, final DriverCatalog.Driver driver, final String owner)
    {
        // A driver with shims for both buses (BME280) is on whichever bus the entry names.
        final DriverCatalog.Connection kind = driver.connection() != DriverCatalog.Connection.I2C_OR_SPI ? driver.connection()
            : item.has("spi") ? DriverCatalog.Connection.SPI : DriverCatalog.Connection.I2C;
        switch (kind)
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
                    i2c.keyProblem("address", driver.name() + " addresses are 0x" + Integer.toHexString(driver.minAddress())
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
                final String outOfRange = DriverCatalog.checkRange(driver.name(), setting.name(), parsed);
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
        if (shunt < 0)
        {
            node.keyProblem("shuntOhms", "shuntOhms must not be negative");
        }
        double low = 0;
        double high = 1;
        final boolean scaled = "current-4-20ma".equals(type) || "voltage-0-10v".equals(type);
        final YamlNode range = scaled ? node.require("range", "'input' of " + owner) : node.get("range");
        if (range != null)
        {
            final double[] pair = pair(range, "'range' of " + owner);
            low = pair[0];
            high = pair[1];
        }
        final Unit unit = unit(node, "'input' of " + owner, Unit.VOLT);
        final double dividerRatio = node.number("dividerRatio", "'input' of " + owner, 1.0);
        if (!(dividerRatio > 0))
        {
            node.keyProblem("dividerRatio", "dividerRatio must be greater than 0 (terminal volts per ADC volt), got " + dividerRatio);
        }
        else if (node.has("dividerRatio") && !"voltage-0-10v".equals(type))
        {
            node.keyProblem("dividerRatio", "dividerRatio applies to input type voltage-0-10v only");
        }
        node.rejectUnknownKeys("'input' of " + owner);
        return new MachineConfig.Input(type, shunt, low, high, unit, dividerRatio > 0 ? dividerRatio : 1.0);
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
            if (!item.expectMap("a filter"))
            {
                continue;
            }
            String found = null;
            for (final String kind : FILTERS)
            {
                final YamlNode args = item.get(kind);
                if (args == null)
                {
                    continue;
                }
                if (found != null)
                {
                    item.keyProblem(kind, "one filter per list item: '" + kind + "' and '" + found + "' share one (write them as two items, in order)");
                    continue;
                }
                found = kind;
                final List<Double> values = FilterArguments.parse(kind, args);
                if (values != null)
                {
                    filters.add(new MachineConfig.Filter(kind, List.copyOf(values), item.position()));
                }
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
        if (!LOOP_TYPES.contains(type))
        {
            item.keyProblem("type", "unknown loop type '" + type + "' (expected one of: " + String.join(", ", LOOP_TYPES) + ")");
        }
        final boolean onOff = "onoff".equals(type);
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
        final double kp = onOff ? item.number("kp", owner, 0.0) : item.number("kp", owner);
        final double ki = item.number("ki", owner, 0.0);
        final double kd = item.number("kd", owner, 0.0);
        final double filter = item.number("derivativeFilterS", owner, 0.0);
        final double outMin = item.number("outputMin", owner, target == null ? 0.0 : target.rangeMin());
        final double outMax = item.number("outputMax", owner, target == null ? 1.0 : target.rangeMax());
        final double rate = item.number("rateLimitPerS", owner, 0.0);
        final double tripLow = item.number("tripLow", owner, Double.NEGATIVE_INFINITY);
        final double tripHigh = item.number("tripHigh", owner, Double.POSITIVE_INFINITY);
        final String[] gains = {"kp", "ki", "kd", "derivativeFilterS", "rateLimitPerS"};
        final double[] values = {kp, ki, kd, filter, rate};
        for (int i = 0; i < gains.length; i++)
        {
            if (values[i] < 0)
            {
                item.keyProblem(gains[i], "'" + gains[i] + "' of " + owner + " must not be negative");
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
        final String antiWindup = item.string("antiWindup", owner, "back-calculation");
        if (!ANTI_WINDUP.contains(antiWindup))
        {
            item.keyProblem("antiWindup", "unknown antiWindup '" + antiWindup + "' in " + owner + " (expected one of: "
                + String.join(", ", ANTI_WINDUP) + ")");
        }
        final MachineConfig.CascadeInner inner = "cascade".equals(type) ? cascadeInner(item, owner, sensors) : null;
        if (!"cascade".equals(type) && item.has("inner"))
        {
            item.keyProblem("inner", "'inner' is only for loops of type cascade, " + owner + " is " + type);
        }
        final MachineConfig.OnOff onOffSettings = onOff ? onOff(item, owner, outMin, outMax) : null;
        final MachineConfig.Program program = program(item.get("program"), owner);
        final MachineConfig.Autotune autotune = autotune(item.get("autotune"), owner, outMax - outMin);
        if (autotune != null && !"pid".equals(type))
        {
            item.keyProblem("autotune", "autotune tunes a PID; " + owner + " is of type " + type);
        }
        item.rejectUnknownKeys("a loop");
        return new MachineConfig.Loop(id, measurement, actuator, setpoint, kp, ki, kd, filter, outMin, outMax, rate,
            tripLow, tripHigh, item.position(), type, antiWindup, inner, onOffSettings, program, autotune);
    }

    private static MachineConfig.CascadeInner cascadeInner(final YamlNode item, final String owner, final List<MachineConfig.Device> sensors)
    {
        final YamlNode node = item.require("inner", owner + " (type cascade)");
        if (node == null || !node.expectMap("'inner' of " + owner))
        {
            return null;
        }
        final String what = "'inner' of " + owner;
        final String measurement = node.string("measurement", what);
        if (measurement != null && sensors.stream().noneMatch(s -> measurement.equals(s.id())))
        {
            node.keyProblem("measurement", what + " measures '" + measurement + "', which is not a sensor of this machine");
        }
        final double kp = node.number("kp", what);
        final double ki = node.number("ki", what, 0.0);
        final double kd = node.number("kd", what, 0.0);
        final double filter = node.number("derivativeFilterS", what, 0.0);
        for (final String gain : new String[] {"kp", "ki", "kd", "derivativeFilterS"})
        {
            if (node.has(gain) && node.number(gain, what, 0.0) < 0)
            {
                node.keyProblem(gain, "'" + gain + "' of " + what + " must not be negative");
            }
        }
        final double low = node.number("setpointMin", what);
        final double high = node.number("setpointMax", what);
        if (!(high > low))
        {
            node.keyProblem("setpointMax", "setpointMax must be greater than setpointMin in " + what);
        }
        node.rejectUnknownKeys(what);
        return new MachineConfig.CascadeInner(measurement, kp, ki, kd, filter, low, high, node.position());
    }

    private static MachineConfig.OnOff onOff(final YamlNode item, final String owner, final double outMin, final double outMax)
    {
        final double hysteresis = item.number("hysteresis", owner, 0.0);
        if (hysteresis < 0)
        {
            item.keyProblem("hysteresis", "'hysteresis' of " + owner + " must not be negative");
        }
        final String action = item.string("action", owner, "heat");
        if (!"heat".equals(action) && !"cool".equals(action))
        {
            item.keyProblem("action", "'action' of " + owner + " must be heat or cool, got '" + action + "'");
        }
        final double minOnS = item.number("minOnS", owner, 0.0);
        final double minOffS = item.number("minOffS", owner, 0.0);
        for (final String key : new String[] {"minOnS", "minOffS"})
        {
            if (item.has(key) && item.number(key, owner, 0.0) < 0)
            {
                item.keyProblem(key, "'" + key + "' of " + owner + " must not be negative");
            }
        }
        final double on = item.number("outputOn", owner, outMax);
        final double off = item.number("outputOff", owner, outMin);
        return new MachineConfig.OnOff(Math.max(0.0, hysteresis), !"cool".equals(action), Math.max(0.0, minOnS),
            Math.max(0.0, minOffS), on, off);
    }

    private static MachineConfig.Program program(final YamlNode node, final String owner)
    {
        if (node == null || !node.expectMap("'program' of " + owner))
        {
            return null;
        }
        final String what = "'program' of " + owner;
        final double band = node.number("guaranteedSoakBand", what, 0.0);
        if (band < 0)
        {
            node.keyProblem("guaranteedSoakBand", "guaranteedSoakBand must not be negative in " + what);
        }
        final List<MachineConfig.Segment> segments = new ArrayList<>();
        final YamlNode list = node.require("segments", what);
        if (list != null)
        {
            for (final YamlNode segment : list.list("'segments' of " + owner))
            {
                if (!segment.expectMap("a program segment"))
                {
                    continue;
                }
                final String seg = "segment " + (segments.size() + 1) + " of " + what;
                final double ratePerMin = segment.number("ratePerMin", seg);
                final double target = segment.number("target", seg);
                final double soakMin = segment.number("soakMin", seg, 0.0);
                if (!(ratePerMin > 0))
                {
                    segment.keyProblem("ratePerMin", "'ratePerMin' of " + seg + " must be greater than 0, got " + ratePerMin);
                }
                if (soakMin < 0)
                {
                    segment.keyProblem("soakMin", "'soakMin' of " + seg + " must not be negative");
                }
                segment.rejectUnknownKeys("a program segment");
                segments.add(new MachineConfig.Segment(ratePerMin / 60.0, target, soakMin * 60.0, segment.position()));
            }
            if (segments.isEmpty() && list.isList())
            {
                list.problem(what + " needs at least one segment");
            }
        }
        node.rejectUnknownKeys(what);
        return new MachineConfig.Program(List.copyOf(segments), Math.max(0.0, band), node.position());
    }

    private static MachineConfig.Autotune autotune(final YamlNode node, final String owner, final double outputSpan)
    {
        if (node == null || !node.expectMap("'autotune' of " + owner))
        {
            return null;
        }
        final String what = "'autotune' of " + owner;
        final String rule = node.string("rule", what, "simc");
        if (!AUTOTUNE_RULES.contains(rule))
        {
            node.keyProblem("rule", "unknown autotune rule '" + rule + "' (expected one of: " + String.join(", ", AUTOTUNE_RULES) + ")");
        }
        final double amplitude = node.positive("amplitude", what, 0.1 * outputSpan);
        if (amplitude > outputSpan)
        {
            node.keyProblem("amplitude", "relay amplitude " + amplitude + " of " + owner + " is larger than its output span " + outputSpan);
        }
        final double hysteresis = node.number("hysteresis", what, 0.0);
        if (hysteresis < 0)
        {
            node.keyProblem("hysteresis", "'hysteresis' in " + what + " must not be negative");
        }
        final double bias = node.number("bias", what, "simc".equals(rule) ? 0.25 : 0.0);
        if (!(bias >= 0 && bias < 0.9))
        {
            node.keyProblem("bias", "'bias' in " + what + " must be in [0, 0.9), got " + bias);
        }
        else if ("simc".equals(rule) && bias == 0)
        {
            node.keyProblem("bias", "rule simc identifies the process gain from a biased relay: 'bias' must be > 0");
        }
        final double bound = node.number("bound", what);
        if (!(bound > 0))
        {
            node.keyProblem("bound", "'bound' in " + what + " must be greater than 0, got " + bound);
        }
        final double timeoutS = node.positive("timeoutS", what, 600.0);
        final int cycles = node.integer("cycles", what, 4);
        if (cycles < 1 || cycles > 50)
        {
            node.keyProblem("cycles", "'cycles' in " + what + " must be 1..50, got " + cycles);
        }
        node.rejectUnknownKeys(what);
        return new MachineConfig.Autotune(rule, amplitude, Math.max(0.0, hysteresis), bias, bound, timeoutS, cycles, node.position());
    }

    private static List<MachineConfig.Interlock> interlocks(
        final YamlNode node, final List<MachineConfig.Device> sensors, final List<MachineConfig.Loop> loops,
        final Map<String, Position> ids)
    {
        final List<MachineConfig.Interlock> interlocks = new ArrayList<>();
        if (node == null)
        {
            return interlocks;
        }
        for (final YamlNode item : node.list("'interlocks'"))
        {
            if (!item.expectMap("an interlock"))
            {
                continue;
            }
            final String id = item.string("id", "interlock");
            final String owner = "interlock '" + id + "'";
            if (id != null && ids.containsKey(id))
            {
                item.keyProblem("id", "id '" + id + "' is used twice (first at " + ids.get(id).shortForm(item.file()) + ")");
            }
            else if (id != null)
            {
                ids.put(id, item.keyPosition("id"));
            }
            final String sensor = item.string("sensor", owner);
            if (sensor != null && sensors.stream().noneMatch(s -> sensor.equals(s.id())))
            {
                item.keyProblem("sensor", owner + " watches '" + sensor + "', which is not a sensor of this machine");
            }
            final String kind = item.string("kind", owner);
            if (kind != null && !INTERLOCK_KINDS.contains(kind))
            {
                item.keyProblem("kind", "unknown interlock kind '" + kind + "' (expected one of: " + String.join(", ", INTERLOCK_KINDS) + ")");
            }
            double limit = 0.0;
            if ("permissive".equals(kind))
            {
                limit = item.number("requires", owner, 1.0);
                if (limit != 0.0 && limit != 1.0)
                {
                    item.keyProblem("requires", "'requires' of " + owner + " must be 0 or 1 (the contact's permitting state), got " + limit);
                }
            }
            else if (kind != null && !"status".equals(kind) && INTERLOCK_KINDS.contains(kind))
            {
                limit = item.number("limit", owner);
                if ("rate".equals(kind) && !(limit > 0))
                {
                    item.keyProblem("limit", "the rate limit of " + owner + " must be greater than 0 (units per second), got " + limit);
                }
            }
            else
            {
                item.get("limit"); // already reported: the kind; do not also call its limit unknown
                item.get("requires");
            }
            final double delayMs = item.number("delayMs", owner, 0.0);
            if (delayMs < 0)
            {
                item.keyProblem("delayMs", "'delayMs' of " + owner + " must not be negative");
            }
            final List<String> guarded = new ArrayList<>();
            final YamlNode loopList = item.get("loops");
            if (loopList != null)
            {
                for (final YamlNode loopId : loopList.list("'loops' of " + owner))
                {
                    final String name = loopId.asString("a loop id in " + owner, null);
                    if (name != null && loops.stream().noneMatch(l -> name.equals(l.id())))
                    {
                        loopId.problem(owner + " guards '" + name + "', which is not a loop of this machine");
                    }
                    else if (name != null)
                    {
                        guarded.add(name);
                    }
                }
            }
            item.rejectUnknownKeys("an interlock");
            interlocks.add(new MachineConfig.Interlock(id, kind, sensor, limit, Math.max(0.0, delayMs), List.copyOf(guarded), item.position()));
        }
        return interlocks;
    }

    private static MachineConfig.Watchdog watchdog(final YamlNode node)
    {
        if (node == null || !node.expectMap("'watchdog'"))
        {
            return null;
        }
        final int overruns = node.integer("overruns", "watchdog", 5);
        if (overruns < 1)
        {
            node.keyProblem("overruns", "'overruns' in watchdog must be at least 1, got " + overruns);
        }
        final double stallMs = node.positive("stallMs", "watchdog", 500.0);
        node.rejectUnknownKeys("'watchdog'");
        return new MachineConfig.Watchdog(Math.max(1, overruns), stallMs, node.position());
    }

    private static MachineConfig.Simulation simulation(
        final YamlNode node, final List<MachineConfig.Device> sensors, final List<MachineConfig.Device> actuators)
    {
        if (node == null || !node.expectMap("'simulation'"))
        {
            return null;
        }
        final String plant = node.string("plant", "simulation");
        if (plant != null && !PLANTS.contains(plant))
        {
            node.keyProblem("plant", "unknown plant '" + plant + "' (expected one of: " + String.join(", ", PLANTS) + ")");
        }
        if ("furnace".equals(plant))
        {
            return furnace(node, sensors, actuators);
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
        final String pressureSensor = node.string("pressureSensor", "simulation", null);
        if (pressureSensor != null && sensors.stream().noneMatch(s -> pressureSensor.equals(s.id())))
        {
            node.keyProblem("pressureSensor", "'" + pressureSensor + "' is not a sensor of this machine");
        }
        final String speedActuator = node.string("speedActuator", "simulation", null);
        if (speedActuator != null && actuators.stream().noneMatch(a -> speedActuator.equals(a.id())))
        {
            node.keyProblem("speedActuator", "'" + speedActuator + "' is not an actuator of this machine");
        }
        node.rejectUnknownKeys("'simulation'");
        return new MachineConfig.Simulation(plant, seed, maxPressure, tau, deadTime, noise, pressureSensor, speedActuator, node.position());
    }

    private static MachineConfig.Simulation furnace(
        final YamlNode node, final List<MachineConfig.Device> sensors, final List<MachineConfig.Device> actuators)
    {
        final long seed = node.longInteger("seed", "simulation", 1L);
        final double ambient = node.number("ambientC", "simulation", 20.0);
        final double maxRise = node.positive("maxRiseC", "simulation", 1000.0);
        final double tau = node.positive("timeConstantS", "simulation", 600.0);
        final double deadTime = node.number("deadTimeS", "simulation", 10.0);
        final double noise = node.number("noiseC", "simulation", 0.2);
        if (deadTime < 0)
        {
            node.keyProblem("deadTimeS", "deadTimeS must not be negative");
        }
        if (noise < 0)
        {
            node.keyProblem("noiseC", "noiseC must not be negative");
        }
        final String temperatureSensor = node.string("temperatureSensor", "simulation");
        if (temperatureSensor != null && sensors.stream().noneMatch(s -> temperatureSensor.equals(s.id())))
        {
            node.keyProblem("temperatureSensor", "'" + temperatureSensor + "' is not a sensor of this machine");
        }
        final String heaterActuator = node.string("heaterActuator", "simulation");
        if (heaterActuator != null && actuators.stream().noneMatch(a -> heaterActuator.equals(a.id())))
        {
            node.keyProblem("heaterActuator", "'" + heaterActuator + "' is not an actuator of this machine");
        }
        node.rejectUnknownKeys("'simulation'");
        return new MachineConfig.Simulation("furnace", seed, 0.0, tau, Math.max(0.0, deadTime), Math.max(0.0, noise), null, null,
            node.position(), new MachineConfig.Furnace(ambient, maxRise, tau, Math.max(0.0, deadTime), Math.max(0.0, noise),
            temperatureSensor, heaterActuator));
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
