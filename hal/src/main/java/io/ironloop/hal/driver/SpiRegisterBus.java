package io.ironloop.hal.driver;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.bus.SpiBus;

/**
 * Registers of a chip on 4-wire SPI: the first byte of a frame carries the register and the chip's
 * read (and multi-byte) bits, data follows in the same chip-select frame. The bits differ per chip,
 * so each chip's register map names its {@link Convention}. Preallocated frames keep transfers
 * allocation-free.
 */
public final class SpiRegisterBus implements RegisterBus
{
    /**
     * A chip's command byte.
     *
     * @param readBit set to read, clear to write
     * @param multiByteBit set on reads of more than one register (0 if the chip auto-increments anyway)
     * @param addressMask the register bits of the command byte
     * @param maxBurst the longest read in registers
     */
    public record Convention(int readBit, int multiByteBit, int addressMask, int maxBurst)
    {
    }

    private final SpiBus bus;
    private final int chipSelect;
    private final Convention convention;
    private final byte[] tx;
    private final byte[] rx;

    public SpiRegisterBus(final SpiBus bus, final int chipSelect, final Convention convention)
    {
        this.bus = bus;
        this.chipSelect = chipSelect;
        this.convention = convention;
        this.tx = new byte[1 + convention.maxBurst()];
        this.rx = new byte[1 + convention.maxBurst()];
    }

    @Override
    public int readRegisters(final int register, final byte[] dst, final int offset, final int length)
    {
        if (length + 1 > tx.length)
        {
            return BusResult.IO_ERROR;
        }
        tx[0] = (byte)(convention.readBit() | (length > 1 ? convention.multiByteBit() : 0) | (register & convention.addressMask()));
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
        tx[0] = (byte)(register & convention.addressMask());
        tx[1] = (byte)value;
        final int result = bus.transfer(chipSelect, tx, rx, 2);
        return result < 0 ? result : 1;
    }

    @Override
    public String describe()
    {
        return DeviceLifecycle.spiChipSelect(bus, chipSelect);
    }
}
