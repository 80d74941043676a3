package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.CurrentLoopTransmitter;
import io.ironloop.hal.sim.device.Mcp4725Model;
import io.ironloop.hal.sim.plant.PumpPlant;

/**
 * Puts device models on a simulated board's buses and connects them to the machine file's plant:
 * the pressure sensor's transmitter reads the plant, the speed actuator's DAC drives it. Devices the
 * plant does not know get a model with a quiet, mid-scale signal.
 */
final class SimPlantWiring
{
    /** Plant integration step: 1 ms keeps the lag and dead time exact to well under a control tick. */
    private static final long PLANT_STEP_NS = 1_000_000L;

    private SimPlantWiring()
    {
    }

    static PumpPlant attach(final MachineConfig machine, final SimBoard board)
    {
        final MachineConfig.Simulation simulation = machine.simulation();
        final PumpPlant plant = simulation == null ? null : new PumpPlant(simulation.maxPressureBar(),
            simulation.timeConstantS(), simulation.deadTimeS(), simulation.noiseBar(), simulation.seed(), PLANT_STEP_NS);

        for (final MachineConfig.Device device : machine.sensors())
        {
            final MachineConfig.Connection at = device.connection();
            if ("ads1115".equals(device.driver()))
            {
                final MachineConfig.Input input = device.input();
                final boolean fromPlant = plant != null && device.id().equals(simulation.pressureSensor());
                final AnalogSignal process = fromPlant ? plant.dischargePressureBar()
                    : now -> (input.rangeLow() + input.rangeHigh()) / 2.0;
                final AnalogSignal signal = "current-4-20ma".equals(input.type())
                    ? new CurrentLoopTransmitter(process, input.rangeLow(), input.rangeHigh(), input.shuntOhms())
                    : process;
                final AnalogSignal[] ain = new AnalogSignal[4];
                ain[(int)device.integer("channel")] = signal;
                board.i2c(at.bus()).attach(at.address(), new Ads1115Model(ain));
            }
        }
        for (final MachineConfig.Device device : machine.actuators())
        {
            final MachineConfig.Connection at = device.connection();
            if ("mcp4725".equals(device.driver()))
            {
                final boolean toPlant = plant != null && device.id().equals(simulation.speedActuator());
                final double voltsMin = device.number("voltsMin");
                final double voltsSpan = device.number("voltsMax") - voltsMin;
                final AnalogSink speed = toPlant ? plant.speedInput() : null;
                board.i2c(at.bus()).attach(at.address(), new Mcp4725Model(device.number("supplyVolts"),
                    speed == null ? (now, volts) -> { } : (now, volts) -> speed.accept(now, (volts - voltsMin) / voltsSpan)));
            }
        }
        return plant;
    }
}
