package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.gpio.PulseInput;

import java.util.List;

/** A pulse input (flow meter, tachometer): a rate per minute or second, or a total, in units. */
final class PulseInputSpec extends SchemaSpec
{
    PulseInputSpec()
    {
        super(new DriverCatalog.Driver("pulse-input", Role.SENSOR, Connection.PIN, 0, 0, List.of(
            GpioInputSpec.PULL,
            Setting.requiredNumber("pulsesPerUnit"),
            Setting.number("gateMs", 1000.0),
            Setting.oneOf("measure", "rate", "rate", "total"),
            Setting.oneOf("per", "min", "min", "s")),
            "A pulse input (flow meter, tachometer): rate per minute or second, or total, in units"));
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        switch (setting)
        {
            case "gateMs":
                return SettingRange.within(setting, number, value, 1, 600_000, "1..600000 ms");
            case "pulsesPerUnit":
                // Double.MIN_VALUE is the least positive double, so this refuses 0 and below.
                return SettingRange.within(setting, number, value, Double.MIN_VALUE, 1e9, "greater than 0 and at most 1e9");
            default:
                return null;
        }
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final BoardIo io = chips.io();
        final int pin = device.connection().pin();
        final BoardIo.Pull pull = GpioInputSpec.pull(device);
        final PulseInput.Measure measure = "total".equals(device.text("measure")) ? PulseInput.Measure.TOTAL : PulseInput.Measure.RATE;
        final Unit explicit = device.explicitUnit();
        final Unit unit = explicit != null ? explicit : measure == PulseInput.Measure.TOTAL ? Unit.COUNT : Unit.NONE;
        return new PulseInput(device.id(), () -> io.pulseCounter(pin, pull), device.number("pulsesPerUnit"),
            Math.round(device.number("gateMs") * 1e6), measure, "min".equals(device.text("per")), unit);
    }
}
