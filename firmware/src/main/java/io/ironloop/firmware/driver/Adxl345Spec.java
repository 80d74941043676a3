package io.ironloop.firmware.driver;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.DriverCatalog.Connection;
import io.ironloop.firmware.config.DriverCatalog.Role;
import io.ironloop.firmware.config.DriverCatalog.Setting;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.driver.I2cRegisterBus;
import io.ironloop.hal.driver.RegisterBus;
import io.ironloop.hal.driver.SpiRegisterBus;
import io.ironloop.hal.driver.adxl345.Adxl345;
import io.ironloop.hal.driver.adxl345.Adxl345Registers;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.RmsVibration;
import io.ironloop.hal.sim.Vibration;
import io.ironloop.hal.sim.device.Adxl345Model;

import java.util.List;
import java.util.Locale;

/** Analog Devices ADXL345 accelerometer on I2C ({@code adxl345}) or SPI ({@code adxl345-spi}): vibration RMS from its FIFO. */
final class Adxl345Spec extends SchemaSpec
{
    private static final List<Setting> SETTINGS = List.of(
        Setting.oneOf("dataRateHz", 3200.0, 6.25, 12.5, 25.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0),
        Setting.oneOf("rangeG", 16L, 2L, 4L, 8L, 16L),
        Setting.bool("fullResolution", true),
        Setting.oneOf("axis", "magnitude", "x", "y", "z", "magnitude"),
        Setting.oneOf("output", "g", "g", "m/s2"),
        Setting.number("rmsWindowMs", 100.0));

    private final boolean spi;

    Adxl345Spec(final boolean spi)
    {
        super(spi
            ? new DriverCatalog.Driver("adxl345-spi", Role.SENSOR, Connection.SPI, 0, 0, SETTINGS,
                "Analog Devices ADXL345 accelerometer on SPI: vibration RMS from its FIFO")
            : new DriverCatalog.Driver("adxl345", Role.SENSOR, Connection.I2C, 0x1D, 0x53, SETTINGS,
                "Analog Devices ADXL345 accelerometer on I2C (0x53 or 0x1D): vibration RMS from its FIFO"));
        this.spi = spi;
    }

    @Override
    public String checkRange(final String setting, final double number, final Object value)
    {
        return "rmsWindowMs".equals(setting) ? SettingRange.within(setting, number, value, 1, 60_000, "1..60000 ms") : null;
    }

    @Override
    public Sensor sensor(final MachineConfig.Device device, final BoardChips chips) throws HardwareException
    {
        final MachineConfig.Connection at = device.connection();
        final RegisterBus bus = spi ? new SpiRegisterBus(chips.io().spi(at.bus()), at.chipSelect(), Adxl345Registers.SPI)
            : new I2cRegisterBus(chips.io().i2c(at.bus()), at.address());
        return new Adxl345(device.id(), bus, device.number("dataRateHz"), (int)device.integer("rangeG"),
            device.flag("fullResolution"), "g".equals(device.text("output")) ? Unit.G : Unit.METRE_PER_SECOND_SQUARED,
            Adxl345.Axis.valueOf(device.text("axis").toUpperCase(Locale.ROOT)),
            (int)Math.max(1, Math.round(device.number("dataRateHz") * device.number("rmsWindowMs") / 1000.0)));
    }

    /**
     * A machine frame vibrating at 25 Hz (1x of a 1500 rpm drive), 0.2 g peak across, a little on the
     * other axis, gravity on z, with seeded noise: enough for the ADXL345 chain to show a level.
     */
    @Override
    public void simulate(final MachineConfig.Device device, final SimModels sim)
    {
        final MachineConfig.Connection at = device.connection();
        final long seed = sim.seed(device.id());
        final AnalogSignal fed = sim.plantSignal(device.id());
        final Adxl345Model accelerometer;
        if (fed != null && sim.board().overrides().isWaveform(device.id()))
        {
            // A fed waveform (a replayed accelerometer column, in g) is the acceleration on the driver's axis,
            // sampled by the chip at its data rate; the other axes are still, gravity on z.
            final String axis = device.text("axis");
            final AnalogSignal still = now -> 0.0;
            accelerometer = new Adxl345Model(
                "x".equals(axis) || "magnitude".equals(axis) ? fed : still,
                "y".equals(axis) ? fed : still,
                "z".equals(axis) ? fed : now -> 1.0);
        }
        else if (fed != null)
        {
            // A fed signal (replay of an RMS column) is the RMS in g on the axis the driver reads (x for magnitude),
            // as a sinusoid at a quarter of the data rate; the other axes are still, gravity on z.
            final String axis = device.text("axis");
            final AnalogSignal vibration = new RmsVibration(fed, "z".equals(axis) ? 1.0 : 0.0, device.number("dataRateHz") / 4.0 / 2.5);
            final AnalogSignal still = now -> 0.0;
            accelerometer = new Adxl345Model(
                "x".equals(axis) || "magnitude".equals(axis) ? vibration : still,
                "y".equals(axis) ? vibration : still,
                "z".equals(axis) ? vibration : now -> 1.0);
        }
        else
        {
            accelerometer = new Adxl345Model(
                new Vibration(0.0, 0.2, 25.0, 0.02, seed),
                new Vibration(0.0, 0.05, 25.0, 0.02, seed + 1),
                new Vibration(1.0, 0.0, 25.0, 0.02, seed + 2));
        }
        if (spi)
        {
            sim.board().spi(at.bus()).attach(at.chipSelect(), accelerometer);
        }
        else
        {
            sim.board().i2c(at.bus()).attach(at.address(), accelerometer);
        }
    }
}
