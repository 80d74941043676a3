package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.driver.pca9685.Pca9685;
import io.ironloop.hal.driver.pca9685.Pca9685Output;
import io.ironloop.hal.sim.device.Pca9685Model;

import java.util.List;

/** One channel of an NXP PCA9685 16-channel PWM controller; the chip's channels share one driver and its frequency. */
final class Pca9685Spec extends SchemaSpec
{
    /** One oscillator and one output stage per chip. */
    private static final SharedChip SHARED = new SharedChip("pca9685", "channel", List.of("frequencyHz", "totemPole"));

    Pca9685Spec()
    {
        super(new DriverCatalog.Driver("pca9685", Role.ACTUATOR, Connection.I2C, 0x40, 0x7F, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L),
            Setting.number("frequencyHz", 1000.0),
            Setting.bool("invert", false),
            Setting.bool("totemPole", true)),
            "One channel of an NXP PCA9685 16-channel 12-bit I2C PWM controller"));
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        return !"frequencyHz".equals(setting) || number >= 24 && number <= 1526 ? null
            : "a pca9685 runs at 24..1526 Hz with its 25 MHz oscillator, not " + value + " Hz";
    }

    @Override
    public SharedChip sharedChip()
    {
        return SHARED;
    }

    @Override
    public Actuator actuator(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final Pca9685 chip = chips.chip(Pca9685.class, SHARED.family(), device,
            () -> new Pca9685(device.id(), chips.io().i2c(at.bus()), at.address(), device.number("frequencyHz"), device.flag("totemPole")));
        return new Pca9685Output(device.id(), chip, (int)device.integer("channel"), device.unit(),
            device.rangeMin(), device.rangeMax(), device.safeValue(), device.flag("invert"));
    }

    /** One model per PWM chip, however many of its channels the machine uses. */
    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        sim.model(Pca9685Model.class, SHARED.family(), device, Pca9685Model::new, model -> sim.board().i2c(at.bus()).attach(at.address(), model));
    }
}
