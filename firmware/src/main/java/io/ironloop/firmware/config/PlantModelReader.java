package io.ironloop.firmware.config;

import java.util.List;

/**
 * Reads the {@link SimulatedPlant} models of a {@code simulation:} section ({@code plant: first-order,
 * second-order, pump-system, tank}). Every number has a physical range and is reported at its value as
 * {@code file:line:column}; every device named must exist on the machine.
 */
final class PlantModelReader
{
    private static final String OWNER = "simulation";
    private static final double MAX_FLOW_M3H = 100_000.0;
    private static final double MAX_HEAD_M = 2_000.0;
    /** Above 100 Hz a 1 ms integration step and the sensors' rates no longer resolve the oscillation. */
    private static final double MAX_NATURAL_FREQUENCY_HZ = 100.0;

    private PlantModelReader()
    {
    }

    static SimulatedPlant model(final String plant, final YamlNode node, final List<MachineConfig.Device> sensors,
        final List<MachineConfig.Device> actuators)
    {
        return switch (plant)
        {
            case "first-order" -> firstOrder(node, sensors, actuators);
            case "second-order" -> secondOrder(node, sensors, actuators);
            case "pump-system" -> pumpSystem(node, sensors, actuators);
            default -> tank(node, sensors, actuators);
        };
    }

    private static SimulatedPlant firstOrder(final YamlNode node, final List<MachineConfig.Device> sensors,
        final List<MachineConfig.Device> actuators)
    {
        final double offset = RangeCheck.engineering(node, "offset", OWNER, node.number("offset", OWNER, 0.0));
        final double gain = gain(node);
        final double tau = positive(node, "timeConstantS", 10.0, RangeCheck.DAY_S, " s");
        final double deadTime = SimulationReader.nonNegative(node, "deadTimeS", 1.0, SimulationReader.MAX_DEAD_TIME_S, " s");
        final double noise = SimulationReader.nonNegative(node, "noise", 0.0, Math.max(0.0, Math.abs(gain)), " (at most the gain)");
        return new SimulatedPlant.FirstOrder(offset, gain, tau, deadTime, noise, sensor(node, "sensor", true, sensors),
            actuator(node, actuators));
    }

    private static SimulatedPlant secondOrder(final YamlNode node, final List<MachineConfig.Device> sensors,
        final List<MachineConfig.Device> actuators)
    {
        final double offset = RangeCheck.engineering(node, "offset", OWNER, node.number("offset", OWNER, 0.0));
        final double gain = gain(node);
        final double fn = positive(node, "naturalFrequencyHz", 0.1, MAX_NATURAL_FREQUENCY_HZ, " Hz");
        final double damping = SimulationReader.nonNegative(node, "damping", 0.5, 100.0, "");
        final double deadTime = SimulationReader.nonNegative(node, "deadTimeS", 0.0, SimulationReader.MAX_DEAD_TIME_S, " s");
        final double noise = SimulationReader.nonNegative(node, "noise", 0.0, Math.max(0.0, Math.abs(gain)), " (at most the gain)");
        return new SimulatedPlant.SecondOrder(offset, gain, fn, damping, deadTime, noise, sensor(node, "sensor", true, sensors),
            actuator(node, actuators));
    }

    private static SimulatedPlant pumpSystem(final YamlNode node, final List<MachineConfig.Device> sensors,
        final List<MachineConfig.Device> actuators)
    {
        final double shutoff = positive(node, "shutoffHeadM", 50.0, MAX_HEAD_M, " m");
        final double maxFlow = positive(node, "maxFlowM3h", 100.0, MAX_FLOW_M3H, " m3/h");
        final double staticHead = SimulationReader.nonNegative(node, "staticHeadM", 0.0, MAX_HEAD_M, " m");
        if (staticHead >= shutoff && node.has("staticHeadM"))
        {
            node.keyProblem("staticHeadM", "'staticHeadM' in simulation (" + staticHead + " m) must be below 'shutoffHeadM' ("
                + shutoff + " m): the pump could never lift it");
        }
        final double friction = positive(node, "frictionHeadM", 20.0, MAX_HEAD_M, " m");
        final double rated = positive(node, "ratedFlowM3h", 60.0, MAX_FLOW_M3H, " m3/h");
        final double length = positive(node, "pipeLengthM", 50.0, 100_000.0, " m");
        final double diameter = positive(node, "pipeDiameterM", 0.1, 10.0, " m");
        final double speedTau = positive(node, "speedTimeConstantS", 1.0, 600.0, " s");
        final double density = RangeCheck.within(node, "densityKgM3", OWNER, node.positive("densityKgM3", OWNER, 1000.0),
            500.0, 2000.0, " kg/m3");
        final double noiseBar = SimulationReader.nonNegative(node, "noiseBar", 0.0, 100.0, " bar");
        final double noiseM3h = SimulationReader.nonNegative(node, "noiseM3h", 0.0, maxFlow, " m3/h (at most maxFlowM3h)");
        final String pressureSensor = sensor(node, "pressureSensor", false, sensors);
        final String flowSensor = sensor(node, "flowSensor", false, sensors);
        if (!node.has("pressureSensor") && !node.has("flowSensor"))
        {
            node.problem("'simulation' with plant pump-system needs 'pressureSensor' or 'flowSensor' (or both)");
        }
        return new SimulatedPlant.PumpSystem(shutoff, maxFlow, staticHead, friction, rated, length, diameter, speedTau, density,
            noiseBar, noiseM3h, pressureSensor, flowSensor, actuator(node, actuators));
    }

    private static SimulatedPlant tank(final YamlNode node, final List<MachineConfig.Device> sensors,
        final List<MachineConfig.Device> actuators)
    {
        final double area = positive(node, "areaM2", 1.0, 10_000.0, " m2");
        final double height = positive(node, "heightM", 2.0, 100.0, " m");
        final double initial = SimulationReader.nonNegative(node, "initialLevelM", 0.0, height, " m (at most heightM)");
        final String inflow = oneOf(node, "inflow", "valve", List.of("valve", "pump"));
        final double maxInflow = positive(node, "maxInflowM3h", 10.0, MAX_FLOW_M3H, " m3/h");
        final double deadTime = SimulationReader.nonNegative(node, "deadTimeS", 0.0, SimulationReader.MAX_DEAD_TIME_S, " s");
        final String outflow = oneOf(node, "outflow", "gravity", List.of("gravity", "pump"));
        final double outflowM3h = SimulationReader.nonNegative(node, "outflowM3h", 5.0, MAX_FLOW_M3H, " m3/h");
        final double noise = SimulationReader.nonNegative(node, "noiseM", 0.0, height, " m (at most heightM)");
        return new SimulatedPlant.Tank(area, height, initial, inflow, maxInflow, deadTime, outflow, outflowM3h, noise,
            sensor(node, "levelSensor", true, sensors), sensor(node, "outflowSensor", false, sensors), actuator(node, actuators));
    }

    private static double gain(final YamlNode node)
    {
        final double gain = RangeCheck.engineering(node, "gain", OWNER, node.number("gain", OWNER));
        if (gain == 0.0)
        {
            node.keyProblem("gain", "'gain' in simulation must not be 0: the actuator would not move the process");
        }
        return Double.isNaN(gain) || gain == 0.0 ? 1.0 : gain;
    }

    /** A number greater than 0 and at most {@code max}; the fallback when absent. */
    private static double positive(final YamlNode node, final String key, final double fallback, final double max, final String unit)
    {
        return RangeCheck.within(node, key, OWNER, node.positive(key, OWNER, fallback), 0.0, max, unit);
    }

    private static String oneOf(final YamlNode node, final String key, final String fallback, final List<String> allowed)
    {
        final String value = node.string(key, OWNER, fallback);
        if (value != null && !allowed.contains(value))
        {
            node.keyProblem(key, "'" + key + "' in simulation must be one of: " + String.join(", ", allowed) + ", got '" + value + "'");
            return fallback;
        }
        return value;
    }

    private static String sensor(final YamlNode node, final String key, final boolean required, final List<MachineConfig.Device> sensors)
    {
        final String id = required ? node.string(key, OWNER) : node.string(key, OWNER, null);
        SimulationReader.mustName(node, key, id, sensors, "a sensor");
        return id;
    }

    private static String actuator(final YamlNode node, final List<MachineConfig.Device> actuators)
    {
        final String id = node.string("actuator", OWNER);
        SimulationReader.mustName(node, "actuator", id, actuators, "an actuator");
        return id;
    }
}
