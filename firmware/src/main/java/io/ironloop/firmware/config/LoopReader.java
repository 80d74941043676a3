package io.ironloop.firmware.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a machine file's {@code loops:}: PID, cascade and on/off loops with their program and autotune settings. */
final class LoopReader
{
    static final List<String> LOOP_TYPES = List.of("pid", "cascade", "onoff");
    static final List<String> ANTI_WINDUP = List.of("back-calculation", "clamping", "none");
    static final List<String> AUTOTUNE_RULES = List.of("ziegler-nichols", "tyreus-luyben", "simc");
    static final List<String> MODES = List.of("off", "manual", "auto");
    /** The longest advice may live: an hour-old trim is no advice about now. */
    static final double MAX_ADVICE_AGE_MS = 3_600_000.0;

    /** Longest soak of a program segment, in minutes: a week. */
    static final double MAX_SOAK_MIN = 10_080.0;

    private LoopReader()
    {
    }

    /** The {@code loops:} list; a loop that cannot be read at all is left out (its problems reported). */
    static List<MachineConfig.Loop> loops(
        final YamlNode machine, final List<MachineConfig.Device> sensors, final List<MachineConfig.Device> actuators,
        final Map<String, Position> ids)
    {
        final List<MachineConfig.Loop> loops = new ArrayList<>();
        final Map<String, Claim> claims = new HashMap<>();
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
                        claim(item, loop, claims);
                        loops.add(loop);
                    }
                }
            }
        }
        return loops;
    }

    /** The loop that first named an actuator, and where. */
    private record Claim(String loopId, Position at)
    {
    }

    /**
     * An actuator has one claimant: two loops writing one output fight, and when an interlock sends one of them SAFE the
     * other keeps driving it. A cascade claims its actuator through its inner loop, like any loop.
     */
    private static void claim(final YamlNode item, final MachineConfig.Loop loop, final Map<String, Claim> claims)
    {
        if (loop.actuator() == null || !item.has("actuator"))
        {
            return;
        }
        final Claim first = claims.get(loop.actuator());
        if (first != null)
        {
            item.keyProblem("actuator", "actuator '" + loop.actuator() + "' is already driven by loop '" + first.loopId() + "' (at "
                + first.at().shortForm(item.file()) + "); an actuator has one loop, so that an interlock or the watchdog that sends it "
                + "SAFE leaves nothing else writing it");
            return;
        }
        claims.put(loop.actuator(), new Claim(loop.id(), item.get("actuator").position()));
    }

    private static MachineConfig.Loop loop(
        final YamlNode item,
        final List<MachineConfig.Device> sensors,
        final List<MachineConfig.Device> actuators,
        final Map<String, Position> ids)
    {
        final String id = NameCheck.name(item, "id", "loop");
        final String owner = "loop '" + id + "'";
        if (id != null && ids.containsKey(id))
        {
            item.keyProblem("id", "id '" + id + "' is used twice (first at " + ids.get(id).shortForm(item.file()) + ")");
        }
        else if (id != null)
        {
            ids.put(id, item.keyPosition("id"));
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
        final double setpoint = RangeCheck.engineering(item, "setpoint", owner, item.number("setpoint", owner));
        final double kp = onOff ? item.number("kp", owner, 0.0) : item.number("kp", owner);
        final double ki = item.number("ki", owner, 0.0);
        final double kd = item.number("kd", owner, 0.0);
        final double filter = item.number("derivativeFilterS", owner, 0.0);
        final double outMin = RangeCheck.engineering(item, "outputMin", owner,
            item.number("outputMin", owner, target == null ? 0.0 : target.rangeMin()));
        final double outMax = RangeCheck.engineering(item, "outputMax", owner,
            item.number("outputMax", owner, target == null ? 1.0 : target.rangeMax()));
        final double rate = item.number("rateLimitPerS", owner, 0.0);
        final double tripLow = RangeCheck.engineering(item, "tripLow", owner, item.number("tripLow", owner, Double.NEGATIVE_INFINITY));
        final double tripHigh = RangeCheck.engineering(item, "tripHigh", owner, item.number("tripHigh", owner, Double.POSITIVE_INFINITY));
        final String[] gains = {"kp", "ki", "kd", "derivativeFilterS", "rateLimitPerS"};
        final double[] values = {kp, ki, kd, filter, rate};
        final double[] limits = {RangeCheck.GAIN_LIMIT, RangeCheck.GAIN_LIMIT, RangeCheck.GAIN_LIMIT, RangeCheck.DAY_S, RangeCheck.GAIN_LIMIT};
        for (int i = 0; i < gains.length; i++)
        {
            if (values[i] < 0)
            {
                item.keyProblem(gains[i], "'" + gains[i] + "' of " + owner + " must not be negative");
            }
            else
            {
                RangeCheck.within(item, gains[i], owner, values[i], 0.0, limits[i], "");
            }
        }
        if (tripHigh > tripLow && !Double.isNaN(setpoint) && !(setpoint > tripLow && setpoint < tripHigh))
        {
            // A setpoint the loop's own trip band refuses makes the loop trip as soon as it gets there.
            item.keyProblem("setpoint", "setpoint " + setpoint + " of " + owner + " is outside its trip band (" + tripLow + ", " + tripHigh + ")");
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
        final MachineConfig.Device sensor = sensors.stream().filter(d -> d.id() != null && d.id().equals(measurement)).findFirst().orElse(null);
        final MachineConfig.Operation operation = operation(item, owner, sensor, setpoint, tripLow, tripHigh, program != null);
        item.rejectUnknownKeys("a loop");
        return new MachineConfig.Loop(id, measurement, actuator, setpoint, kp, ki, kd, filter, outMin, outMax, rate,
            tripLow, tripHigh, item.position(), type, antiWindup, inner, onOffSettings, program, autotune, operation);
    }

    /**
     * {@code startMode} (off, manual, auto, or advised for a loop with {@code advice}; default off) and {@code resetTo} (off, manual, auto; default off), {@code setpointRange}
     * (default: the trip limits, else the sensor's input range), {@code advice}.
     */
    private static MachineConfig.Operation operation(
        final YamlNode item,
        final String owner,
        final MachineConfig.Device sensor,
        final double setpoint,
        final double tripLow,
        final double tripHigh,
        final boolean hasProgram)
    {
        final String startMode = item.has("startMode") && "advised".equals(item.get("startMode").text())
            ? "advised" : mode(item, "startMode", owner);
        final String resetTo = mode(item, "resetTo", owner);
        final MachineConfig.Input input = sensor == null ? null : sensor.input();
        double low = Double.isFinite(tripLow) ? tripLow : input != null ? input.rangeLow() : Double.NEGATIVE_INFINITY;
        double high = Double.isFinite(tripHigh) ? tripHigh : input != null ? input.rangeHigh() : Double.POSITIVE_INFINITY;
        final YamlNode range = item.get("setpointRange");
        if (range != null)
        {
            final double[] pair = RangeCheck.pair(range, "'setpointRange' of " + owner);
            if (pair[0] < tripLow || pair[1] > tripHigh)
            {
                item.keyProblem("setpointRange", "'setpointRange' of " + owner + " [" + pair[0] + ", " + pair[1]
                    + "] reaches beyond its trip limits [" + tripLow + ", " + tripHigh + "]");
            }
            low = pair[0];
            high = pair[1];
        }
        if (!hasProgram && Double.isFinite(setpoint) && (setpoint < low || setpoint > high))
        {
            item.keyProblem("setpoint", "setpoint " + setpoint + " of " + owner + " is outside its setpoint range [" + low + ", " + high + "]");
        }
        final MachineConfig.Advice advice = advice(item.get("advice"), owner, high - low);
        if ("advised".equals(startMode) && advice == null)
        {
            item.keyProblem("startMode", owner + " starts advised but has no 'advice:' bounds (trimMin, trimMax, maxAgeMs)");
        }
        return new MachineConfig.Operation(startMode, resetTo, low, high, advice);
    }

    private static String mode(final YamlNode item, final String key, final String owner)
    {
        final String mode = item.string(key, owner, "off");
        if (!MODES.contains(mode))
        {
            item.keyProblem(key, "unknown " + key + " '" + mode + "' in " + owner + " (expected one of: " + String.join(", ", MODES) + ")");
            return "off";
        }
        return mode;
    }

    private static MachineConfig.Advice advice(final YamlNode node, final String owner, final double setpointSpan)
    {
        if (node == null || !node.expectMap("'advice' of " + owner))
        {
            return null;
        }
        final String what = "'advice' of " + owner;
        final double trimMin = node.number("trimMin", what);
        final double trimMax = node.number("trimMax", what);
        if (!(trimMin <= 0.0 && trimMax >= 0.0))
        {
            node.keyProblem("trimMin", what + " must allow no trim: trimMin <= 0 <= trimMax, got [" + trimMin + ", " + trimMax + "]");
        }
        else if (Double.isFinite(setpointSpan) && trimMax - trimMin > setpointSpan)
        {
            node.keyProblem("trimMax", what + " spans " + (trimMax - trimMin) + ", more than the whole setpoint range " + setpointSpan);
        }
        final double maxAgeMs = node.positive("maxAgeMs", what, 5_000.0);
        if (maxAgeMs > MAX_ADVICE_AGE_MS)
        {
            node.keyProblem("maxAgeMs", "'maxAgeMs' in " + what + " must be at most " + (long)MAX_ADVICE_AGE_MS + ", got " + maxAgeMs);
        }
        node.rejectUnknownKeys(what);
        final boolean valid = trimMin <= 0.0 && trimMax >= 0.0;
        return new MachineConfig.Advice(valid ? trimMin : 0.0, valid ? trimMax : 0.0, Math.min(maxAgeMs, MAX_ADVICE_AGE_MS), node.position());
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
            else if (node.has(gain))
            {
                RangeCheck.within(node, gain, what, node.number(gain, what, 0.0), 0.0,
                    "derivativeFilterS".equals(gain) ? RangeCheck.DAY_S : RangeCheck.GAIN_LIMIT, "");
            }
        }
        final double low = RangeCheck.engineering(node, "setpointMin", what, node.number("setpointMin", what));
        final double high = RangeCheck.engineering(node, "setpointMax", what, node.number("setpointMax", what));
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
        else
        {
            RangeCheck.engineering(item, "hysteresis", owner, hysteresis);
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
            else if (item.has(key))
            {
                RangeCheck.within(item, key, owner, item.number(key, owner, 0.0), 0.0, RangeCheck.DAY_S, " s");
            }
        }
        final double on = RangeCheck.engineering(item, "outputOn", owner, item.number("outputOn", owner, outMax));
        final double off = RangeCheck.engineering(item, "outputOff", owner, item.number("outputOff", owner, outMin));
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
        else
        {
            RangeCheck.engineering(node, "guaranteedSoakBand", what, band);
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
                final double target = RangeCheck.engineering(segment, "target", seg, segment.number("target", seg));
                final double soakMin = segment.number("soakMin", seg, 0.0);
                if (!(ratePerMin > 0))
                {
                    segment.keyProblem("ratePerMin", "'ratePerMin' of " + seg + " must be greater than 0, got " + ratePerMin);
                }
                else
                {
                    RangeCheck.engineering(segment, "ratePerMin", seg, ratePerMin);
                }
                if (soakMin < 0)
                {
                    segment.keyProblem("soakMin", "'soakMin' of " + seg + " must not be negative");
                }
                else
                {
                    RangeCheck.within(segment, "soakMin", seg, soakMin, 0.0, MAX_SOAK_MIN, " min");
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
        else
        {
            RangeCheck.engineering(node, "hysteresis", what, hysteresis);
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
        else
        {
            RangeCheck.engineering(node, "bound", what, bound);
        }
        final double timeoutS = RangeCheck.within(node, "timeoutS", what, node.positive("timeoutS", what, 600.0), 0.0, RangeCheck.DAY_S, " s");
        final int cycles = node.integer("cycles", what, 4);
        if (cycles < 1 || cycles > 50)
        {
            node.keyProblem("cycles", "'cycles' in " + what + " must be 1..50, got " + cycles);
        }
        node.rejectUnknownKeys(what);
        return new MachineConfig.Autotune(rule, amplitude, Math.max(0.0, hysteresis), bias, bound, timeoutS, cycles, node.position());
    }
}
