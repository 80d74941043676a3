package io.ironloop.hal.sim;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.SpiBus;
import org.agrona.concurrent.NanoClock;

/**
 * A simulated SPI bus with device models per chip select. A chip select with no device reads all ones
 * (MISO pulled up), as an empty socket does on real hardware.
 */
public final class SimSpiBus implements SpiBus
{
    private final int busNumber;
    private final NanoClock clock;
    private final SpiDeviceModel[] devices;
    private final BusFaults faults;
    private final boolean serialized;

    public SimSpiBus(final int busNumber, final int chipSelects, final NanoClock clock)
    {
        this(busNumber, chipSelects, clock, true);
    }

    /** @param serialized whether transfers take the bus's lock (false: the bus is used from one thread only) */
    public SimSpiBus(final int busNumber, final int chipSelects, final NanoClock clock, final boolean serialized)
    {
        this.serialized = serialized;
        this.busNumber = busNumber;
        this.clock = clock;
        this.devices = new SpiDeviceModel[chipSelects];
        this.faults = new BusFaults(chipSelects);
    }

    /** Places a device model on a chip select. */
    public SimSpiBus attach(final int chipSelect, final SpiDeviceModel device)
    {
        if (devices[chipSelect] != null)
        {
            throw new IllegalStateException("SPI bus " + busNumber + " already has a device on CS" + chipSelect);
        }
        devices[chipSelect] = device;
        return this;
    }

    /** Removes the device on a chip select. */
    public void detach(final int chipSelect)
    {
        devices[chipSelect] = null;
    }

    /** The device model on a chip select, or null. */
    public SpiDeviceModel deviceAt(final int chipSelect)
    {
        return chipSelect >= 0 && chipSelect < devices.length ? devices[chipSelect] : null;
    }

    /** Fault injection, indexed by chip select. */
    public BusFaults faults()
    {
        return faults;
    }

    @Override
    public int busNumber()
    {
        return busNumber;
    }

    @Override
    public int transfer(final int chipSelect, final byte[] tx, final byte[] rx, final int length)
    {
        if (serialized)
        {
            synchronized (this)
            {
                return transferNow(chipSelect, tx, rx, length);
            }
        }
        return transferNow(chipSelect, tx, rx, length);
    }

    private int transferNow(final int chipSelect, final byte[] tx, final byte[] rx, final int length)
    {
        if (chipSelect < 0 || chipSelect >= devices.length)
        {
            return BusResult.NOT_OPEN;
        }
        final int fault = faults.check(chipSelect);
        if (fault < 0)
        {
            return fault;
        }
        final SpiDeviceModel device = devices[chipSelect];
        if (device == null)
        {
            for (int i = 0; i < length; i++)
            {
                rx[i] = (byte)0xFF;
            }
            return length;
        }
        return device.transfer(clock.nanoTime(), tx, rx, length);
    }
}
