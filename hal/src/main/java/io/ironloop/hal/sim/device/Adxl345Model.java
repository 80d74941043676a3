package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.I2cDeviceModel;
import io.ironloop.hal.sim.SpiDeviceModel;

import static io.ironloop.hal.driver.adxl345.Adxl345Registers.*;

/**
 * Register-level ADXL345, usable on SPI (4-wire, read and multi-byte bits) and I2C (pointer write,
 * auto-increment). While POWER_CTL.Measure is set it converts its three input signals (g) at the
 * BW_RATE output data rate as virtual time passes, in the DATA_FORMAT of the moment (range, full
 * resolution, justify, saturation at the range's limits), and stores them:
 * <ul>
 *   <li>bypass: the data registers hold the latest sample; one not read before the next sets OVERRUN;</li>
 *   <li>FIFO: up to 32 entries, then further samples are lost and OVERRUN is set;</li>
 *   <li>stream (and trigger, whose trigger event is not modelled): the oldest entry is overwritten when
 *       full, OVERRUN is set.</li>
 * </ul>
 * A read transaction that touches DATAX0..DATAZ1 pops one entry when it ends; FIFO_STATUS reports the
 * entries (0..32); INT_SOURCE reports DATA_READY, WATERMARK (entries at least FIFO_CTL.samples) and
 * OVERRUN, which reading data clears. Switching to bypass clears the FIFO. Allocation-free.
 */
public final class Adxl345Model implements I2cDeviceModel, SpiDeviceModel
{
    /** Offset register scale: 15.6 mg/LSB. */
    private static final double OFFSET_G_PER_LSB = 0.0156;
    /** Above this many pending periods, skip ahead instead of generating every lost sample. */
    private static final int MAX_CATCH_UP = 2 * FIFO_DEPTH;

    private final AnalogSignal[] axes = new AnalogSignal[3];
    private final int[] registers = new int[REGISTER_COUNT];
    private final short[] fifo = new short[FIFO_DEPTH * 3];
    private final short[] latest = new short[3];
    private int head;
    private int count;
    private boolean latestUnread;
    private boolean overrun;
    private long nextSampleNs;
    private int pointer;
    private boolean dataTouched;
    private long samplesProduced;
    private long samplesLost;

    /** @param x signal on the x axis in g (null reads 0 g), likewise y and z */
    public Adxl345Model(final AnalogSignal x, final AnalogSignal y, final AnalogSignal z)
    {
        axes[0] = x;
        axes[1] = y;
        axes[2] = z;
        registers[DEVID] = DEVICE_ID;
        registers[BW_RATE] = BW_RATE_RESET;
    }

    /** Replaces the value of a read-only register, e.g. DEVID to test the driver's identity check. */
    public void forceRegister(final int register, final int value)
    {
        registers[register] = value & 0xFF;
    }

    /** Entries in the FIFO now (without advancing time). */
    public int fifoEntries()
    {
        return count;
    }

    /** Samples converted so far. */
    public long samplesProduced()
    {
        return samplesProduced;
    }

    /** Samples lost to a full FIFO (FIFO mode) or overwritten unread (stream mode, bypass). */
    public long samplesLost()
    {
        return samplesLost;
    }

    /** Current value of a register (for tests). */
    public int register(final int register)
    {
        return registers[register];
    }

    // ---- I2C ----

    @Override
    public int write(final long nowNs, final byte[] src, final int offset, final int length)
    {
        if (length < 1)
        {
            return BusResult.IO_ERROR;
        }
        update(nowNs);
        pointer = src[offset] & 0x3F;
        for (int i = 1; i < length; i++)
        {
            writeRegister(nowNs, pointer, src[offset + i] & 0xFF);
            pointer = (pointer + 1) & 0x3F;
        }
        return length;
    }

    @Override
    public int read(final long nowNs, final byte[] dst, final int offset, final int length)
    {
        update(nowNs);
        dataTouched = false;
        if (pointer == DATAX0 && length == ENTRY_BYTES)
        {
            // One FIFO entry, the read a driver's drain makes per entry: the six data registers in one go,
            // as readRegister would give them one by one (same entry, low byte first).
            final boolean fromLatest = fifoMode() == FIFO_BYPASS || count == 0;
            for (int axis = 0; axis < 3; axis++)
            {
                final int value = fromLatest ? latest[axis] : fifo[head * 3 + axis];
                dst[offset + 2 * axis] = (byte)value;
                dst[offset + 2 * axis + 1] = (byte)(value >>> 8);
            }
            dataTouched = true;
            pointer = (pointer + ENTRY_BYTES) & 0x3F;
            endOfRead();
            return length;
        }
        for (int i = 0; i < length; i++)
        {
            dst[offset + i] = (byte)readRegister(pointer);
            pointer = (pointer + 1) & 0x3F;
        }
        endOfRead();
        return length;
    }

    // ---- SPI ----

    @Override
    public int transfer(final long nowNs, final byte[] tx, final byte[] rx, final int length)
    {
        if (length < 1)
        {
            return BusResult.IO_ERROR;
        }
        update(nowNs);
        final int command = tx[0] & 0xFF;
        final boolean reading = (command & SPI_READ) != 0;
        final boolean multiByte = (command & SPI_MULTI_BYTE) != 0;
        int reg = command & 0x3F;
        rx[0] = 0;
        dataTouched = false;
        for (int i = 1; i < length; i++)
        {
            if (reading)
            {
                rx[i] = (byte)readRegister(reg);
            }
            else
            {
                writeRegister(nowNs, reg, tx[i] & 0xFF);
                rx[i] = 0;
            }
            if (multiByte)
            {
                reg = (reg + 1) & 0x3F;
            }
        }
        if (reading)
        {
            endOfRead();
        }
        return length;
    }

    // ---- registers ----

    private int readRegister(final int reg)
    {
        if (reg >= REGISTER_COUNT)
        {
            return 0;
        }
        if (reg >= DATAX0 && reg <= DATAZ1)
        {
            dataTouched = true;
            final int index = (reg - DATAX0) >>> 1;
            final int value = fifoMode() == FIFO_BYPASS || count == 0 ? latest[index] : fifo[head * 3 + index];
            return ((reg - DATAX0) & 1) == 0 ? value & 0xFF : (value >>> 8) & 0xFF;
        }
        if (reg == FIFO_STATUS)
        {
            return count & FIFO_ENTRIES_MASK;
        }
        if (reg == INT_SOURCE)
        {
            final boolean ready = fifoMode() == FIFO_BYPASS ? latestUnread : count > 0;
            final int watermark = registers[FIFO_CTL] & FIFO_SAMPLES_MASK;
            return (ready ? INT_DATA_READY : 0)
                | (fifoMode() != FIFO_BYPASS && count >= watermark && watermark > 0 ? INT_WATERMARK : 0)
                | (overrun ? INT_OVERRUN : 0);
        }
        return registers[reg];
    }

    private void writeRegister(final long nowNs, final int reg, final int value)
    {
        final boolean writable = (reg >= 0x1D && reg <= 0x2A) || (reg >= BW_RATE && reg <= INT_MAP)
            || reg == DATA_FORMAT || reg == FIFO_CTL;
        if (!writable)
        {
            return;
        }
        final int before = registers[reg];
        registers[reg] = value;
        if (reg == POWER_CTL && (before & POWER_MEASURE) == 0 && (value & POWER_MEASURE) != 0)
        {
            nextSampleNs = nowNs + periodNs(registers[BW_RATE]);
        }
        else if (reg == BW_RATE && (before & BW_RATE_MASK) != (value & BW_RATE_MASK))
        {
            nextSampleNs = nowNs + periodNs(value);
        }
        else if (reg == FIFO_CTL && ((value >>> FIFO_MODE_SHIFT) & 0x3) == FIFO_BYPASS)
        {
            count = 0;
            head = 0;
        }
    }

    private void endOfRead()
    {
        if (!dataTouched)
        {
            return;
        }
        overrun = false;
        if (fifoMode() == FIFO_BYPASS || count == 0)
        {
            latestUnread = false;
            return;
        }
        head = (head + 1) % FIFO_DEPTH;
        count--;
    }

    private int fifoMode()
    {
        return (registers[FIFO_CTL] >>> FIFO_MODE_SHIFT) & 0x3;
    }

    // ---- conversion ----

    private void update(final long nowNs)
    {
        if ((registers[POWER_CTL] & POWER_MEASURE) == 0)
        {
            return;
        }
        if (nowNs - nextSampleNs < 0)
        {
            return; // no sample due yet (most transactions of a FIFO drain)
        }
        final long periodNs = periodNs(registers[BW_RATE]);
        long pending = (nowNs - nextSampleNs) / periodNs + 1;
        if (pending > MAX_CATCH_UP)
        {
            // Long gap: only the last FIFO-full of samples can survive; count the rest as lost.
            final long skipped = pending - MAX_CATCH_UP;
            samplesProduced += skipped;
            samplesLost += skipped;
            overrun = true;
            nextSampleNs += skipped * periodNs;
            pending = MAX_CATCH_UP;
        }
        for (long i = 0; i < pending; i++)
        {
            convert(nextSampleNs);
            nextSampleNs += periodNs;
        }
    }

    private void convert(final long atNs)
    {
        final int format = registers[DATA_FORMAT];
        final int bits = resolutionBits(format);
        final double lsbPerG = 1.0 / gPerLsb(format); // one division per sample, not one per axis
        final int max = (1 << (bits - 1)) - 1;
        final int min = -(1 << (bits - 1));
        final short x = code(0, OFSX, atNs, lsbPerG, min, max, bits, format);
        final short y = code(1, OFSY, atNs, lsbPerG, min, max, bits, format);
        final short z = code(2, OFSZ, atNs, lsbPerG, min, max, bits, format);
        samplesProduced++;
        latest[0] = x;
        latest[1] = y;
        latest[2] = z;
        switch (fifoMode())
        {
            case FIFO_BYPASS:
                if (latestUnread)
                {
                    overrun = true;
                    samplesLost++;
                }
                latestUnread = true;
                return;
            case FIFO_FIFO:
                if (count == FIFO_DEPTH)
                {
                    overrun = true;
                    samplesLost++;
                    return;
                }
                break;
            default:
                if (count == FIFO_DEPTH)
                {
                    head = (head + 1) % FIFO_DEPTH;
                    count--;
                    overrun = true;
                    samplesLost++;
                }
                break;
        }
        final int tail = (head + count) % FIFO_DEPTH;
        fifo[tail * 3] = x;
        fifo[tail * 3 + 1] = y;
        fifo[tail * 3 + 2] = z;
        count++;
    }

    private short code(
        final int axis, final int offsetRegister, final long atNs, final double lsbPerG,
        final int min, final int max, final int bits, final int format)
    {
        final AnalogSignal input = axes[axis];
        final double g = (input == null ? 0.0 : input.valueAt(atNs)) + (byte)registers[offsetRegister] * OFFSET_G_PER_LSB;
        final long counts = Math.max(min, Math.min(max, Math.round(g * lsbPerG)));
        return (short)((format & FORMAT_JUSTIFY) != 0 ? counts << (16 - bits) : counts);
    }
}
