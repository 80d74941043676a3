package io.ironloop.firmware.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The plant models of a machine file's {@code simulation:} section beyond the original pump and
 * furnace ({@code plant: first-order | second-order | pump-system | tank}), as read and checked by
 * {@link SimulationReader}. Each names the actuator that drives it and the sensors that measure it.
 * Flows are in m3/h, heads and levels in m, pressures in bar, as on a pump data sheet.
 */
public sealed interface SimulatedPlant
{
    /** The actuator that drives the plant's one input. */
    String actuator();

    /** The sensors that measure the plant's outputs (those the configuration names), in output order. */
    List<String> sensors();

    private static List<String> named(final String... ids)
    {
        return Arrays.stream(ids).filter(Objects::nonNull).toList();
    }

    /** First order plus dead time: {@code tau y' = offset + gain u(t - deadTime) - y}. */
    record FirstOrder(double offset, double gain, double timeConstantS, double deadTimeS, double noise, String sensor,
        String actuator) implements SimulatedPlant
    {
        @Override
        public List<String> sensors()
        {
            return named(sensor);
        }
    }

    /** Second order plus dead time: natural frequency, damping ratio, gain. */
    record SecondOrder(double offset, double gain, double naturalFrequencyHz, double damping, double deadTimeS, double noise,
        String sensor, String actuator) implements SimulatedPlant
    {
        @Override
        public List<String> sensors()
        {
            return named(sensor);
        }
    }

    /** A variable-speed pump on a system curve {@code H = staticHead + k Q^2}; pressure and flow out. */
    record PumpSystem(double shutoffHeadM, double maxFlowM3h, double staticHeadM, double frictionHeadM, double ratedFlowM3h,
        double pipeLengthM, double pipeDiameterM, double speedTimeConstantS, double densityKgM3, double noiseBar, double noiseM3h,
        String pressureSensor, String flowSensor, String actuator) implements SimulatedPlant
    {
        @Override
        public List<String> sensors()
        {
            return named(pressureSensor, flowSensor);
        }
    }

    /** A tank filled through a valve or by a pump, emptied by gravity or by a pump; level (and outflow) out. */
    record Tank(double areaM2, double heightM, double initialLevelM, String inflow, double maxInflowM3h, double deadTimeS,
        String outflow, double outflowM3h, double noiseM, String levelSensor, String outflowSensor, String actuator)
        implements SimulatedPlant
    {
        @Override
        public List<String> sensors()
        {
            return named(levelSensor, outflowSensor);
        }
    }
}
