package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.gpio.DebouncedInput;
import io.ironloop.hal.driver.mcp23017.Mcp23017;

import java.util.List;

/** A debounced input on an MCP23017 expander pin (limit switch); the chip's pins share one driver. */
final class Mcp23017InputSpec extends SchemaSpec
{
    Mcp23017InputSpec()
    {
        super(new DriverCatalog.Driver("mcp23017-input", Role.SENSOR, Connection.I2C, 0x20, 0x27, List.of(
            Mcp23017Chip.PIN,
            Setting.bool("pullUp", true),
            Setting.bool("activeLow", false),
            Setting.number("debounceMs", 10.0)),
            "A debounced input on a Microchip MCP23017 I2C GPIO expander pin (limit switch)"));
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        return SettingRange.debounce(setting, number, value);
    }

    @Override
    public SharedChip sharedChip()
    {
        return Mcp23017Chip.SHARED;
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final Mcp23017 chip = Mcp23017Chip.expander(device, chips);
        final int pin = (int)device.integer(Mcp23017Chip.PIN.name());
        final boolean pullUp = device.flag("pullUp");
        return new DebouncedInput(device.id(), () ->
        {
            chip.configureInput(pin, pullUp);
            return nowNs -> chip.readPin(pin);
        }, device.flag("activeLow"), Math.round(device.number("debounceMs") * 1e6), chip);
    }

    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        Mcp23017Chip.simulate(device, sim);
    }
}
