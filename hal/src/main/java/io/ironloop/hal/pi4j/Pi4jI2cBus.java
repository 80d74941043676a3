package io.ironloop.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One I2C bus through Pi4J. Our {@link I2cBus} is addressed per call, Pi4J's {@link I2C} is one object
 * per device: the device object is created on the first transfer to an address (in practice the
 * driver's {@code configure()}, at start-up) and kept in an array indexed by address, so steady-state
 * transfers only index the array.
 *
 * <p>Two transfer paths, chosen by provider:
 * <ul>
 * <li>{@code linuxfs-i2c} (the kernel's i2c-dev): a register write is one plain write of
 *   {@code [register, data...]} from a frame buffer this bus owns; a register read is a one-byte
 *   pointer write, then a plain read straight into the caller's buffer. This avoids Pi4J 2.8's
 *   {@code readRegister(int, byte[], int, int)}, which allocates a 2 KiB {@code ByteBuffer}, an
 *   {@code IntBuffer} and three arrays per call (and ignores the destination offset), and its
 *   {@code writeRegister(int, byte[], int, int)}, which copies into a new array per call. The price: a
 *   STOP between pointer and data instead of a repeated START, which every register-pointer chip we
 *   drive (ADS1115, BME280, INA219, MCP23017, PCA9685, MCP4725) accepts.</li>
 * <li>anything else (Pi4J's mock): Pi4J's register methods, because the mock keeps raw bytes and
 *   register bytes in separate FIFOs and a raw pointer write would land in the wrong one.</li>
 * </ul>
 * The int-returning single-byte methods ({@code read()}, {@code readRegister(int)}) are never used:
 * the mock returns them sign-extended (0xC3 comes back as -61), which would read as an error code.
 *
 * <p>Residual allocation per transfer on linuxfs: Pi4J's {@code LinuxFsI2CBus.execute} wraps each call
 * in two capturing lambdas (a few dozen bytes; C2 often scalar-replaces them). A failed transfer
 * allocates Pi4J's exception chain; that is the fault path.
 */
final class Pi4jI2cBus implements I2cBus
{
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jI2cBus.class);
    private static final int MAX_FRAME = 256;

    private final Context context;
    private final int busNumber;
    private final String provider;
    private final boolean rawPointerTransfers;
    private final I2C[] devices = new I2C[128];
    private final byte[] frame = new byte[MAX_FRAME + 1];

    Pi4jI2cBus(final Context context, final int busNumber, final String provider)
    {
        this.context = context;
        this.busNumber = busNumber;
        this.provider = provider;
        this.rawPointerTransfers = Pi4jBoard.LINUXFS_I2C.equals(provider);
    }

    @Override
    public int busNumber()
    {
        return busNumber;
    }

    @Override
    public synchronized int readRegister(final int address, final int register, final byte[] dst, final int offset, final int length)
    {
        final I2C device = device(address);
        if (device == null)
        {
            return BusResult.IO_ERROR;
        }
        try
        {
            if (rawPointerTransfers)
            {
                frame[0] = (byte)register;
                final int written = device.write(frame, 0, 1);
                if (written != 1)
                {
                    return BusResult.IO_ERROR;
                }
                return complete(device.read(dst, offset, length), length);
            }
            return complete(device.readRegister(register, dst, offset, length), length);
        }
        catch (final RuntimeException ex)
        {
            return BusFailure.resultOf(ex);
        }
    }

    @Override
    public synchronized int writeRegister(final int address, final int register, final byte[] src, final int offset, final int length)
    {
        if (length > MAX_FRAME)
        {
            return BusResult.IO_ERROR;
        }
        final I2C device = device(address);
        if (device == null)
        {
            return BusResult.IO_ERROR;
        }
        try
        {
            if (rawPointerTransfers)
            {
                frame[0] = (byte)register;
                System.arraycopy(src, offset, frame, 1, length);
                final int written = device.write(frame, 0, length + 1);
                return written == length + 1 ? length : BusResult.IO_ERROR;
            }
            return complete(device.writeRegister(register, src, offset, length), length);
        }
        catch (final RuntimeException ex)
        {
            return BusFailure.resultOf(ex);
        }
    }

    @Override
    public synchronized int read(final int address, final byte[] dst, final int offset, final int length)
    {
        final I2C device = device(address);
        if (device == null)
        {
            return BusResult.IO_ERROR;
        }
        try
        {
            return complete(device.read(dst, offset, length), length);
        }
        catch (final RuntimeException ex)
        {
            return BusFailure.resultOf(ex);
        }
    }

    @Override
    public synchronized int write(final int address, final byte[] src, final int offset, final int length)
    {
        final I2C device = device(address);
        if (device == null)
        {
            return BusResult.IO_ERROR;
        }
        try
        {
            return complete(device.write(src, offset, length), length);
        }
        catch (final RuntimeException ex)
        {
            return BusFailure.resultOf(ex);
        }
    }

    /** The Pi4J device object of an address, for tests. */
    synchronized I2C pi4jDevice(final int address)
    {
        return devices[address];
    }

    /** Pi4J device id of an address on this bus. */
    static String deviceId(final int busNumber, final int address)
    {
        return String.format("i2c-%d-0x%02x", busNumber, address);
    }

    private static int complete(final int moved, final int length)
    {
        // a short transfer (or the mock's -1 for "no data") is not a measurement
        return moved == length ? length : BusResult.IO_ERROR;
    }

    private I2C device(final int address)
    {
        if (address < 0 || address >= devices.length)
        {
            return null;
        }
        final I2C existing = devices[address];
        if (existing != null)
        {
            return existing;
        }
        // first use of an address: at configure time in practice, where allocating is allowed; a missing
        // native library (JNA, libpi4j-linuxfs) shows up here as a LinkageError and becomes a failed transfer
        try
        {
            final I2C created = context.create(I2C.newConfigBuilder(context)
                .id(deviceId(busNumber, address))
                .bus(busNumber)
                .device(address)
                .provider(provider)
                .build());
            devices[address] = created;
            return created;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.warn("cannot open I2C device 0x{} on bus {} through {}: {}", Integer.toHexString(address), busNumber, provider, ex.toString());
            return null;
        }
    }
}
