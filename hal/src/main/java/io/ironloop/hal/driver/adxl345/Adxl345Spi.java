package io.ironloop.hal.driver.adxl345;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.SpiBus;

import static io.ironloop.hal.driver.adxl345.Adxl345Registers.SPI_MULTI_BYTE;
import static io.ironloop.hal.driver.adxl345.Adxl345Registers.SPI_READ;

/**
 * ADXL345 on 4-wire SPI (mode 3): the first byte carries read and multi-byte bits and the register;
 * data follows in the same chip-select frame. Preallocated frames keep transfers allocation-free.
 */
public final class Adxl345Spi implements Adxl345Bus
{
    /** Largest frame: command byte plus every register. */
    private static final int MAX_FRAME = 1 + Adxl345Registers.REGISTER_COUNT;

    private final SpiBus bus;
    private final int chipSelect;
    private final byte[] tx = new byte[MAX_FRAME];
    private final byte[] rx = new byte[MAX_FRAME];

    public Adxl345Spi(final SpiBus bus, final int chipSelect)
    {
        this.bus = bus;
        this.chipSelect = chipSelect;
    }

    @Override
    public int readRegisters(final int register, final byte[] dst, final int offset, final int length)
    {
        if (length + 1 > MAX_FRAME)
        {
            return BusResult.IO_ERROR;
        }
        tx[0] = (byte)(SPI_READ | (length > 1 ? SPI_MULTI_BYTE : 0) | (register & 0x3F));
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
        tx[0] = (byte)(register & 0x3F);
        tx[1] = (byte)value;
        final int result = bus.transfer(chipSelect, tx, rx, 2);
        return result < 0 ? result : 1;
    }

    @Override
    public String describe()
    {
        return "spi" + bus.busNumber() + " CS" + chipSelect;
    }
}
