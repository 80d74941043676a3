package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.driver.mcp23017.Mcp23017;
import io.ironloop.hal.sim.device.Mcp23017Model;

import java.util.List;

/** What the MCP23017 input and output specs share: the pin setting and how devices share one expander. */
final class Mcp23017Chip
{
    /** The expander's sixteen pins, GPA0..GPB7. */
    static final Setting PIN = new Setting("expanderPin", DriverCatalog.Type.INTEGER, true, null,
        List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L));
    static final DriverSpec.SharedChip SHARED = new DriverSpec.SharedChip("mcp23017", "expanderPin", List.of());

    private Mcp23017Chip()
    {
    }

    /** The one driver of the expander {@code device} is on, however many of its pins the machine uses. */
    static Mcp23017 expander(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        return chips.chip(Mcp23017.class, SHARED.family(), device, () -> new Mcp23017(device.id(), chips.io().i2c(at.bus()), at.address()));
    }

    /** One model per expander, however many of its pins the machine uses. */
    static void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        sim.model(Mcp23017Model.class, SHARED.family(), device, Mcp23017Model::new, model -> sim.board().i2c(at.bus()).attach(at.address(), model));
    }
}
