package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.ina219.Ina219;
import io.ironloop.hal.sim.device.Ina219Model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** TI INA219 current monitor: current, power, bus and shunt voltage are quantities of one chip. */
final class Ina219Spec extends SchemaSpec
{
    Ina219Spec()
    {
        super(new DriverCatalog.Driver("ina219", Role.SENSOR, Connection.I2C, 0x40, 0x4F, List.of(
            Setting.oneOf(DriverCatalog.QUANTITY, "current", "current", "power", "bus-voltage", "shunt-voltage"),
            Setting.number("shuntOhms", 0.1),
            Setting.number("maxCurrentA", 3.2),
            Setting.oneOf("busRangeVolts", 32L, 16L, 32L),
            Setting.oneOf("shuntRangeMv", 320L, 40L, 80L, 160L, 320L)),
            "TI INA219 current (A), power (W), bus and shunt voltage (V) monitor"));
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        switch (setting)
        {
            case "shuntOhms":
                // The INA219 reads at most 320 mV: below 0.1 mohm the current LSB exceeds any sensible range, above 100 ohm it is no shunt.
                return SettingRange.within(setting, number, value, 0.0001, 100, "0.0001..100 ohm");
            case "maxCurrentA":
                return SettingRange.within(setting, number, value, 0.001, 3200, "0.001..3200 A");
            default:
                return null;
        }
    }

    @Override
    public DriverCatalog.SettingsProblem check(final Map<String, Object> settings)
    {
        final double shuntOhms = ((Number)settings.get("shuntOhms")).doubleValue();
        final double maxCurrentA = ((Number)settings.get("maxCurrentA")).doubleValue();
        final long rangeMv = ((Number)settings.get("shuntRangeMv")).longValue();
        if (!(shuntOhms > 0))
        {
            return new DriverCatalog.SettingsProblem("shuntOhms", "shuntOhms must be greater than 0, got " + shuntOhms);
        }
        if (!(maxCurrentA > 0))
        {
            return new DriverCatalog.SettingsProblem("maxCurrentA", "maxCurrentA must be greater than 0, got " + maxCurrentA);
        }
        // Rounded to a microvolt so the message shows 320.0, not 320.00000000000006.
        final double mv = Math.round(maxCurrentA * shuntOhms * 1e6) / 1e3;
        return mv <= rangeMv + 1e-9 ? null : new DriverCatalog.SettingsProblem("maxCurrentA", maxCurrentA + " A through " + shuntOhms
            + " ohm is " + mv + " mV, beyond the " + rangeMv + " mV shunt range (raise shuntRangeMv or lower maxCurrentA)");
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        return new Ina219(device.id(), chips.io().i2c(at.bus()), at.address(),
            Ina219.Quantity.valueOf(device.text(DriverCatalog.QUANTITY).toUpperCase(Locale.ROOT).replace('-', '_')),
            device.number("shuntOhms"), device.number("maxCurrentA"), (int)device.integer("busRangeVolts"),
            (int)device.integer("shuntRangeMv"));
    }

    /** A quiet load at 40 % of the configured current on a 24 V bus: one model per chip, its quantities read from it. */
    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        sim.model(Ina219Model.class, name(), device, () -> new Ina219Model(SimModels.quiet(device.number("maxCurrentA") * 0.4,
                device.number("maxCurrentA") * 0.01), SimModels.quiet(24.0, 0.05), device.number("shuntOhms")),
            model -> sim.board().i2c(at.bus()).attach(at.address(), model));
    }
}
