package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.driver.mcp23017.Mcp23017Output;

import java.util.List;

/** An output on an MCP23017 expander pin (relay); the chip's pins share one driver. */
final class Mcp23017OutputSpec extends SchemaSpec
{
    Mcp23017OutputSpec()
    {
        super(new DriverCatalog.Driver("mcp23017-output", Role.ACTUATOR, Connection.I2C, 0x20, 0x27, List.of(
            Mcp23017Chip.PIN,
            Setting.bool("activeLow", false)),
            "An output on a Microchip MCP23017 I2C GPIO expander pin (relay)"));
    }

    @Override
    public SharedChip sharedChip()
    {
        return Mcp23017Chip.SHARED;
    }

    @Override
    public Actuator actuator(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        return new Mcp23017Output(device.id(), Mcp23017Chip.expander(device, chips), (int)device.integer(Mcp23017Chip.PIN.name()),
            device.flag("activeLow"), device.safeValue());
    }

    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        Mcp23017Chip.simulate(device, sim);
    }
}
