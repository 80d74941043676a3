package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.Vibration;
import io.ironloop.hal.sim.device.Adxl345Model;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.CurrentLoopTransmitter;
import io.ironloop.hal.sim.device.Mcp23017Model;
import io.ironloop.hal.sim.device.Mcp4725Model;
import io.ironloop.hal.sim.device.Pca9685Model;
import io.ironloop.hal.sim.plant.PumpPlant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
                final AnalogSignal signal;
                if ("current-4-20ma".equals(input.type()))
                {
                    signal = new CurrentLoopTransmitter(process, input.rangeLow(), input.rangeHigh(), input.shuntOhms());
                }
                else if ("voltage-0-10v".equals(input.type()))
                {
                    // A 0-10 V transmitter behind the input divider: the ADC sees terminal volts / ratio.
                    final double voltsPerUnit = 10.0 / (input.rangeHigh() - input.rangeLow());
                    signal = now -> (process.valueAt(now) - input.rangeLow()) * voltsPerUnit / input.dividerRatio();
                }
                else
                {
                    signal = process;
                }
                final AnalogSignal[] ain = new AnalogSignal[4];
                ain[(int)device.integer("channel")] = signal;
                board.i2c(at.bus()).attach(at.address(), new Ads1115Model(ain));
            }
            else if ("adxl345".equals(device.driver()) || "adxl345-spi".equals(device.driver()))
            {
                final Adxl345Model accelerometer = vibratingMachine(simulation == null ? 1L : simulation.seed() + device.id().hashCode());
                if ("adxl345".equals(device.driver()))
                {
                    board.i2c(at.bus()).attach(at.address(), accelerometer);
                }
                else
                {
                    board.spi(at.bus()).attach(at.chipSelect(), accelerometer);
                }
            }
        }
        attachSharedChips(machine, board);
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

    /**
     * A machine frame vibrating at 25 Hz (1x of a 1500 rpm drive), 0.2 g peak across, a little on the
     * other axis, gravity on z, with seeded noise: enough for the ADXL345 chain to show a level.
     */
    private static Adxl345Model vibratingMachine(final long seed)
    {
        return new Adxl345Model(
            new Vibration(0.0, 0.2, 25.0, 0.02, seed),
            new Vibration(0.0, 0.05, 25.0, 0.02, seed + 1),
            new Vibration(1.0, 0.0, 25.0, 0.02, seed + 2));
    }

    /** One model per expander or PWM chip, however many devices use its pins or channels. */
    private static void attachSharedChips(final MachineConfig machine, final SimBoard board)
    {
        final Map<String, Object> attached = new HashMap<>();
        for (final List<MachineConfig.Device> devices : List.of(machine.sensors(), machine.actuators()))
        {
            for (final MachineConfig.Device device : devices)
            {
                final MachineConfig.Connection at = device.connection();
                final String key = at.bus() + "/" + at.address();
                if (device.driver().startsWith("mcp23017-") && !attached.containsKey(key))
                {
                    final Mcp23017Model expander = new Mcp23017Model();
                    board.i2c(at.bus()).attach(at.address(), expander);
                    attached.put(key, expander);
                }
                else if ("pca9685".equals(device.driver()) && !attached.containsKey(key))
                {
                    final Pca9685Model pwm = new Pca9685Model();
                    board.i2c(at.bus()).attach(at.address(), pwm);
                    attached.put(key, pwm);
                }
            }
        }
    }
}
