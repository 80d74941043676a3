package io.ironloop.firmware.config;

import java.util.List;

/** Reads a machine file's {@code simulation:} section: the simulated plant and which devices it connects. */
final class SimulationReader
{
    static final List<String> PLANTS = List.of("pump", "furnace", "first-order", "second-order", "pump-system", "tank");

    /** Longest simulated dead time: the plant holds one sample per millisecond of it (600 s: 4.8 MB). */
    static final double MAX_DEAD_TIME_S = 600.0;

    private SimulationReader()
    {
    }

    static MachineConfig.Simulation simulation(
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
        if (plant != null && PLANTS.indexOf(plant) >= 2)
        {
            final long seed = node.longInteger("seed", "simulation", 1L);
            final SimulatedPlant model = PlantModelReader.model(plant, node, sensors, actuators);
            node.rejectUnknownKeys("'simulation'");
            return new MachineConfig.Simulation(plant, seed, node.position(), model);
        }
        final long seed = node.longInteger("seed", "simulation", 1L);
        final double maxPressure = RangeCheck.within(node, "maxPressureBar", "simulation",
            node.positive("maxPressureBar", "simulation", 8.0), 0.0, 1000.0, " bar");
        final double tau = RangeCheck.within(node, "timeConstantS", "simulation", node.positive("timeConstantS", "simulation", 1.5),
            0.0, RangeCheck.DAY_S, " s");
        final double deadTime = nonNegative(node, "deadTimeS", 0.2, MAX_DEAD_TIME_S, " s");
        final double noise = nonNegative(node, "noiseBar", 0.02, maxPressure, " bar (at most maxPressureBar)");
        final String pressureSensor = node.string("pressureSensor", "simulation", null);
        mustName(node, "pressureSensor", pressureSensor, sensors, "a sensor");
        final String speedActuator = node.string("speedActuator", "simulation", null);
        mustName(node, "speedActuator", speedActuator, actuators, "an actuator");
        node.rejectUnknownKeys("'simulation'");
        return new MachineConfig.Simulation(plant, seed, maxPressure, tau, deadTime, noise, pressureSensor, speedActuator, node.position());
    }

    private static MachineConfig.Simulation furnace(
        final YamlNode node, final List<MachineConfig.Device> sensors, final List<MachineConfig.Device> actuators)
    {
        final long seed = node.longInteger("seed", "simulation", 1L);
        final double ambient = RangeCheck.within(node, "ambientC", "simulation", node.number("ambientC", "simulation", 20.0),
            -100.0, 100.0, " C");
        final double maxRise = RangeCheck.within(node, "maxRiseC", "simulation", node.positive("maxRiseC", "simulation", 1000.0),
            0.0, 3000.0, " C");
        final double tau = RangeCheck.within(node, "timeConstantS", "simulation", node.positive("timeConstantS", "simulation", 600.0),
            0.0, RangeCheck.DAY_S, " s");
        final double deadTime = nonNegative(node, "deadTimeS", 10.0, MAX_DEAD_TIME_S, " s");
        final double noise = nonNegative(node, "noiseC", 0.2, 100.0, " C");
        final String temperatureSensor = node.string("temperatureSensor", "simulation");
        mustName(node, "temperatureSensor", temperatureSensor, sensors, "a sensor");
        final String heaterActuator = node.string("heaterActuator", "simulation");
        mustName(node, "heaterActuator", heaterActuator, actuators, "an actuator");
        node.rejectUnknownKeys("'simulation'");
        return new MachineConfig.Simulation("furnace", seed, 0.0, tau, Math.max(0.0, deadTime), Math.max(0.0, noise), null, null,
            node.position(), new MachineConfig.Furnace(ambient, maxRise, tau, Math.max(0.0, deadTime), Math.max(0.0, noise),
            temperatureSensor, heaterActuator));
    }

    /** A number that must not be negative and, when it is not, must be at most {@code max}; reported at its key. */
    static double nonNegative(final YamlNode node, final String key, final double fallback, final double max, final String suffix)
    {
        final double value = node.number(key, "simulation", fallback);
        if (value < 0)
        {
            node.keyProblem(key, key + " must not be negative");
            return value;
        }
        return RangeCheck.within(node, key, "simulation", value, 0.0, max, suffix);
    }

    /** {@code id}, when given, must be one of {@code devices}; reported at its key. */
    static void mustName(
        final YamlNode node, final String key, final String id, final List<MachineConfig.Device> devices, final String what)
    {
        if (id != null && devices.stream().noneMatch(device -> id.equals(device.id())))
        {
            node.keyProblem(key, "'" + id + "' is not " + what + " of this machine");
        }
    }
}
