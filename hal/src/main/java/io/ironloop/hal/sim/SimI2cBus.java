package io.ironloop.hal.sim;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.I2cBus;
import org.agrona.concurrent.NanoClock;

/**
 * A simulated I2C bus: 7-bit addresses map to {@link I2cDeviceModel}s; an empty address NACKs, as on
 * a real bus. Allocation-free; the register pointer is sent as a separate one-byte write, as the
 * kernel's combined write/read transfer does. Transfers are serialized, as the kernel serializes
 * them per adapter, because the control agent (outputs) and an acquisition agent (inputs) may share a bus
 * (unless the board is {@link SimBoard#confined confined} to one thread, as under lockstep).
 */
public final class SimI2cBus implements I2cBus
{
    private final int busNumber;
    private final NanoClock clock;
    private final I2cDeviceModel[] devices = new I2cDeviceModel[128];
    private final BusFaults faults = new BusFaults(128);
    private final byte[] frame = new byte[256];
    private long transfers;
    private final boolean serialized;

    public SimI2cBus(final int busNumber, final NanoClock clock)
    {
        this(busNumber, clock, true);
    }

    /** @param serialized whether transfers take the bus's lock (false: the bus is used from one thread only) */
    public SimI2cBus(final int busNumber, final NanoClock clock, final boolean serialized)
    {
        this.serialized = serialized;
        this.busNumber = busNumber;
        this.clock = clock;
    }

    /** Places a device model at an address. */
    public SimI2cBus attach(final int address, final I2cDeviceModel device)
    {
        if (devices[address] != null)
        {
            throw new IllegalStateException("I2C bus " + busNumber + " already has a device at 0x" + Integer.toHexString(address));
        }
        devices[address] = device;
        return this;
    }

    /** Removes the device at an address: transfers to it then NACK (a device that disappeared). */
    public void detach(final int address)
    {
        devices[address] = null;
    }

    /** The device model at an address, or null (tests reach a model the wiring attached). */
    public I2cDeviceModel deviceAt(final int address)
    {
        return address >= 0 && address < devices.length ? devices[address] : null;
    }

    /** Fault injection for this bus. */
    public BusFaults faults()
    {
        return faults;
    }

    /** Number of transfers attempted, for tests. */
    public long transfers()
    {
        return transfers;
    }

    @Override
    public int busNumber()
    {
        return busNumber;
    }

    @Override
    public int readRegister(final int address, final int register, final byte[] dst, final int offset, final int length)
    {
        if (serialized)
        {
            synchronized (this)
            {
                return readRegisterNow(address, register, dst, offset, length);
            }
        }
        return readRegisterNow(address, register, dst, offset, length);
    }

    @Override
    public int writeRegister(final int address, final int register, final byte[] src, final int offset, final int length)
    {
        if (serialized)
        {
            synchronized (this)
            {
                return writeRegisterNow(address, register, src, offset, length);
            }
        }
        return writeRegisterNow(address, register, src, offset, length);
    }

    @Override
    public int read(final int address, final byte[] dst, final int offset, final int length)
    {
        if (serialized)
        {
            synchronized (this)
            {
                return readUnlocked(address, dst, offset, length);
            }
        }
        return readUnlocked(address, dst, offset, length);
    }

    @Override
    public int write(final int address, final byte[] src, final int offset, final int length)
    {
        if (serialized)
        {
            synchronized (this)
            {
                return writeUnlocked(address, src, offset, length);
            }
        }
        return writeUnlocked(address, src, offset, length);
    }

    private int readRegisterNow(final int address, final int register, final byte[] dst, final int offset, final int length)
    {
        final int pointer = writeByte(address, register);
        if (pointer < 0)
        {
            return pointer;
        }
        return readUnlocked(address, dst, offset, length);
    }

    private int writeRegisterNow(final int address, final int register, final byte[] src, final int offset, final int length)
    {
        if (length + 1 > frame.length)
        {
            return BusResult.IO_ERROR;
        }
        frame[0] = (byte)register;
        System.arraycopy(src, offset, frame, 1, length);
        final int result = writeUnlocked(address, frame, 0, length + 1);
        return result < 0 ? result : length;
    }

    // One lock per transfer: the combined register transfers call these, not the locked entry points.
    private int readUnlocked(final int address, final byte[] dst, final int offset, final int length)
    {
        final I2cDeviceModel device = device(address);
        if (device == null)
        {
            return BusResult.NACK;
        }
        final int fault = faults.check(address);
        return fault < 0 ? fault : device.read(clock.nanoTime(), dst, offset, length);
    }

    private int writeUnlocked(final int address, final byte[] src, final int offset, final int length)
    {
        final I2cDeviceModel device = device(address);
        if (device == null)
        {
            return BusResult.NACK;
        }
        final int fault = faults.check(address);
        return fault < 0 ? fault : device.write(clock.nanoTime(), src, offset, length);
    }

    private int writeByte(final int address, final int value)
    {
        frame[0] = (byte)value;
        return writeUnlocked(address, frame, 0, 1);
    }

    private I2cDeviceModel device(final int address)
    {
        transfers++;
        return address >= 0 && address < 128 ? devices[address] : null;
    }
}
