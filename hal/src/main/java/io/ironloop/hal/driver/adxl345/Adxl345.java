package io.ironloop.hal.driver.adxl345;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SampleRing;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.ConfigRegister;
import io.ironloop.hal.driver.ConfigRegisters;
import io.ironloop.hal.driver.DeviceLifecycle;
import io.ironloop.hal.driver.RegisterBus;

import static io.ironloop.hal.driver.adxl345.Adxl345Registers.*;

/**
 * ADXL345 3-axis accelerometer for machine vibration, on SPI or I2C through an {@link RegisterBus} shim.
 * Configure checks DEVID (0xE5), sets the output data rate (up to 3200 Hz) and range (2/4/8/16 g,
 * full resolution by default) and runs the 32-entry FIFO in stream mode, so the chip keeps the
 * latest 32 samples between reads.
 * <p>
 * {@link #readFifo(double[], int, int)} drains the FIFO into a caller's array (x, y, z per sample,
 * in the configured unit). As a {@link Sensor} each read drains the FIFO into a block of
 * {@code rmsWindowSamples} samples and, when the block is full, publishes its AC RMS (standard
 * deviation) of one axis or of the vector magnitude: a vibration level that excludes gravity and
 * covers several periods of the slowest vibration of interest (one 10 ms FIFO would see a quarter of
 * a 25 Hz period). Reads in between republish the last block's value with its timestamp, so a
 * downstream timeout sees when nothing new arrives. Read at least every 10 ms at 3200 Hz, or the
 * FIFO overflows ({@link #overruns()}).
 * Its configuration registers are declared as {@link ConfigRegisters}; a reconfigure starts a fresh
 * RMS block, so samples from before a brown-out never blend into the next published value.
 * Allocation-free after construction.
 */
public final class Adxl345 extends DeviceLifecycle implements Sensor, ConfigRegisters
{
    /** Which signal a sensor read reports. */
    public enum Axis { X, Y, Z, MAGNITUDE }

    private final RegisterBus bus;
    private final int rateCode;
    private final int dataFormat;
    private final Axis axis;
    private final double unitPerLsb;
    private final byte[] raw = new byte[FIFO_DEPTH * ENTRY_BYTES];
    private final byte[] register = new byte[1];
    private final byte[] checkBuffer = new byte[2];
    private final ConfigRegister[] configRegisters;
    private final double[] batch = new double[FIFO_DEPTH * 3];
    private final int rmsWindowSamples;
    private double blockSum;
    private double blockSumSquares;
    private int blockCount;
    private double lastValue = Double.NaN;
    private long lastTimestampNs;
    private long overruns;
    private long samplesRead;
    private SampleRing tap;

    /**
     * @param rateHz output data rate: 6.25 .. 3200 Hz in the chip's power-of-two steps
     * @param rangeG 2, 4, 8 or 16
     * @param fullResolution 3.9 mg/LSB at every range (true) or 10-bit samples (false)
     * @param unit {@link Unit#G} or {@link Unit#METRE_PER_SECOND_SQUARED}
     * @param rmsWindowSamples samples per published RMS value (1 or more)
     */
    public Adxl345(
        final String id,
        final RegisterBus bus,
        final double rateHz,
        final int rangeG,
        final boolean fullResolution,
        final Unit unit,
        final Axis axis,
        final int rmsWindowSamples)
    {
        super(id, unit);
        if (rmsWindowSamples < 1)
        {
            throw new IllegalArgumentException("ADXL345 RMS window must be at least 1 sample, got " + rmsWindowSamples);
        }
        final int rate = rateCode(rateHz);
        final int range = rangeCode(rangeG);
        if (rate < 0)
        {
            throw new IllegalArgumentException("ADXL345 has no data rate " + rateHz + " Hz (supported: " + supportedRates() + ")");
        }
        if (range < 0)
        {
            throw new IllegalArgumentException("ADXL345 has no range +-" + rangeG + " g (supported: 2, 4, 8, 16)");
        }
        if (unit != Unit.G && unit != Unit.METRE_PER_SECOND_SQUARED)
        {
            throw new IllegalArgumentException("ADXL345 reports g or m/s2, not " + unit.symbol());
        }
        this.bus = bus;
        this.rateCode = rate;
        this.dataFormat = (fullResolution ? FORMAT_FULL_RES : 0) | range;
        this.configRegisters = configuration(rate, dataFormat);
        this.axis = axis;
        this.rmsWindowSamples = rmsWindowSamples;
        this.unitPerLsb = gPerLsb(dataFormat) * (unit == Unit.G ? 1.0 : STANDARD_GRAVITY);
    }

    /**
     * Every raw sample of the read axis (or the magnitude), in the configured unit, also goes into {@code ring}
     * as it is drained, for vibration analysis off the acquisition thread. Set while wiring, before the
     * acquisition agent starts; null stops it.
     */
    public void tap(final SampleRing ring)
    {
        this.tap = ring;
    }

    /** Engineering units per LSB of a raw sample. */
    public double unitPerLsb()
    {
        return unitPerLsb;
    }

    /** Samples lost because the FIFO overflowed between reads (seen as a full FIFO with OVERRUN set). */
    public long overruns()
    {
        return overruns;
    }

    /** Samples (x, y, z triples) drained so far. */
    public long samplesRead()
    {
        return samplesRead;
    }

    @Override
    public void configure() throws HardwareException
    {
        int result = bus.readRegisters(DEVID, register, 0, 1);
        if (result < 0)
        {
            throw fail(": " + noAnswer(result));
        }
        final int deviceId = register[0] & 0xFF;
        if (deviceId != DEVICE_ID)
        {
            throw fail(": DEVID is 0x" + Integer.toHexString(deviceId) + ", expected 0xe5 (not an ADXL345?)");
        }
        final int fifoControl = FIFO_CONTROL;
        blockSum = 0;
        blockSumSquares = 0;
        blockCount = 0;
        lastValue = Double.NaN;
        // Standby while changing rate, format and FIFO, as the datasheet recommends; measure last.
        result = write(POWER_CTL, 0);
        result = result < 0 ? result : write(BW_RATE, rateCode);
        result = result < 0 ? result : write(DATA_FORMAT, dataFormat);
        result = result < 0 ? result : write(INT_ENABLE, 0);
        result = result < 0 ? result : write(FIFO_CTL, fifoControl);
        result = result < 0 ? result : write(POWER_CTL, POWER_MEASURE);
        if (result < 0)
        {
            throw fail(": configuration write failed (" + BusResult.name(result) + ")");
        }
        checkReadBack(BW_RATE, rateCode);
        checkReadBack(DATA_FORMAT, dataFormat);
        checkReadBack(FIFO_CTL, fifoControl);
        configured();
    }

    /**
     * Drains up to {@code maxSamples} samples from the FIFO into {@code dst} as x, y, z triples in the
     * configured unit. One FIFO_STATUS read, then one 6-byte data read per entry (each read pops one entry).
     *
     * @return samples written (0 when the FIFO is empty) or a negative {@link BusResult}
     */
    public int readFifo(final double[] dst, final int offset, final int maxSamples)
    {
        final int entries = drain(Math.min(maxSamples, (dst.length - offset) / 3));
        if (entries > 0)
        {
            decode(raw, 0, entries, unitPerLsb, dst, offset);
        }
        return entries;
    }

    /** As {@link #readFifo(double[], int, int)}, into floats. */
    public int readFifo(final float[] dst, final int offset, final int maxSamples)
    {
        final int entries = drain(Math.min(maxSamples, (dst.length - offset) / 3));
        if (entries > 0)
        {
            decode(raw, 0, entries, (float)unitPerLsb, dst, offset);
        }
        return entries;
    }

    /**
     * Decodes {@code entries} raw FIFO entries (6 bytes each: x, y, z little-endian, right-justified,
     * sign-extended) into x, y, z values scaled by {@code unitPerLsb}.
     */
    public static void decode(
        final byte[] raw, final int rawOffset, final int entries, final double unitPerLsb, final double[] dst, final int dstOffset)
    {
        int in = rawOffset;
        int out = dstOffset;
        final int end = rawOffset + entries * ENTRY_BYTES;
        while (in < end)
        {
            dst[out] = axis(raw, in) * unitPerLsb;
            dst[out + 1] = axis(raw, in + 2) * unitPerLsb;
            dst[out + 2] = axis(raw, in + 4) * unitPerLsb;
            in += ENTRY_BYTES;
            out += 3;
        }
    }

    /** As {@link #decode(byte[], int, int, double, double[], int)}, into floats. */
    public static void decode(
        final byte[] raw, final int rawOffset, final int entries, final float unitPerLsb, final float[] dst, final int dstOffset)
    {
        int in = rawOffset;
        int out = dstOffset;
        final int end = rawOffset + entries * ENTRY_BYTES;
        while (in < end)
        {
            dst[out] = axis(raw, in) * unitPerLsb;
            dst[out + 1] = axis(raw, in + 2) * unitPerLsb;
            dst[out + 2] = axis(raw, in + 4) * unitPerLsb;
            in += ENTRY_BYTES;
            out += 3;
        }
    }

    /** One axis of a FIFO entry: little-endian, right-justified, sign-extended. */
    private static short axis(final byte[] raw, final int at)
    {
        return (short)((raw[at + 1] << 8) | (raw[at] & 0xFF));
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = unit();
        final int samples = readFifo(batch, 0, FIFO_DEPTH);
        if (samples < 0)
        {
            out.fault(samples, nowNs);
            return samples;
        }
        accumulate(samples);
        if (blockCount >= rmsWindowSamples)
        {
            final double mean = blockSum / blockCount;
            lastValue = Math.sqrt(Math.max(0.0, blockSumSquares / blockCount - mean * mean));
            lastTimestampNs = nowNs;
            blockSum = 0;
            blockSumSquares = 0;
            blockCount = 0;
        }
        if (Double.isNaN(lastValue))
        {
            out.value = Double.NaN;
            out.timestampNs = nowNs;
            out.status = SensorStatus.STALE;
            out.errorCode = 0;
        }
        else
        {
            out.ok(lastValue, lastTimestampNs);
        }
        return samples;
    }

    private void accumulate(final int samples)
    {
        for (int i = 0; i < samples; i++)
        {
            final int at = i * 3;
            final double value;
            switch (axis)
            {
                case X: value = batch[at]; break;
                case Y: value = batch[at + 1]; break;
                case Z: value = batch[at + 2]; break;
                default: value = Math.sqrt(batch[at] * batch[at] + batch[at + 1] * batch[at + 1] + batch[at + 2] * batch[at + 2]); break;
            }
            blockSum += value;
            blockSumSquares += value * value;
            if (tap != null)
            {
                tap.offer(value);
            }
        }
        blockCount += samples;
    }

    private int drain(final int maxEntries)
    {
        int result = bus.readRegisters(FIFO_STATUS, register, 0, 1);
        if (result < 0)
        {
            return result;
        }
        final int available = register[0] & FIFO_ENTRIES_MASK;
        if (available >= FIFO_DEPTH)
        {
            // A full FIFO may have overflowed; OVERRUN tells (and reading INT_SOURCE is cheap next to 32 entries).
            result = bus.readRegisters(INT_SOURCE, register, 0, 1);
            if (result < 0)
            {
                return result;
            }
            if ((register[0] & INT_OVERRUN) != 0)
            {
                overruns++;
            }
        }
        final int entries = Math.min(available, Math.max(0, maxEntries));
        for (int i = 0; i < entries; i++)
        {
            result = bus.readRegisters(DATAX0, raw, i * ENTRY_BYTES, ENTRY_BYTES);
            if (result < 0)
            {
                return result;
            }
        }
        samplesRead += entries;
        return entries;
    }

    @Override
    public int configRegisterCount()
    {
        return configRegisters.length;
    }

    @Override
    public ConfigRegister configRegister(final int index)
    {
        return configRegisters[index];
    }

    @Override
    public int checkConfigRegister(final int index)
    {
        return configRegisters[index].check(bus, checkBuffer);
    }

    private int write(final int reg, final int value)
    {
        return bus.writeRegister(reg, value);
    }

    private void checkReadBack(final int reg, final int expected) throws HardwareException
    {
        final int result = bus.readRegisters(reg, register, 0, 1);
        if (result < 0)
        {
            throw fail(": read-back of register 0x" + Integer.toHexString(reg) + " failed (" + BusResult.name(result) + ")");
        }
        if ((register[0] & 0xFF) != expected)
        {
            throw fail(": " + readBack("register 0x" + Integer.toHexString(reg), register[0] & 0xFF, expected));
        }
    }

    private HardwareException fail(final String what)
    {
        return failed("ADXL345 '" + id() + "' on " + bus.describe() + what);
    }
}
