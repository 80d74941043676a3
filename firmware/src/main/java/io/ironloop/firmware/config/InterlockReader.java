package io.ironloop.firmware.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a machine file's {@code interlocks:}: which sensor each watches, its kind and limit, and the loops it guards. */
final class InterlockReader
{
    static final List<String> INTERLOCK_KINDS = List.of("high", "low", "rate", "status", "permissive");

    private InterlockReader()
    {
    }

    static List<MachineConfig.Interlock> interlocks(
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
}
