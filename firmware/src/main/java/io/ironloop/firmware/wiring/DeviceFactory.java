package io.ironloop.firmware.wiring;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.driver.gpio.DigitalInputSensor;
import io.ironloop.hal.driver.gpio.DigitalOutputActuator;
import io.ironloop.hal.driver.mcp4725.Mcp4725;
import io.ironloop.hal.signal.ConditionedSensor;
import io.ironloop.hal.signal.CurrentLoopScaling;
import io.ironloop.hal.signal.EmaFilter;
import io.ironloop.hal.signal.SignalStage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds drivers and their conditioning chains from validated device entries. */
final class DeviceFactory
{
    private final BoardIo io;

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
            default:
                throw new HardwareException("sensor '" + device.id() + "': driver '" + device.driver() + "' has no wiring yet");
        }
        return new ConditionedSensor(raw, device.input() == null ? raw.unit() : device.input().unit(), stages(device));
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
