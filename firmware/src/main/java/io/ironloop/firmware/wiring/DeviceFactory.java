package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.driver.bme280.Bme280;
import io.ironloop.hal.driver.bme280.Bme280I2c;
import io.ironloop.hal.driver.bme280.Bme280Spi;
import io.ironloop.hal.driver.ina219.Ina219;
import io.ironloop.hal.driver.max31855.Max31855;
import io.ironloop.hal.driver.max31865.Max31865;
import io.ironloop.hal.driver.mcp3008.Mcp3008;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers;
import io.ironloop.hal.driver.gpio.DigitalInputSensor;
import io.ironloop.hal.driver.gpio.DigitalOutputActuator;
import io.ironloop.hal.driver.mcp4725.Mcp4725;
import io.ironloop.hal.signal.ConditionedSensor;
import io.ironloop.hal.signal.CurrentLoopScaling;
import io.ironloop.hal.signal.EmaFilter;
import io.ironloop.hal.signal.SignalStage;

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

    DeviceFactory(final BoardIo io)
    {
        this.io = io;
    }

    Sensor sensor(final MachineConfig.Device device) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final Sensor raw;
        switch (device.driver())
        {
            case "ads1115":
                raw = new Ads1115(device.id(), io.i2c(at.bus()), at.address(), (int)device.integer("channel"),
                    device.number("fullScaleVolts"), (int)device.integer("dataRate"));
                break;
            case "gpio-input":
                raw = new DigitalInputSensor(device.id(), io, at.pin(),
                    BoardIo.Pull.valueOf(device.text("pull").toUpperCase(Locale.ROOT)), device.flag("activeLow"));
                break;
            case "mcp3008":
            case "mcp3208":
                raw = new Mcp3008(device.id(), "mcp3008".equals(device.driver()) ? Mcp3008Registers.Variant.MCP3008
                    : Mcp3008Registers.Variant.MCP3208, io.spi(at.bus()), at.chipSelect(), (int)device.integer("channel"),
                    device.number("referenceVolts"));
                break;
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
        final Sensor supervised = new SupervisedSensor(raw);
        final MachineConfig.Input input = device.input();
        // Without scaling, a sensor keeps its driver's unit (degC, Pa, A); 'input' defaults to volts, right only for ADCs.
        final boolean keepsDriverUnit = input == null || ("none".equals(input.type()) && raw.unit() != Unit.VOLT);
        return new ConditionedSensor(supervised, keepsDriverUnit ? raw.unit() : input.unit(), stages(device));
    }

    private Bme280 bme280(final MachineConfig.Device device) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final String key = at.describe();
        Bme280 chip = bme280s.get(key);
        if (chip == null)
        {
            chip = new Bme280(device.id(), at.kind() == DriverCatalog.Connection.SPI
                ? new Bme280Spi(io.spi(at.bus()), at.chipSelect()) : new Bme280I2c(io.i2c(at.bus()), at.address()));
            bme280s.put(key, chip);
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
        for (final MachineConfig.Filter filter : device.filters())
        {
            if ("ema".equals(filter.kind()))
            {
                stages.add(new EmaFilter(filter.args().get(0)));
            }
        }
        return stages.toArray(new SignalStage[0]);
    }
}
