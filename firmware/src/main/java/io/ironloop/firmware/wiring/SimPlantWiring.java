package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.Bme280Model;
import io.ironloop.hal.sim.device.Ina219Model;
import io.ironloop.hal.sim.device.Max31855Model;
import io.ironloop.hal.sim.device.Max31865Model;
import io.ironloop.hal.sim.device.Mcp3008Model;
import io.ironloop.hal.sim.device.CurrentLoopTransmitter;
import io.ironloop.hal.sim.device.Mcp4725Model;
import io.ironloop.hal.sim.plant.PumpPlant;

import java.util.HashSet;
import java.util.Set;

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

        final Set<String> chips = new HashSet<>();
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
            else
            {
                attachQuietModel(device, board, chips);
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
            case "mcp3008":
            case "mcp3208":
            {
                final MachineConfig.Input input = device.input();
                final double referenceVolts = device.number("referenceVolts");
                final AnalogSignal signal = input != null && "current-4-20ma".equals(input.type())
                    ? new CurrentLoopTransmitter(quiet((input.rangeLow() + input.rangeHigh()) / 2.0, (input.rangeHigh() - input.rangeLow()) * 0.01),
                        input.rangeLow(), input.rangeHigh(), input.shuntOhms())
                    : quiet(referenceVolts * 0.4, referenceVolts * 0.005);
                final Mcp3008Model model = new Mcp3008Model("mcp3008".equals(device.driver())
                    ? Mcp3008Registers.Variant.MCP3008 : Mcp3008Registers.Variant.MCP3208, referenceVolts);
                model.input((int)device.integer("channel"), signal);
                board.spi(at.bus()).attach(at.chipSelect(), model);
                break;
            }
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

    /** {@code mean} plus a 60 s sine of {@code amplitude}: deterministic (StrictMath) and easy to see on a plot. */
    private static AnalogSignal quiet(final double mean, final double amplitude)
    {
        return nowNs -> mean + amplitude * StrictMath.sin(2.0 * StrictMath.PI * nowNs * 1e-9 / 60.0);
    }
}
