package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.ads1115.Ads1115;
import io.ironloop.hal.driver.ads1115.Ads1115Hub;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.device.Ads1115Model;
import io.ironloop.hal.sim.device.CurrentLoopTransmitter;

import java.util.List;

/** TI ADS1115 16-bit I2C ADC: one sensor per single-ended channel, several sensors share one chip through a hub. */
final class Ads1115Spec extends SchemaSpec
{
    /** An ADS1115 converts each channel with its own range and rate, so no setting is chip-wide. */
    private static final SharedChip SHARED = new SharedChip("ads1115", "channel", List.of());

    Ads1115Spec()
    {
        super(new DriverCatalog.Driver("ads1115", Role.SENSOR, Connection.I2C, 0x48, 0x4B, List.of(
            Setting.oneOf("channel", 0L, 0L, 1L, 2L, 3L),
            Setting.oneOf("fullScaleVolts", 4.096, 6.144, 4.096, 2.048, 1.024, 0.512, 0.256),
            Setting.oneOf("dataRate", 860L, 8L, 16L, 32L, 64L, 128L, 250L, 475L, 860L)),
            "TI ADS1115 16-bit I2C ADC; one sensor per single-ended channel, several sensors may share a chip"));
    }

    @Override
    public SharedChip sharedChip()
    {
        return SHARED;
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        // A chip with one sensor runs in continuous mode; with more, its hub scans the channels.
        if (chips.sensorsOnChip(device) > 1)
        {
            return chips.chip(Ads1115Hub.class, SHARED.family(), device, () -> new Ads1115Hub(device.id(), chips.io().i2c(at.bus()), at.address()))
                .channel(device.id(), (int)device.integer("channel"), device.number("fullScaleVolts"), (int)device.integer("dataRate"));
        }
        return new Ads1115(device.id(), chips.io().i2c(at.bus()), at.address(), (int)device.integer("channel"),
            device.number("fullScaleVolts"), (int)device.integer("dataRate"));
    }

    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        final MachineConfig.Input input = device.input();
        final AnalogSignal plant = sim.plantSignal(device.id());
        final AnalogSignal process = plant != null ? plant : now -> (input.rangeLow() + input.rangeHigh()) / 2.0;
        final AnalogSignal signal;
        if ("current-4-20ma".equals(input.type()))
        {
            signal = new CurrentLoopTransmitter(process, input.rangeLow(), input.rangeHigh(), input.shuntOhms());
        }
        else if ("voltage-0-10v".equals(input.type()))
        {
            // A 0-10 V transmitter behind the input divider: the ADC sees terminal volts / ratio.
            final double voltsPerUnit = 10.0 / (input.rangeHigh() - input.rangeLow());
            signal = now -> (process.valueAt(now) - input.rangeLow()) * voltsPerUnit / input.dividerRatio();
        }
        else
        {
            signal = process;
        }
        // One model per chip: sensors on other inputs of the same ADS1115 add their signals to it.
        sim.model(Ads1115Model.class, SHARED.family(), device, Ads1115Model::new, adc -> sim.board().i2c(at.bus()).attach(at.address(), adc))
            .input((int)device.integer("channel"), signal);
    }
}
