package io.ironloop.hal.driver.adxl345;

import io.ironloop.hal.bus.I2cBus;

/** ADXL345 on I2C: a register-pointer write then a read; the chip auto-increments on multi-byte reads. */
public final class Adxl345I2c implements Adxl345Bus
{
    private final I2cBus bus;
    private final int address;
    private final byte[] one = new byte[1];

    public Adxl345I2c(final I2cBus bus, final int address)
    {
        this.bus = bus;
        this.address = address;
    }

    @Override
    public int readRegisters(final int register, final byte[] dst, final int offset, final int length)
    {
        return bus.readRegister(address, register, dst, offset, length);
    }

    @Override
    public int writeRegister(final int register, final int value)
    {
        one[0] = (byte)value;
        return bus.writeRegister(address, register, one, 0, 1);
    }

    @Override
    public String describe()
    {
        return "i2c-" + bus.busNumber() + " at 0x" + Integer.toHexString(address);
    }
}
