package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.driver.mcp4725.Mcp4725;
import io.ironloop.hal.sim.AnalogSink;
import io.ironloop.hal.sim.device.Mcp4725Model;

import java.util.List;
import java.util.Map;

/** Microchip MCP4725 12-bit I2C DAC, e.g. a VFD's speed reference. */
final class Mcp4725Spec extends SchemaSpec
{
    Mcp4725Spec()
    {
        super(new DriverCatalog.Driver("mcp4725", Role.ACTUATOR, Connection.I2C, 0x60, 0x67, List.of(
            Setting.number("supplyVolts", 5.0),
            Setting.number("voltsMin", 0.0),
            Setting.number("voltsMax", 5.0)),
            "Microchip MCP4725 12-bit I2C DAC (e.g. a VFD speed reference)"));
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        switch (setting)
        {
            case "supplyVolts":
                return number >= 2.7 && number <= 5.5 ? null : "an mcp4725 runs from 2.7..5.5 V, not " + value + " V";
            case "voltsMin":
            case "voltsMax":
                return SettingRange.within(setting, number, value, 0, 5.5, "0..5.5 V (the DAC output)");
            default:
                return null;
        }
    }

    @Override
    public DriverCatalog.SettingsProblem check(final Map<String, Object> settings)
    {
        final double supply = ((Number)settings.get("supplyVolts")).doubleValue();
        final double low = ((Number)settings.get("voltsMin")).doubleValue();
        final double high = ((Number)settings.get("voltsMax")).doubleValue();
        if (!(high > low))
        {
            return new DriverCatalog.SettingsProblem("voltsMax", "voltsMax " + high + " must be greater than voltsMin " + low);
        }
        return high <= supply + 1e-9 ? null
            : new DriverCatalog.SettingsProblem("voltsMax", "voltsMax " + high + " is beyond the DAC's supply of " + supply + " V (its full scale)");
    }

    @Override
    public Actuator actuator(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        return new Mcp4725(device.id(), chips.io().i2c(at.bus()), at.address(), device.unit(), device.rangeMin(),
            device.rangeMax(), device.number("supplyVolts"), device.number("voltsMin"), device.number("voltsMax"),
            device.safeValue());
    }

    /** The DAC drives the plant input it is wired to (a VFD's speed, a heater's power), else nothing. */
    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        final double voltsMin = device.number("voltsMin");
        final double voltsSpan = device.number("voltsMax") - voltsMin;
        final AnalogSink plant = sim.plantInput(device.id());
        sim.board().i2c(at.bus()).attach(at.address(), new Mcp4725Model(device.number("supplyVolts"),
            plant == null ? (now, volts) -> { } : (now, volts) -> plant.accept(now, (volts - voltsMin) / voltsSpan)));
    }
}
