package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.max31855.Max31855;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.device.Max31855Model;

import java.util.List;

/** Maxim MAX31855K type K thermocouple converter: the thermocouple and its cold junction are two quantities of one chip. */
final class Max31855Spec extends SchemaSpec
{
    Max31855Spec()
    {
        super(new DriverCatalog.Driver("max31855", Role.SENSOR, Connection.SPI, 0, 0, List.of(
            Setting.oneOf(DriverCatalog.QUANTITY, "thermocouple", "thermocouple", "cold-junction")),
            "Maxim MAX31855K type K thermocouple converter (degC)"));
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        return new Max31855(device.id(), chips.io().spi(at.bus()), at.chipSelect(),
            "cold-junction".equals(device.text(DriverCatalog.QUANTITY)) ? Max31855.Quantity.COLD_JUNCTION : Max31855.Quantity.THERMOCOUPLE);
    }

    /** A quiet kiln: one model per chip, both quantities read from it. */
    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        // A fed signal (replay, fault injection) on the thermocouple quantity is the hot junction in degC.
        final AnalogSignal fed = "thermocouple".equals(device.text(DriverCatalog.QUANTITY)) ? sim.plantSignal(device.id()) : null;
        sim.model(Max31855Model.class, name(), device,
            () -> new Max31855Model(fed != null ? fed : SimModels.quiet(180.0, 2.0), SimModels.quiet(25.0, 0.2)),
            model -> sim.board().spi(at.bus()).attach(at.chipSelect(), model));
    }
}
