package io.ironloop.hal.driver.bme280;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.ConfigRegisters;
import io.ironloop.hal.driver.DeviceLifecycle;
import io.ironloop.hal.driver.RegisterBus;

import static io.ironloop.hal.driver.bme280.Bme280Registers.*;

/**
 * BME280 temperature, pressure and humidity sensor on I2C or SPI (through a {@link RegisterBus} shim).
 * Configure checks the chip id (0x60 at 0xD0), soft-resets, reads the trimming parameters and starts
 * normal mode (x1 oversampling, 0.5 ms standby, filter off). One chip yields three quantities: each
 * {@link #channel} is a {@link Sensor} of its own for the machine file, and channels read within
 * {@code reuseNs} of each other share one burst read of the data block, so three sensors on one chip
 * cost one bus transfer per cycle.
 */
public final class Bme280
{
    /** Default window within which channels share a burst read: 1 ms, well under the chip's ~8.5 ms cycle. */
    public static final long DEFAULT_REUSE_NS = 1_000_000L;

    /** The three quantities of the chip. */
    public enum Quantity
    {
        TEMPERATURE(Unit.CELSIUS), PRESSURE(Unit.PASCAL), HUMIDITY(Unit.RELATIVE_HUMIDITY);

        private final Unit unit;

        Quantity(final Unit unit)
        {
            this.unit = unit;
        }

        public Unit unit()
        {
            return unit;
        }
    }

    private final String id;
    private final RegisterBus bus;
    private final long reuseNs;
    private final Bme280Calibration calibration = new Bme280Calibration();
    private final byte[] calibTp = new byte[CALIB_00_LENGTH];
    private final byte[] calibH = new byte[CALIB_26_LENGTH];
    private final byte[] data = new byte[DATA_LENGTH];
    private final byte[] one = new byte[1];
    private final ConfigRegister[] configRegisters = configuration();
    private final byte[] checkBuffer = new byte[2];
    private boolean configured;
    private boolean sampled;
    private long sampleNs;
    private int sampleResult;
    private double temperatureC = Double.NaN;
    private double pressurePa = Double.NaN;
    private double humidityPct = Double.NaN;
    private long busReads;

    /** @param id the chip's name in messages (the first of its sensors in the machine file) */
    public Bme280(final String id, final RegisterBus bus)
    {
        this(id, bus, DEFAULT_REUSE_NS);
    }

    public Bme280(final String id, final RegisterBus bus, final long reuseNs)
    {
        this.id = id;
        this.bus = bus;
        this.reuseNs = reuseNs;
    }

    /** A sensor reporting one quantity of this chip. */
    public Sensor channel(final String sensorId, final Quantity quantity)
    {
        return new Channel(sensorId, quantity);
    }

    /** Checks identity, resets, loads calibration and starts normal mode. Safe to call again (device reset). */
    public void configure() throws HardwareException
    {
        configured = false;
        sampled = false;
        int result = bus.readRegisters(ID, one, 0, 1);
        if (result < 0)
        {
            throw new HardwareException(where() + ": " + DeviceLifecycle.noAnswer(result));
        }
        final int chipId = one[0] & 0xFF;
        if (chipId != CHIP_ID)
        {
            throw new HardwareException(where() + ": chip id 0x" + hex(chipId) + ", expected 0x" + hex(CHIP_ID));
        }
        result = bus.writeRegister(RESET, RESET_COMMAND);
        if (result >= 0)
        {
            result = waitForNvmCopy();
        }
        if (result >= 0)
        {
            result = bus.readRegisters(CALIB_00, calibTp, 0, CALIB_00_LENGTH);
        }
        if (result >= 0)
        {
            result = bus.readRegisters(CALIB_26, calibH, 0, CALIB_26_LENGTH);
        }
        if (result >= 0)
        {
            calibration.load(calibTp, 0, calibH, 0);
            // ctrl_hum takes effect only with the following ctrl_meas write (datasheet 5.4.3).
            result = bus.writeRegister(CTRL_HUM, OVERSAMPLING_X1);
        }
        if (result >= 0)
        {
            result = bus.writeRegister(CONFIG, CONFIG_0_5_MS_NO_FILTER);
        }
        final int ctrlMeas = CTRL_MEAS_NORMAL_X1;
        if (result >= 0)
        {
            result = bus.writeRegister(CTRL_MEAS, ctrlMeas);
        }
        if (result >= 0)
        {
            result = bus.readRegisters(CTRL_MEAS, one, 0, 1);
        }
        if (result < 0)
        {
            throw new HardwareException(where() + ": configuration failed (" + BusResult.name(result) + ")");
        }
        if ((one[0] & 0xFF) != ctrlMeas)
        {
            throw new HardwareException(where() + ": " + DeviceLifecycle.readBack("ctrl_meas", one[0] & 0xFF, ctrlMeas));
        }
        if (calibration.digT1 == 0 || calibration.digP1 == 0)
        {
            throw new HardwareException(where() + ": calibration is blank (dig_T1 or dig_P1 is 0)");
        }
        configured = true;
    }

    private int waitForNvmCopy()
    {
        // The copy takes about 2 ms after a reset; a bounded poll keeps configure from hanging on a stuck bit.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int result = bus.readRegisters(STATUS, one, 0, 1);
            if (result < 0 || (one[0] & STATUS_IM_UPDATE) == 0)
            {
                return result;
            }
            Thread.onSpinWait();
        }
        return BusResult.TIMEOUT;
    }

    /** Reads the data block unless a read within {@code reuseNs} can be reused; returns the bus result. */
    int sample(final long nowNs)
    {
        if (sampled && nowNs - sampleNs >= 0 && nowNs - sampleNs < reuseNs)
        {
            return sampleResult;
        }
        sampled = true;
        sampleNs = nowNs;
        busReads++;
        int result = configured ? bus.readRegisters(PRESS_MSB, data, 0, DATA_LENGTH) : BusResult.NOT_OPEN;
        if (result >= 0)
        {
            final int adcP = ((data[0] & 0xFF) << 12) | ((data[1] & 0xFF) << 4) | ((data[2] & 0xFF) >>> 4);
            final int adcT = ((data[3] & 0xFF) << 12) | ((data[4] & 0xFF) << 4) | ((data[5] & 0xFF) >>> 4);
            final int adcH = ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
            if (adcT == SKIPPED_20BIT || adcP == SKIPPED_20BIT || adcH == SKIPPED_16BIT)
            {
                // Reset values: the chip reset itself (or never started), so its data are not measurements.
                result = BusResult.BAD_DATA;
            }
            else
            {
                final double tFine = calibration.tFine(adcT);
                temperatureC = Bme280Calibration.temperatureC(tFine);
                pressurePa = calibration.pressurePa(adcP, tFine);
                humidityPct = calibration.humidityPct(adcH, tFine);
            }
        }
        sampleResult = result;
        return result;
    }

    /** Burst reads of the data block so far (for tests: three channels, one read per cycle). */
    public long busReads()
    {
        return busReads;
    }

    /** The trimming parameters read at configure. */
    public Bme280Calibration calibration()
    {
        return calibration;
    }

    private String where()
    {
        return "BME280 '" + id + "' on " + bus.describe();
    }

    private static String hex(final int value)
    {
        return Integer.toHexString(value);
    }

    /** One quantity of the chip as a sensor. */
    /** Entries in the chip's configuration-register table. */
    public int configRegisterCount()
    {
        return configRegisters.length;
    }

    /** One entry of the table. */
    public ConfigRegister configRegister(final int index)
    {
        return configRegisters[index];
    }

    /** Re-reads one entry (see {@link ConfigRegisters#checkConfigRegister}). */
    public int checkConfigRegister(final int index)
    {
        return configRegisters[index].check(bus, checkBuffer);
    }

    /** Each channel carries the chip's table, so whichever channel's supervisor notices a brown-out reconfigures the chip. */
    private final class Channel extends DeviceLifecycle implements Sensor, ConfigRegisters
    {
        private final Quantity quantity;

        Channel(final String sensorId, final Quantity quantity)
        {
            super(sensorId, quantity.unit());
            this.quantity = quantity;
        }

        @Override
        public void configure() throws HardwareException
        {
            try
            {
                Bme280.this.configure();
                configured();
            }
            catch (final HardwareException ex)
            {
                throw failed(ex);
            }
        }

        @Override
        public int configRegisterCount()
        {
            return Bme280.this.configRegisterCount();
        }

        @Override
        public ConfigRegister configRegister(final int index)
        {
            return Bme280.this.configRegister(index);
        }

        @Override
        public int checkConfigRegister(final int index)
        {
            return Bme280.this.checkConfigRegister(index);
        }

        @Override
        public int read(final long nowNs, final Reading out)
        {
            out.unit = quantity.unit();
            final int result = sample(nowNs);
            if (result < 0)
            {
                out.fault(result, nowNs);
                return result;
            }
            final double value;
            switch (quantity)
            {
                case TEMPERATURE: value = temperatureC; break;
                case PRESSURE: value = pressurePa; break;
                default: value = humidityPct; break;
            }
            out.ok(value, nowNs);
            return result;
        }
    }
}
