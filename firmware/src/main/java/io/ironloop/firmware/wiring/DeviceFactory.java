package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.I2cRegisterBus;
import io.ironloop.hal.driver.RegisterBus;
import io.ironloop.hal.driver.SpiRegisterBus;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.driver.ads1115.Ads1115Hub;
import io.ironloop.hal.driver.bme280.Bme280;
import io.ironloop.hal.driver.bme280.Bme280Registers;
import io.ironloop.hal.driver.ina219.Ina219;
import io.ironloop.hal.driver.max31855.Max31855;
import io.ironloop.hal.driver.max31865.Max31865;
import io.ironloop.hal.driver.mcp3008.Mcp3008Hub;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers;
import io.ironloop.hal.driver.adxl345.Adxl345;
import io.ironloop.hal.driver.adxl345.Adxl345Registers;
import io.ironloop.hal.driver.gpio.DebouncedInput;
import io.ironloop.hal.driver.gpio.DigitalOutputActuator;
import io.ironloop.hal.driver.gpio.PulseInput;
import io.ironloop.hal.driver.mcp23017.Mcp23017;
import io.ironloop.hal.driver.mcp23017.Mcp23017Output;
import io.ironloop.hal.driver.mcp4725.Mcp4725;
import io.ironloop.hal.driver.pca9685.Pca9685;
import io.ironloop.hal.driver.pca9685.Pca9685Output;
import io.ironloop.hal.gpio.DigitalInput;
import io.ironloop.hal.signal.ClampFilter;
import io.ironloop.hal.signal.ConditionedSensor;
import io.ironloop.hal.signal.CurrentLoopScaling;
import io.ironloop.hal.signal.DeltaFilter;
import io.ironloop.hal.signal.EmaFilter;
import io.ironloop.hal.signal.LinearCalibration;
import io.ironloop.hal.signal.MedianFilter;
import io.ironloop.hal.signal.MovingAverageFilter;
import io.ironloop.hal.signal.PolynomialCalibration;
import io.ironloop.hal.signal.SignalStage;
import io.ironloop.hal.signal.ThrottleFilter;
import io.ironloop.hal.signal.TimeoutFilter;
import io.ironloop.hal.signal.VoltageInputScaling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Builds drivers and their conditioning chains from validated device entries. */
final class DeviceFactory
{
    private final BoardIo io;
    /** Multi-quantity chips by bus and address, so a machine file's sensors of one BME280 share one driver. */
    private final Map<String, Bme280> bme280s = new HashMap<>();
    /** Chips several devices share, by bus/address: one driver instance per chip. */
    private final Map<String, Mcp23017> expanders = new HashMap<>();
    private final Map<String, Pca9685> pwmChips = new HashMap<>();
    /** ADCs whose inputs several sensors use: one hub per chip, each sensor one of its channels. */
    private final Map<String, Ads1115Hub> ads1115Hubs = new HashMap<>();
    private final Map<String, Mcp3008Hub> mcp3008Hubs = new HashMap<>();
    /** Sensors per ADS1115 chip in the machine: a chip with one runs in continuous mode, with more it scans. */
    private final Map<String, Integer> ads1115Users = new HashMap<>();

    DeviceFactory(final BoardIo io)
    {
        this.io = io;
    }

    /** A factory that knows which ADC inputs of {@code machine} share a chip. */
    DeviceFactory(final BoardIo io, final MachineConfig machine)
    {
        this(io);
        for (final MachineConfig.Device device : machine.sensors())
        {
            if ("ads1115".equals(device.driver()))
            {
                ads1115Users.merge(device.connection().describe(), 1, Integer::sum);
            }
        }
    }

    Sensor sensor(final MachineConfig.Device device) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final Sensor raw;
        switch (device.driver())
        {
            case "ads1115":
                if (ads1115Users.getOrDefault(at.describe(), 1) > 1)
                {
                    Ads1115Hub hub = ads1115Hubs.get(at.describe());
                    if (hub == null)
                    {
                        hub = new Ads1115Hub(device.id(), io.i2c(at.bus()), at.address());
                        ads1115Hubs.put(at.describe(), hub);
                    }
                    raw = hub.channel(device.id(), (int)device.integer("channel"), device.number("fullScaleVolts"),
                        (int)device.integer("dataRate"));
                }
                else
                {
                    raw = new Ads1115(device.id(), io.i2c(at.bus()), at.address(), (int)device.integer("channel"),
                        device.number("fullScaleVolts"), (int)device.integer("dataRate"));
                }
                break;
            case "gpio-input":
            {
                final int pin = at.pin();
                final BoardIo.Pull pull = pull(device);
                raw = new DebouncedInput(device.id(), () ->
                {
                    final DigitalInput line = io.digitalInput(pin, pull);
                    return nowNs -> line.isHigh() ? 1 : 0;
                }, device.flag("activeLow"), Math.round(device.number("debounceMs") * 1e6));
                break;
            }
            case "mcp23017-input":
            {
                final Mcp23017 chip = expander(device);
                final int pin = (int)device.integer("expanderPin");
                final boolean pullUp = device.flag("pullUp");
                raw = new DebouncedInput(device.id(), () ->
                {
                    chip.configureInput(pin, pullUp);
                    return nowNs -> chip.readPin(pin);
                }, device.flag("activeLow"), Math.round(device.number("debounceMs") * 1e6), chip);
                break;
            }
            case "pulse-input":
            {
                final int pin = at.pin();
                final BoardIo.Pull pull = pull(device);
                final PulseInput.Measure measure = "total".equals(device.text("measure")) ? PulseInput.Measure.TOTAL : PulseInput.Measure.RATE;
                final Unit unit = explicitUnit(device) != null ? explicitUnit(device) : measure == PulseInput.Measure.TOTAL ? Unit.COUNT : Unit.NONE;
                raw = new PulseInput(device.id(), () -> io.pulseCounter(pin, pull), device.number("pulsesPerUnit"),
                    Math.round(device.number("gateMs") * 1e6), measure, "min".equals(device.text("per")), unit);
                break;
            }
            case "adxl345":
                raw = adxl345(device, new I2cRegisterBus(io.i2c(at.bus()), at.address()));
                break;
            case "adxl345-spi":
                raw = adxl345(device, new SpiRegisterBus(io.spi(at.bus()), at.chipSelect(), Adxl345Registers.SPI));
                break;
            case "mcp3008":
            case "mcp3208":
            {
                final Mcp3008Registers.Variant variant = "mcp3008".equals(device.driver()) ? Mcp3008Registers.Variant.MCP3008
                    : Mcp3008Registers.Variant.MCP3208;
                Mcp3008Hub hub = mcp3008Hubs.get(at.describe());
                if (hub == null)
                {
                    hub = new Mcp3008Hub(variant, io.spi(at.bus()), at.chipSelect(), device.number("referenceVolts"));
                    mcp3008Hubs.put(at.describe(), hub);
                }
                raw = hub.channel(device.id(), (int)device.integer("channel"));
                break;
            }
            case "max31855":
                raw = new Max31855(device.id(), io.spi(at.bus()), at.chipSelect(),
                    "cold-junction".equals(device.text("quantity")) ? Max31855.Quantity.COLD_JUNCTION : Max31855.Quantity.THERMOCOUPLE);
                break;
            case "max31865":
                raw = new Max31865(device.id(), io.spi(at.bus()), at.chipSelect(),
                    Max31865.Element.valueOf(device.text("element").toUpperCase(Locale.ROOT)), device.number("referenceOhms"),
                    (int)device.integer("wires"), (int)device.integer("filterHz"));
                break;
            case "bme280":
                raw = bme280(device).channel(device.id(), Bme280.Quantity.valueOf(device.text("quantity").toUpperCase(Locale.ROOT)));
                break;
            case "ina219":
                raw = new Ina219(device.id(), io.i2c(at.bus()), at.address(),
                    Ina219.Quantity.valueOf(device.text("quantity").toUpperCase(Locale.ROOT).replace('-', '_')),
                    device.number("shuntOhms"), device.number("maxCurrentA"), (int)device.integer("busRangeVolts"),
                    (int)device.integer("shuntRangeMv"));
                break;
            default:
                throw new HardwareException("sensor '" + device.id() + "': driver '" + device.driver() + "' has no wiring yet");
        }
        // Bus errors become FAULT readings with backoff and, after repeated failures, a device reset (hal SupervisedSensor).
        final MachineConfig.Supervision supervision = device.supervision();
        final Sensor supervised = new SupervisedSensor(raw, supervision.resetAfter(), Math.round(supervision.backoffMs() * 1e6),
            Math.round(supervision.maxBackoffMs() * 1e6), supervision.checkRegistersEvery(), Math.round(supervision.frozenAfterMs() * 1e6));
        final Unit unit = explicitUnit(device);
        return new ConditionedSensor(supervised, unit == null ? raw.unit() : unit, stages(device));
    }

    private Bme280 bme280(final MachineConfig.Device device) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final String key = at.describe();
        Bme280 chip = bme280s.get(key);
        if (chip == null)
        {
            chip = new Bme280(device.id(), at.kind() == DriverCatalog.Connection.SPI
                ? new SpiRegisterBus(io.spi(at.bus()), at.chipSelect(), Bme280Registers.SPI) : new I2cRegisterBus(io.i2c(at.bus()), at.address()));
            bme280s.put(key, chip);
        }
        return chip;
    }

    /**
     * The unit the machine file gives a sensor's conditioned value, or null when it leaves it to the
     * driver: an {@code input} of type none with the default unit (volts) is the driver's own unit.
     */
    private static Unit explicitUnit(final MachineConfig.Device device)
    {
        final MachineConfig.Input input = device.input();
        if (input == null || "none".equals(input.type()) && input.unit() == Unit.VOLT)
        {
            return null;
        }
        return input.unit();
    }

    private static BoardIo.Pull pull(final MachineConfig.Device device)
    {
        return BoardIo.Pull.valueOf(device.text("pull").toUpperCase(Locale.ROOT));
    }

    private static Adxl345 adxl345(final MachineConfig.Device device, final RegisterBus bus)
    {
        return new Adxl345(device.id(), bus, device.number("dataRateHz"), (int)device.integer("rangeG"),
            device.flag("fullResolution"), "g".equals(device.text("output")) ? Unit.G : Unit.METRE_PER_SECOND_SQUARED,
            Adxl345.Axis.valueOf(device.text("axis").toUpperCase(Locale.ROOT)),
            (int)Math.max(1, Math.round(device.number("dataRateHz") * device.number("rmsWindowMs") / 1000.0)));
    }

    private Mcp23017 expander(final MachineConfig.Device device) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final String key = at.bus() + "/" + at.address();
        Mcp23017 chip = expanders.get(key);
        if (chip == null)
        {
            chip = new Mcp23017(device.id(), io.i2c(at.bus()), at.address());
            expanders.put(key, chip);
        }
        return chip;
    }

    private Pca9685 pwmChip(final MachineConfig.Device device) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final String key = at.bus() + "/" + at.address();
        Pca9685 chip = pwmChips.get(key);
        if (chip == null)
        {
            chip = new Pca9685(device.id(), io.i2c(at.bus()), at.address(), device.number("frequencyHz"), device.flag("totemPole"));
            pwmChips.put(key, chip);
        }
        return chip;
    }

    Actuator actuator(final MachineConfig.Device device) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        switch (device.driver())
        {
            case "mcp4725":
                return new Mcp4725(device.id(), io.i2c(at.bus()), at.address(), device.unit(), device.rangeMin(),
                    device.rangeMax(), device.number("supplyVolts"), device.number("voltsMin"), device.number("voltsMax"),
                    device.safeValue());
            case "gpio-output":
                return new DigitalOutputActuator(device.id(), io, at.pin(), device.flag("activeLow"), device.safeValue());
            case "mcp23017-output":
                return new Mcp23017Output(device.id(), expander(device), (int)device.integer("expanderPin"), device.flag("activeLow"),
                    device.safeValue());
            case "pca9685":
                return new Pca9685Output(device.id(), pwmChip(device), (int)device.integer("channel"), device.unit(),
                    device.rangeMin(), device.rangeMax(), device.safeValue(), device.flag("invert"));
            default:
                throw new HardwareException("actuator '" + device.id() + "': driver '" + device.driver() + "' has no wiring yet");
        }
    }

    private static SignalStage[] stages(final MachineConfig.Device device)
    {
        final List<SignalStage> stages = new ArrayList<>();
        final MachineConfig.Input input = device.input();
        if (input != null && "current-4-20ma".equals(input.type()))
        {
            stages.add(new CurrentLoopScaling(input.shuntOhms(), input.rangeLow(), input.rangeHigh(), input.unit()));
        }
        if (input != null && "voltage-0-10v".equals(input.type()))
        {
            stages.add(new VoltageInputScaling(input.dividerRatio(), input.rangeLow(), input.rangeHigh(), input.unit()));
        }
        for (final MachineConfig.Filter filter : device.filters())
        {
            stages.add(stage(filter));
        }
        return stages.toArray(new SignalStage[0]);
    }

    /** One filter from its normalised arguments (see {@link MachineConfig.Filter}). */
    static SignalStage stage(final MachineConfig.Filter filter)
    {
        final List<Double> args = filter.args();
        switch (filter.kind())
        {
            case "ema": return new EmaFilter(args.get(0));
            case "calibrate_linear": return new LinearCalibration(args.get(0), args.get(1));
            case "calibrate_polynomial":
            {
                final double[] coefficients = new double[args.size()];
                for (int i = 0; i < coefficients.length; i++)
                {
                    coefficients[i] = args.get(i);
                }
                return new PolynomialCalibration(coefficients);
            }
            case "median": return new MedianFilter(args.get(0).intValue());
            case "moving_average": return new MovingAverageFilter(args.get(0).intValue());
            case "delta": return new DeltaFilter(args.get(0));
            case "throttle": return new ThrottleFilter(Math.round(args.get(0) * 1e6));
            case "timeout": return new TimeoutFilter(Math.round(args.get(0) * 1e6));
            case "clamp": return new ClampFilter(args.get(0), args.get(1),
                args.get(2) > 0.5 ? ClampFilter.OutOfRange.FAULT : ClampFilter.OutOfRange.CLAMP);
            default: throw new IllegalArgumentException("filter '" + filter.kind() + "' has no stage");
        }
    }
}
