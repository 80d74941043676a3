package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.driver.DriverSpec;
import io.ironloop.firmware.driver.DriverSpecs;
import io.ironloop.firmware.driver.SimModels;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.plant.FurnacePlant;
import io.ironloop.plant.Plant;
import io.ironloop.plant.PumpPlant;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the machine file's plant and connects it to the device models on a simulated board: the
 * pressure sensor's transmitter reads the plant, the speed actuator's DAC drives it; a furnace plant
 * instead feeds its temperature sensor and takes its heater actuator. Which model answers for a
 * device is its driver spec's choice; a {@code SimulatedPlant} model (first or second order, pump on a system
 * curve, tank) feeds the sensors and takes the actuator its configuration names; devices the plant does not know get a quiet signal. Simulated
 * digital inputs (door contacts, e-stop chains) are driven to their active level: the contact is
 * made until a test opens it.
 */
final class SimPlantWiring
{
    /** Plant integration step: 1 ms keeps the lag and dead time exact to well under a control tick. */
    private static final long PLANT_STEP_NS = 1_000_000L;

    private SimPlantWiring()
    {
    }

    /**
     * Closes the simulated contacts that interlocks require (door closed, e-stop released) after the
     * inputs were configured with their pulls, so a simulated machine starts healthy; other inputs
     * stay at rest for their tests and plants to drive.
     */
    static void makeContacts(final MachineConfig machine, final SimBoard board)
    {
        final Set<String> permissives = new HashSet<>();
        for (final MachineConfig.Interlock interlock : machine.interlocks())
        {
            if ("permissive".equals(interlock.kind()))
            {
                permissives.add(interlock.sensor());
            }
        }
        for (final MachineConfig.Device device : machine.sensors())
        {
            final DriverSpec spec = DriverSpecs.spec(device.driver());
            if (spec != null && permissives.contains(device.id()))
            {
                spec.makeContact(device, board);
            }
        }
    }

    static PumpPlant attach(final MachineConfig machine, final SimBoard board)
    {
        return attach(machine, board, null, null);
    }

    /** The plant of a {@code SimulatedPlant} model simulation (first-order, second-order, pump-system, tank), or null. */
    static Plant model(final MachineConfig machine)
    {
        final MachineConfig.Simulation simulation = machine.simulation();
        return simulation == null || simulation.model() == null ? null
            : ModelPlants.build(simulation.model(), simulation.seed(), PLANT_STEP_NS);
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

    static PumpPlant attach(final MachineConfig machine, final SimBoard board, final FurnacePlant furnace, final Plant model)
    {
        final MachineConfig.Simulation simulation = machine.simulation();
        final PumpPlant plant = simulation == null || furnace != null || model != null ? null : new PumpPlant(simulation.maxPressureBar(),
            simulation.timeConstantS(), simulation.deadTimeS(), simulation.noiseBar(), simulation.seed(), PLANT_STEP_NS);
        final String furnaceSensor = furnace == null ? null : simulation.furnace().temperatureSensor();
        final String furnaceHeater = furnace == null ? null : simulation.furnace().heaterActuator();
        final SimModels models = new SimModels(board,
            id -> board.overrides().signal(id, model != null ? ModelPlants.signal(simulation.model(), model, id)
                : plantSignal(id, plant, simulation, furnace, furnaceSensor)),
            id -> board.overrides().sink(id, model != null ? ModelPlants.input(simulation.model(), model, id)
                : plantInput(id, plant, simulation, furnace, furnaceHeater)),
            id -> simulation == null ? 1L : simulation.seed() + id.hashCode());
        for (final List<MachineConfig.Device> devices : List.of(machine.sensors(), machine.actuators()))
        {
            for (final MachineConfig.Device device : devices)
            {
                final DriverSpec spec = DriverSpecs.spec(device.driver());
                if (spec != null && device.connection() != null)
                {
                    spec.simulate(device, models);
                }
            }
        }
        return plant;
    }

    private static AnalogSignal plantSignal(final String id, final PumpPlant plant, final MachineConfig.Simulation simulation,
        final FurnacePlant furnace, final String furnaceSensor)
    {
        if (plant != null && id.equals(simulation.pressureSensor()))
        {
            return plant::measuredPressureBar;
        }
        return id.equals(furnaceSensor) ? furnace::measuredTemperatureC : null;
    }

    private static AnalogSink plantInput(final String id, final PumpPlant plant, final MachineConfig.Simulation simulation,
        final FurnacePlant furnace, final String furnaceHeater)
    {
        if (plant != null && id.equals(simulation.speedActuator()))
        {
            return (nowNs, fraction) -> plant.speed(fraction);
        }
        return id.equals(furnaceHeater) ? (nowNs, fraction) -> furnace.power(fraction) : null;
    }
}
