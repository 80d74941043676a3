package io.ironloop.hal.driver.bme280;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.SpiBus;

/** The BME280 on 4-wire SPI (mode 0/3): address byte with bit 7 = 1 to read, 0 to write. */
public final class Bme280Spi implements Bme280Bus
{
    private static final int READ = 0x80;
    private final SpiBus bus;
    private final int chipSelect;
    private final byte[] tx = new byte[1 + 32];
    private final byte[] rx = new byte[1 + 32];

    public Bme280Spi(final SpiBus bus, final int chipSelect)
    {
        this.bus = bus;
        this.chipSelect = chipSelect;
    }

    @Override
    public int readRegisters(final int register, final byte[] dst, final int offset, final int length)
    {
        if (length + 1 > tx.length)
        {
            return BusResult.IO_ERROR;
        }
        tx[0] = (byte)(register | READ);
        for (int i = 1; i <= length; i++)
        {
            tx[i] = 0;
        }
        final int result = bus.transfer(chipSelect, tx, rx, length + 1);
        if (result < 0)
        {
            return result;
        }
        System.arraycopy(rx, 1, dst, offset, length);
        return length;
    }

    @Override
    public int writeRegister(final int register, final int value)
    {
        tx[0] = (byte)(register & ~READ);
        tx[1] = (byte)value;
        return bus.transfer(chipSelect, tx, rx, 2);
    }

    @Override
    public String describe()
    {
        return "spi" + bus.busNumber() + " CS" + chipSelect;
    }
}
