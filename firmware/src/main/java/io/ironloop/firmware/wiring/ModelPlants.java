package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.SimulatedPlant;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.plant.FirstOrderDeadTimePlant;
import io.ironloop.plant.Plant;
import io.ironloop.plant.PumpSystemPlant;
import io.ironloop.plant.SecondOrderPlant;
import io.ironloop.plant.TankPlant;

/**
 * Builds a {@link SimulatedPlant} model from its checked configuration and says which of its outputs a
 * sensor measures and which actuator drives it, as the signals and sinks the sim device models take.
 */
final class ModelPlants
{
    private ModelPlants()
    {
    }

    static Plant build(final SimulatedPlant model, final long seed, final long stepNs)
    {
        if (model instanceof SimulatedPlant.FirstOrder p)
        {
            return new FirstOrderDeadTimePlant(p.offset(), p.gain(), p.timeConstantS(), p.deadTimeS(), p.noise(), seed, stepNs);
        }
        if (model instanceof SimulatedPlant.SecondOrder p)
        {
            return new SecondOrderPlant(p.offset(), p.gain(), p.naturalFrequencyHz(), p.damping(), p.deadTimeS(), p.noise(), seed, stepNs);
        }
        if (model instanceof SimulatedPlant.PumpSystem p)
        {
            return new PumpSystemPlant(p.shutoffHeadM(), p.maxFlowM3h(), p.staticHeadM(), p.frictionHeadM(), p.ratedFlowM3h(),
                p.pipeLengthM(), p.pipeDiameterM(), p.speedTimeConstantS(), p.densityKgM3(), p.noiseBar(), p.noiseM3h(), seed, stepNs);
        }
        final SimulatedPlant.Tank p = (SimulatedPlant.Tank)model;
        return new TankPlant(p.areaM2(), p.heightM(), p.initialLevelM(), p.maxInflowM3h(), p.deadTimeS(),
            "pump".equals(p.outflow()) ? TankPlant.Outflow.PUMP : TankPlant.Outflow.GRAVITY, p.outflowM3h(), p.noiseM(), seed, stepNs);
    }

    /** The output of {@code plant} the sensor {@code id} measures, or null. */
    static AnalogSignal signal(final SimulatedPlant model, final Plant plant, final String id)
    {
        final int output = output(model, id);
        return output < 0 ? null : nowNs -> plant.measuredAt(output, nowNs);
    }

    /** The plant's input when {@code id} is its actuator, or null. */
    static AnalogSink input(final SimulatedPlant model, final Plant plant, final String id)
    {
        return id.equals(model.actuator()) ? (nowNs, fraction) -> plant.input(fraction) : null;
    }

    private static int output(final SimulatedPlant model, final String id)
    {
        if (model instanceof SimulatedPlant.FirstOrder p)
        {
            return id.equals(p.sensor()) ? 0 : -1;
        }
        if (model instanceof SimulatedPlant.SecondOrder p)
        {
            return id.equals(p.sensor()) ? 0 : -1;
        }
        if (model instanceof SimulatedPlant.PumpSystem p)
        {
            return id.equals(p.pressureSensor()) ? PumpSystemPlant.PRESSURE : id.equals(p.flowSensor()) ? PumpSystemPlant.FLOW : -1;
        }
        final SimulatedPlant.Tank p = (SimulatedPlant.Tank)model;
        return id.equals(p.levelSensor()) ? TankPlant.LEVEL : id.equals(p.outflowSensor()) ? TankPlant.OUTFLOW : -1;
    }
}
