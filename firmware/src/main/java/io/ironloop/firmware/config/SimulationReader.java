package io.ironloop.firmware.config;

import java.util.List;

/** Reads a machine file's {@code simulation:} section: the simulated plant and which devices it connects. */
final class SimulationReader
{
    static final List<String> PLANTS = List.of("pump", "furnace");

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
}
