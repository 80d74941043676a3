package io.ironloop.firmware.config;

import java.util.ArrayList;
import java.util.List;

/** Reads a machine file's {@code control:} section (rate, idle strategies, CPUs) and its {@code watchdog:}. */
final class ControlReader
{
    static final List<String> IDLE = io.ironloop.control.runtime.IdleStrategies.NAMES;

    /** Highest CPU number accepted in a machine file; whether the CPU exists is checked when the run starts. */
    static final int MAX_CPU = 1023;

    private ControlReader()
    {
    }

    /** The {@code control:} section; its defaults when the section is absent. */
    static MachineConfig.Control control(final YamlNode machine)
    {
        MachineConfig.Control control = new MachineConfig.Control(100.0, "sleep");
        final YamlNode controlNode = machine.get("control");
        if (controlNode != null && controlNode.expectMap("'control'"))
        {
            final double rate = RateCheck.rateHz(controlNode, "control", 100.0);
            final String idle = idleStrategy(controlNode, "idle", "sleep");
            final String acquisitionIdle = idleStrategy(controlNode, "acquisitionIdle", "park");
            final String telemetryIdle = idleStrategy(controlNode, "telemetryIdle", "park");
            final int cpu = cpu(controlNode, "cpu", controlNode.get("cpu"), MachineConfig.Control.UNPINNED);
            final List<Integer> backgroundCpus = backgroundCpus(controlNode, cpu);
            controlNode.rejectUnknownKeys("'control'");
            control = new MachineConfig.Control(rate, idle, acquisitionIdle, telemetryIdle, cpu, backgroundCpus, machine.keyPosition("control"));
        }
        return control;
    }

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

    static MachineConfig.Watchdog watchdog(final YamlNode node)
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
}
