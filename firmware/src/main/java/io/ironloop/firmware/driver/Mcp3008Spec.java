package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.mcp3008.Mcp3008Hub;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.device.CurrentLoopTransmitter;
import io.ironloop.hal.sim.device.Mcp3008Model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Microchip MCP3008 (10-bit) or MCP3208 (12-bit) SPI ADC: one sensor per channel, all of a chip's sensors through one hub. */
final class Mcp3008Spec extends SchemaSpec
{
    private final Mcp3008Registers.Variant variant;
    private final SharedChip shared;

    Mcp3008Spec(final Mcp3008Registers.Variant variant)
    {
        super(new DriverCatalog.Driver(variant.name().toLowerCase(Locale.ROOT), Role.SENSOR, Connection.SPI, 0, 0, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L),
            Setting.number("referenceVolts", 3.3)),
            "Microchip " + variant.name() + " " + variant.bits() + "-bit SPI ADC; one sensor per single-ended channel, several sensors may share a chip"));
        this.variant = variant;
        // VREF is one pin of the chip, so every sensor on it sees the same reference.
        this.shared = new SharedChip(name(), "channel", List.of("referenceVolts"));
    }

    @Override
    public SharedChip sharedChip()
    {
        return shared;
    }

    @Override
    public DriverCatalog.SettingsProblem check(final Map<String, Object> settings)
    {
        final double volts = ((Number)settings.get("referenceVolts")).doubleValue();
        return volts >= 0.25 && volts <= 5.5 ? null
            : new DriverCatalog.SettingsProblem("referenceVolts", "referenceVolts " + volts + " is outside the chip's 0.25..5.5 V");
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        return chips.chip(Mcp3008Hub.class, shared.family(), device,
                () -> new Mcp3008Hub(variant, chips.io().spi(at.bus()), at.chipSelect(), device.number("referenceVolts")))
            .channel(device.id(), (int)device.integer("channel"));
    }

    /** Each sensor on the chip drives its own channel: 40 % of the reference, or mid-range of its 4-20 mA input. */
    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        final MachineConfig.Input input = device.input();
        final double referenceVolts = device.number("referenceVolts");
        // A fed signal (replay, fault injection) is the process value behind a 4-20 mA input, else the input volts.
        final AnalogSignal fed = sim.plantSignal(device.id());
        final AnalogSignal signal = input != null && "current-4-20ma".equals(input.type())
            ? new CurrentLoopTransmitter(fed != null ? fed
                : SimModels.quiet((input.rangeLow() + input.rangeHigh()) / 2.0, (input.rangeHigh() - input.rangeLow()) * 0.01),
                input.rangeLow(), input.rangeHigh(), input.shuntOhms())
            : fed != null ? fed : SimModels.quiet(referenceVolts * 0.4, referenceVolts * 0.005);
        sim.model(Mcp3008Model.class, shared.family(), device, () -> new Mcp3008Model(variant, referenceVolts),
            model -> sim.board().spi(at.bus()).attach(at.chipSelect(), model)).input((int)device.integer("channel"), signal);
    }
}
