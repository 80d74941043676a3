package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.CurrentLoopTransmitter;
import io.ironloop.hal.sim.device.Mcp4725Model;
import io.ironloop.hal.sim.plant.FurnacePlant;
import io.ironloop.hal.sim.plant.PumpPlant;

/**
 * Puts device models on a simulated board's buses and connects them to the machine file's plant:
 * the pressure sensor's transmitter reads the plant, the speed actuator's DAC drives it. Devices the
 * plant does not know get a model with a quiet, mid-scale signal. A furnace plant instead feeds its
 * temperature sensor and takes its heater actuator. Simulated digital inputs (door contacts, e-stop
 * chains) are driven to their active level: the contact is made until a test opens it.
 */
final class SimPlantWiring
{
    /** Plant integration step: 1 ms keeps the lag and dead time exact to well under a control tick. */
    private static final long PLANT_STEP_NS = 1_000_000L;

    private SimPlantWiring()
    {
    }

    /** Drives every simulated digital input to its active level (after the inputs were configured with their pulls). */
    static void makeContacts(final MachineConfig machine, final SimBoard board)
    {
        for (final MachineConfig.Device device : machine.sensors())
        {
            if ("gpio-input".equals(device.driver()))
            {
                board.line(device.connection().pin()).drive(!device.flag("activeLow"));
            }
        }
    }

    static PumpPlant attach(final MachineConfig machine, final SimBoard board)
    {
        return attach(machine, board, null);
    }

    /** The furnace plant of a {@code plant: furnace} simulation, or null. */
    static FurnacePlant furnace(final MachineConfig machine)
    {
        final MachineConfig.Simulation simulation = machine.simulation();
        if (simulation == null || simulation.furnace() == null)
        {
            return null;
        }
        final MachineConfig.Furnace furnace = simulation.furnace();
        return new FurnacePlant(furnace.ambientC(), furnace.maxRiseC(), furnace.timeConstantS(), furnace.deadTimeS(),
            furnace.noiseC(), simulation.seed(), PLANT_STEP_NS);
    }

    static PumpPlant attach(final MachineConfig machine, final SimBoard board, final FurnacePlant furnace)
    {
        final MachineConfig.Simulation simulation = machine.simulation();
        final PumpPlant plant = simulation == null || furnace != null ? null : new PumpPlant(simulation.maxPressureBar(),
            simulation.timeConstantS(), simulation.deadTimeS(), simulation.noiseBar(), simulation.seed(), PLANT_STEP_NS);
        final String furnaceSensor = furnace == null ? null : simulation.furnace().temperatureSensor();
        final String furnaceHeater = furnace == null ? null : simulation.furnace().heaterActuator();

        for (final MachineConfig.Device device : machine.sensors())
        {
            final MachineConfig.Connection at = device.connection();
            if ("ads1115".equals(device.driver()))
            {
                final MachineConfig.Input input = device.input();
                final boolean fromPlant = plant != null && device.id().equals(simulation.pressureSensor());
                final AnalogSignal process = fromPlant ? plant.dischargePressureBar()
                    : device.id().equals(furnaceSensor) ? furnace.temperatureC()
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
                final AnalogSink speed = toPlant ? plant.speedInput() : device.id().equals(furnaceHeater) ? furnace.powerInput() : null;
                board.i2c(at.bus()).attach(at.address(), new Mcp4725Model(device.number("supplyVolts"),
                    speed == null ? (now, volts) -> { } : (now, volts) -> speed.accept(now, (volts - voltsMin) / voltsSpan)));
            }
        }
        return plant;
    }
}
