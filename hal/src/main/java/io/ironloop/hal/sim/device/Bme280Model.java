package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.bme280.Bme280Calibration;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.I2cDeviceModel;
import io.ironloop.hal.sim.SpiDeviceModel;

import static io.ironloop.hal.driver.bme280.Bme280Registers.*;

/**
 * Register-level BME280, reachable on I2C (this object) and on SPI ({@link #spi()}) over one register
 * file: chip id, soft reset (0xB6 to 0xE0) restoring the power-on state, ctrl_hum latched by the next
 * ctrl_meas write, sleep / forced / normal modes (normal: a new measurement every t_measure + t_standby),
 * skipped measurements (oversampling 0) reading 0x80000 / 0x8000, and read-only calibration registers
 * holding a trimming set. Raw values are the 20-bit (16-bit for humidity) codes whose Bosch-compensated
 * value is closest to the plant's temperature (degC), pressure (Pa) and humidity (%RH), found by
 * bisection (each compensation is monotonic in its raw value). Not modelled: the IIR filter, the NVM
 * copy time after reset (im_update clears at once), oversampling noise reduction.
 */
public final class Bme280Model implements I2cDeviceModel
{
    private final AnalogSignal temperatureC;
    private final AnalogSignal pressurePa;
    private final AnalogSignal humidityPct;
    private final Bme280Calibration calibration;
    private final int chipId;
    private final int[] registers = new int[256];
    private final byte[] calibTp = new byte[CALIB_00_LENGTH];
    private final byte[] calibH = new byte[CALIB_26_LENGTH];
    private final SpiDeviceModel spi = this::spiTransfer;
    private int pointer;
    private int pendingCtrlHum;
    private long lastMeasurementNs;
    private boolean measuredSinceModeChange;
    private long measurements;

    /** A BME280 with a typical trimming set. */
    public Bme280Model(final AnalogSignal temperatureC, final AnalogSignal pressurePa, final AnalogSignal humidityPct)
    {
        this(temperatureC, pressurePa, humidityPct, typicalCalibration(), CHIP_ID);
    }

    /** @param chipId what the chip answers at 0xD0 (0x60; 0x58 makes it a BMP280 impostor for tests) */
    public Bme280Model(
        final AnalogSignal temperatureC,
        final AnalogSignal pressurePa,
        final AnalogSignal humidityPct,
        final Bme280Calibration calibration,
        final int chipId)
    {
        this.temperatureC = temperatureC;
        this.pressurePa = pressurePa;
        this.humidityPct = humidityPct;
        this.calibration = calibration;
        this.chipId = chipId;
        calibration.store(calibTp, 0, calibH, 0);
        powerOn();
    }

    /** Trimming values of the Bosch BMP280 datasheet example (T, P) and a production BME280 (H). */
    public static Bme280Calibration typicalCalibration()
    {
        final Bme280Calibration c = new Bme280Calibration();
        c.digT1 = 27504;
        c.digT2 = 26435;
        c.digT3 = -1000;
        c.digP1 = 36477;
        c.digP2 = -10685;
        c.digP3 = 3024;
        c.digP4 = 2855;
        c.digP5 = 140;
        c.digP6 = -7;
        c.digP7 = 15500;
        c.digP8 = -14600;
        c.digP9 = 6000;
        c.digH1 = 75;
        c.digH2 = 362;
        c.digH3 = 0;
        c.digH4 = 313;
        c.digH5 = 50;
        c.digH6 = 30;
        return c;
    }

    /** The same chip seen through its SPI interface. */
    public SpiDeviceModel spi()
    {
        return spi;
    }

    /** Completed measurements, for tests. */
    public long measurements()
    {
        return measurements;
    }

    /** Simulates a brown-out: the chip comes back in its power-on state (sleep mode, data skipped). */
    public void powerCycle()
    {
        powerOn();
    }

    @Override
    public int write(final long nowNs, final byte[] src, final int offset, final int length)
    {
        if (length < 1)
        {
            return BusResult.IO_ERROR;
        }
        pointer = src[offset] & 0xFF;
        // I2C multi-byte writes are register/value pairs (datasheet 6.2.1).
        writeRegister(nowNs, pointer, length >= 2 ? src[offset + 1] & 0xFF : -1);
        for (int i = 2; i + 1 < length; i += 2)
        {
            writeRegister(nowNs, src[offset + i] & 0xFF, src[offset + i + 1] & 0xFF);
        }
        return length;
    }

    @Override
    public int read(final long nowNs, final byte[] dst, final int offset, final int length)
    {
        update(nowNs);
        for (int i = 0; i < length; i++)
        {
            dst[offset + i] = (byte)registerValue((pointer + i) & 0xFF);
        }
        return length;
    }

    private int spiTransfer(final long nowNs, final byte[] tx, final byte[] rx, final int length)
    {
        if (length < 1 || length > tx.length || length > rx.length)
        {
            return BusResult.IO_ERROR;
        }
        update(nowNs);
        rx[0] = (byte)0xFF;
        if ((tx[0] & 0x80) != 0)
        {
            // Read: the address byte has bit 7 set; data auto-increment from there.
            final int first = tx[0] & 0xFF;
            for (int i = 1; i < length; i++)
            {
                rx[i] = (byte)registerValue((first + i - 1) & 0xFF);
            }
        }
        else
        {
            // Write: pairs of (address with bit 7 cleared, value); SPI has no auto-increment on writes.
            for (int i = 0; i + 1 < length; i += 2)
            {
                writeRegister(nowNs, (tx[i] & 0x7F) | 0x80, tx[i + 1] & 0xFF);
                rx[i + 1] = (byte)0xFF;
            }
        }
        return length;
    }

    private void powerOn()
    {
        for (int i = 0; i < registers.length; i++)
        {
            registers[i] = 0;
        }
        registers[ID] = chipId;
        for (int i = 0; i < CALIB_00_LENGTH; i++)
        {
            registers[CALIB_00 + i] = calibTp[i] & 0xFF;
        }
        for (int i = 0; i < CALIB_26_LENGTH; i++)
        {
            registers[CALIB_26 + i] = calibH[i] & 0xFF;
        }
        pendingCtrlHum = 0;
        registers[PRESS_MSB] = 0x80;
        registers[PRESS_MSB + 3] = 0x80;
        registers[PRESS_MSB + 6] = 0x80;
        measuredSinceModeChange = false;
    }

    private int registerValue(final int address)
    {
        return address == CTRL_HUM ? pendingCtrlHum : registers[address];
    }

    private void writeRegister(final long nowNs, final int address, final int value)
    {
        if (value < 0)
        {
            return;
        }
        switch (address)
        {
            case RESET:
                if (value == RESET_COMMAND)
                {
                    powerOn();
                }
                break;
            case CTRL_HUM:
                pendingCtrlHum = value & 0x7;
                break;
            case CTRL_MEAS:
                registers[CTRL_MEAS] = value;
                registers[CTRL_HUM] = pendingCtrlHum;
                measuredSinceModeChange = false;
                if ((value & MODE_MASK) == MODE_FORCED || (value & MODE_MASK) == 0x2)
                {
                    measure(nowNs);
                    registers[CTRL_MEAS] = value & ~MODE_MASK;
                }
                break;
            case CONFIG:
                registers[CONFIG] = value & 0xFD;
                break;
            default:
                // Calibration, id, status and data registers are read-only.
                break;
        }
    }

    private void update(final long nowNs)
    {
        if ((registers[CTRL_MEAS] & MODE_MASK) != MODE_NORMAL)
        {
            return;
        }
        final long periodNs = measurementNs(oversampling(registers[CTRL_MEAS] >>> OSRS_T_SHIFT & 0x7),
            oversampling(registers[CTRL_MEAS] >>> OSRS_P_SHIFT & 0x7), oversampling(registers[CTRL_HUM] & 0x7))
            + standbyNs(registers[CONFIG] >>> T_SB_SHIFT);
        if (!measuredSinceModeChange || nowNs - lastMeasurementNs >= periodNs)
        {
            measure(nowNs);
        }
    }

    private void measure(final long nowNs)
    {
        measuredSinceModeChange = true;
        lastMeasurementNs = nowNs;
        measurements++;
        final int ctrlMeas = registers[CTRL_MEAS];
        final boolean tempOn = (ctrlMeas >>> OSRS_T_SHIFT & 0x7) != 0;
        final boolean pressOn = (ctrlMeas >>> OSRS_P_SHIFT & 0x7) != 0;
        final boolean humOn = (registers[CTRL_HUM] & 0x7) != 0;
        final int adcT = tempOn ? rawTemperature(temperatureC.valueAt(nowNs)) : SKIPPED_20BIT;
        final double tFine = calibration.tFine(adcT);
        final int adcP = tempOn && pressOn ? rawPressure(pressurePa.valueAt(nowNs), tFine) : SKIPPED_20BIT;
        final int adcH = tempOn && humOn ? rawHumidity(humidityPct.valueAt(nowNs), tFine) : SKIPPED_16BIT;
        put20(PRESS_MSB, adcP);
        put20(PRESS_MSB + 3, adcT);
        registers[PRESS_MSB + 6] = adcH >>> 8;
        registers[PRESS_MSB + 7] = adcH & 0xFF;
    }

    private void put20(final int address, final int value)
    {
        registers[address] = value >>> 12 & 0xFF;
        registers[address + 1] = value >>> 4 & 0xFF;
        registers[address + 2] = (value & 0xF) << 4;
    }

    private int rawTemperature(final double celsius)
    {
        int low = 0;
        int high = (1 << 20) - 1;
        while (high - low > 1)
        {
            final int mid = (low + high) >>> 1;
            if (Bme280Calibration.temperatureC(calibration.tFine(mid)) < celsius)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return notSkipped(closest(low, high, Bme280Calibration.temperatureC(calibration.tFine(low)),
            Bme280Calibration.temperatureC(calibration.tFine(high)), celsius));
    }

    private int rawPressure(final double pascal, final double tFine)
    {
        // Compensated pressure falls as the raw value rises.
        int low = 0;
        int high = (1 << 20) - 1;
        while (high - low > 1)
        {
            final int mid = (low + high) >>> 1;
            if (calibration.pressurePa(mid, tFine) > pascal)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return notSkipped(closest(low, high, calibration.pressurePa(low, tFine), calibration.pressurePa(high, tFine), pascal));
    }

    private int rawHumidity(final double percent, final double tFine)
    {
        int low = 0;
        int high = 0xFFFF;
        while (high - low > 1)
        {
            final int mid = (low + high) >>> 1;
            if (calibration.humidityPct(mid, tFine) < percent)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        final int best = closest(low, high, calibration.humidityPct(low, tFine), calibration.humidityPct(high, tFine), percent);
        // 0x8000 is the "skipped" marker; the chip cannot produce it as a measurement.
        return best == SKIPPED_16BIT ? best - 1 : best;
    }

    /** 0x80000 is the "skipped" marker; the chip cannot produce it as a measurement. */
    private static int notSkipped(final int code)
    {
        return code == SKIPPED_20BIT ? code + 1 : code;
    }

    private static int closest(final int low, final int high, final double lowValue, final double highValue, final double target)
    {
        return Math.abs(lowValue - target) <= Math.abs(highValue - target) ? low : high;
    }
}
