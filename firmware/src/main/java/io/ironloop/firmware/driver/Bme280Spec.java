package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.I2cRegisterBus;
import io.ironloop.hal.driver.SpiRegisterBus;
import io.ironloop.hal.driver.bme280.Bme280;
import io.ironloop.hal.driver.bme280.Bme280Registers;
import io.ironloop.hal.sim.device.Bme280Model;

import java.util.List;
import java.util.Locale;

/** Bosch BME280 on I2C or SPI: one chip, one sensor per quantity (temperature, pressure, humidity). */
final class Bme280Spec extends SchemaSpec
{
    Bme280Spec()
    {
        super(new DriverCatalog.Driver("bme280", Role.SENSOR, Connection.I2C_OR_SPI, 0x76, 0x77, List.of(
            Setting.oneOf(DriverCatalog.QUANTITY, "temperature", "temperature", "pressure", "humidity")),
            "Bosch BME280 temperature (degC), pressure (Pa) and humidity (%RH) on I2C or SPI; one sensor per quantity"));
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        // One driver per chip: a machine file's sensors of one BME280 are its quantities.
        return chips.chip(Bme280.class, name(), device, () -> new Bme280(device.id(), at.kind() == Connection.SPI
                ? new SpiRegisterBus(chips.io().spi(at.bus()), at.chipSelect(), Bme280Registers.SPI)
                : new I2cRegisterBus(chips.io().i2c(at.bus()), at.address())))
            .channel(device.id(), Bme280.Quantity.valueOf(device.text(DriverCatalog.QUANTITY).toUpperCase(Locale.ROOT)));
    }

    /** A quiet room: one model per chip, its quantities read from it. */
    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        sim.model(Bme280Model.class, name(), device,
            () -> new Bme280Model(SimModels.quiet(22.0, 0.3), SimModels.quiet(101_325.0, 50.0), SimModels.quiet(45.0, 1.0)), model ->
            {
                if (at.kind() == Connection.SPI)
                {
                    sim.board().spi(at.bus()).attach(at.chipSelect(), model.spi());
                }
                else
                {
                    sim.board().i2c(at.bus()).attach(at.address(), model);
                }
            });
    }

    /** The BME280 has shims for both buses: the entry's {@code spi:} or {@code i2c:} key decides. */
    @Override
    public Connection connection(final boolean spiKey)
    {
        return spiKey ? Connection.SPI : Connection.I2C;
    }
}
