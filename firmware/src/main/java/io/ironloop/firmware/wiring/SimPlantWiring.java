package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.Vibration;
import io.ironloop.hal.sim.device.Adxl345Model;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.Bme280Model;
import io.ironloop.hal.sim.device.Ina219Model;
import io.ironloop.hal.sim.device.Max31855Model;
import io.ironloop.hal.sim.device.Max31865Model;
import io.ironloop.hal.sim.device.Mcp3008Model;
import io.ironloop.hal.sim.device.CurrentLoopTransmitter;
import io.ironloop.hal.sim.device.Mcp23017Model;
import io.ironloop.hal.sim.device.Mcp4725Model;
import io.ironloop.hal.sim.device.Pca9685Model;
import io.ironloop.hal.sim.plant.FurnacePlant;
import io.ironloop.hal.sim.plant.PumpPlant;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * Closes the simulated contacts that interlocks require (door closed, e-stop released) after the
     * inputs were configured with their pulls, so a simulated machine starts healthy; other inputs
     * stay at rest for their tests and plants to drive.
     */
    static void makeContacts(final MachineConfig machine, final SimBoard board)
    {
        final java.util.Set<String> permissives = new java.util.HashSet<>();
        for (final MachineConfig.Interlock interlock : machine.interlocks())
        {
            if ("permissive".equals(interlock.kind()))
            {
                permissives.add(interlock.sensor());
            }
        }
        for (final MachineConfig.Device device : machine.sensors())
        {
            if ("gpio-input".equals(device.driver()) && permissives.contains(device.id()))
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

        final Set<String> chips = new HashSet<>();
        final Map<String, Ads1115Model> adcs = new HashMap<>();
        final Map<String, Mcp3008Model> spiAdcs = new HashMap<>();
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
                // One model per chip: sensors on other inputs of the same ADS1115 add their signals to it.
                Ads1115Model adc = adcs.get(at.describe());
                if (adc == null)
                {
                    adc = new Ads1115Model();
                    board.i2c(at.bus()).attach(at.address(), adc);
                    adcs.put(at.describe(), adc);
                }
                adc.input((int)device.integer("channel"), signal);
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
            else if ("mcp3008".equals(device.driver()) || "mcp3208".equals(device.driver()))
            {
                attachQuietAdcInput(device, board, spiAdcs);
            }
            else
            {
                attachQuietModel(device, board, chips);
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
                final AnalogSink speed = toPlant ? plant.speedInput() : device.id().equals(furnaceHeater) ? furnace.powerInput() : null;
                board.i2c(at.bus()).attach(at.address(), new Mcp4725Model(device.number("supplyVolts"),
                    speed == null ? (now, volts) -> { } : (now, volts) -> speed.accept(now, (volts - voltsMin) / voltsSpan)));
            }
        }
        return plant;
    }

    /**
     * A model with a quiet, plausible signal for a sensor the plant does not drive: a slow sine of small
     * amplitude around a typical value. One model per chip: sensors sharing a chip (BME280, INA219,
     * MAX31855 quantities) see the same model.
     */
    private static void attachQuietModel(final MachineConfig.Device device, final SimBoard board, final Set<String> chips)
    {
        final MachineConfig.Connection at = device.connection();
        if (at == null || !chips.add(at.describe()))
        {
            return;
        }
        switch (device.driver())
        {
            case "max31855":
                board.spi(at.bus()).attach(at.chipSelect(), new Max31855Model(quiet(180.0, 2.0), quiet(25.0, 0.2)));
                break;
            case "max31865":
            {
                final double r0 = "pt1000".equals(device.text("element")) ? 1000.0 : 100.0;
                board.spi(at.bus()).attach(at.chipSelect(), new Max31865Model(quiet(60.0, 0.5), r0, device.number("referenceOhms")));
                break;
            }
            case "bme280":
            {
                final Bme280Model model = new Bme280Model(quiet(22.0, 0.3), quiet(101_325.0, 50.0), quiet(45.0, 1.0));
                if (at.kind() == DriverCatalog.Connection.SPI)
                {
                    board.spi(at.bus()).attach(at.chipSelect(), model.spi());
                }
                else
                {
                    board.i2c(at.bus()).attach(at.address(), model);
                }
                break;
            }
            case "ina219":
                board.i2c(at.bus()).attach(at.address(), new Ina219Model(quiet(device.number("maxCurrentA") * 0.4,
                    device.number("maxCurrentA") * 0.01), quiet(24.0, 0.05), device.number("shuntOhms")));
                break;
            default:
                chips.remove(at.describe());
                break;
        }
    }

    /**
     * A quiet signal on one input of an MCP3008/MCP3208, one model per chip select: each sensor on the
     * chip drives its own channel (40 % of the reference, or mid-range of its 4-20 mA input).
     */
    private static void attachQuietAdcInput(final MachineConfig.Device device, final SimBoard board, final Map<String, Mcp3008Model> models)
    {
        final MachineConfig.Connection at = device.connection();
        final MachineConfig.Input input = device.input();
        final double referenceVolts = device.number("referenceVolts");
        final int channel = (int)device.integer("channel");
        final AnalogSignal signal = input != null && "current-4-20ma".equals(input.type())
            ? new CurrentLoopTransmitter(quiet((input.rangeLow() + input.rangeHigh()) / 2.0, (input.rangeHigh() - input.rangeLow()) * 0.01),
                input.rangeLow(), input.rangeHigh(), input.shuntOhms())
            : quiet(referenceVolts * 0.4, referenceVolts * 0.005);
        Mcp3008Model model = models.get(at.describe());
        if (model == null)
        {
            model = new Mcp3008Model("mcp3008".equals(device.driver())
                ? Mcp3008Registers.Variant.MCP3008 : Mcp3008Registers.Variant.MCP3208, referenceVolts);
            board.spi(at.bus()).attach(at.chipSelect(), model);
            models.put(at.describe(), model);
        }
        model.input(channel, signal);
    }

    /** {@code mean} plus a 60 s sine of {@code amplitude}: deterministic (StrictMath) and easy to see on a plot. */
    private static AnalogSignal quiet(final double mean, final double amplitude)
    {
        return nowNs -> mean + amplitude * StrictMath.sin(2.0 * StrictMath.PI * nowNs * 1e-9 / 60.0);
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
