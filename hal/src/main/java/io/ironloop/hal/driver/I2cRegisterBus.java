package io.ironloop.hal.driver;

import io.ironloop.hal.bus.I2cBus;

/** Registers of a chip on I2C: a register-pointer write, then the read or write; the chip auto-increments. */
public final class I2cRegisterBus implements RegisterBus
{
    private final I2cBus bus;
    private final int address;
    private final byte[] one = new byte[1];

    public I2cRegisterBus(final I2cBus bus, final int address)
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
        return DeviceLifecycle.i2cAddress(bus, address);
    }
}
