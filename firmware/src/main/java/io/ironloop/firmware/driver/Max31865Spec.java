package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.max31865.Max31865;
import io.ironloop.hal.sim.device.Max31865Model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maxim MAX31865 RTD converter for PT100/PT1000. */
final class Max31865Spec extends SchemaSpec
{
    Max31865Spec()
    {
        super(new DriverCatalog.Driver("max31865", Role.SENSOR, Connection.SPI, 0, 0, List.of(
            Setting.oneOf("element", "pt100", "pt100", "pt1000"),
            Setting.number("referenceOhms", 430.0),
            Setting.oneOf("wires", 3L, 2L, 3L, 4L),
            Setting.oneOf("filterHz", 50L, 50L, 60L)),
            "Maxim MAX31865 RTD converter for PT100/PT1000 (degC)"));
    }

    @Override
    public DriverCatalog.SettingsProblem check(final Map<String, Object> settings)
    {
        final double r0 = r0(settings.get("element"));
        final double reference = ((Number)settings.get("referenceOhms")).doubleValue();
        // The chip measures R_rtd / R_ref below 1, so the reference must exceed the RTD's 0 degC value (usually 4.3 x R0).
        return reference > r0 ? null : new DriverCatalog.SettingsProblem("referenceOhms", "referenceOhms " + reference + " must exceed the "
            + settings.get("element") + "'s " + r0 + " ohm (usually " + Math.round(r0 * 4.3) + ")");
    }

    /** The element's resistance at 0 degC. */
    static double r0(final Object element)
    {
        return "pt1000".equals(element) ? 1000.0 : 100.0;
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        return new Max31865(device.id(), chips.io().spi(at.bus()), at.chipSelect(),
            Max31865.Element.valueOf(device.text("element").toUpperCase(Locale.ROOT)), device.number("referenceOhms"),
            (int)device.integer("wires"), (int)device.integer("filterHz"));
    }

    /** A quiet bath at 60 degC. */
    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        sim.model(Max31865Model.class, name(), device,
            () -> new Max31865Model(SimModels.quiet(60.0, 0.5), r0(device.text("element")), device.number("referenceOhms")),
            model -> sim.board().spi(at.bus()).attach(at.chipSelect(), model));
    }
}
