package io.ironloop.firmware.config;

import java.util.ArrayList;
import java.util.List;

/** Reads a sensor's {@code filters:} chain, one filter per list item, in order. */
final class FilterCheck
{
    static final List<String> FILTERS = List.of("ema", "calibrate_linear", "calibrate_polynomial", "median", "moving_average",
        "delta", "throttle", "clamp", "timeout");

    /**
     * Filters that decide what is published by dropping samples (ESPHome's delta and throttle). In the control path a
     * dropped sample is a missing one: a steady 4.0 bar through {@code delta: 0.01} went stale and tripped its loop.
     */
    static final List<String> PUBLISH_POLICIES = List.of("delta", "throttle");

    private FilterCheck()
    {
    }

    /** Refuses a publish policy on a sensor that a loop measures (outer or cascade inner) or an interlock watches. */
    static void publishPoliciesOnlyWherePublished(
        final List<MachineConfig.Device> sensors, final List<MachineConfig.Loop> loops, final List<MachineConfig.Interlock> interlocks,
        final Problems problems)
    {
        for (final MachineConfig.Device sensor : sensors)
        {
            final String user = controlUser(sensor.id(), loops, interlocks);
            if (user == null)
            {
                continue;
            }
            for (final MachineConfig.Filter filter : sensor.filters())
            {
                if (PUBLISH_POLICIES.contains(filter.kind()))
                {
                    problems.add(filter.position(), "filter '" + filter.kind() + "' of sensor '" + sensor.id() + "' is a publish policy: it drops "
                        + "samples, and " + user + " would see the sensor stale and trip; use delta and throttle only on sensors that are "
                        + "published, not on a loop's or an interlock's input");
                }
            }
        }
    }

    /** The first loop or interlock that reads {@code sensorId} in the control path, named for a message; null if none. */
    private static String controlUser(final String sensorId, final List<MachineConfig.Loop> loops, final List<MachineConfig.Interlock> interlocks)
    {
        if (sensorId == null)
        {
            return null;
        }
        for (final MachineConfig.Loop loop : loops)
        {
            if (sensorId.equals(loop.measurement()))
            {
                return "loop '" + loop.id() + "' measuring it";
            }
            if (loop.inner() != null && sensorId.equals(loop.inner().measurement()))
            {
                return "the inner loop of '" + loop.id() + "' measuring it";
            }
        }
        for (final MachineConfig.Interlock interlock : interlocks)
        {
            if (sensorId.equals(interlock.sensor()))
            {
                return "interlock '" + interlock.id() + "' watching it";
            }
        }
        return null;
    }

    static List<MachineConfig.Filter> filters(final YamlNode node, final String owner)
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
}
