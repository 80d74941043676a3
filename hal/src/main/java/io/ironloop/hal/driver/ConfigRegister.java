package io.ironloop.hal.driver;

/**
 * One configuration register a driver writes at configure and expects the chip to keep, as data:
 * PX4's register-check table entry. A chip that browned out reads its power-on value instead, which
 * the supervisor notices by re-reading one entry every N reads ({@link ConfigRegisters}).
 *
 * @param name how messages name the register ({@code config}, {@code ctrl_meas})
 * @param register the register address
 * @param width 1 or 2 bytes; two-byte registers are read MSB first
 * @param expected the value configure wrote
 * @param mask the bits that must hold (status and self-clearing bits masked out)
 */
public record ConfigRegister(String name, int register, int width, int expected, int mask)
{
    public ConfigRegister
    {
        if (width != 1 && width != 2)
        {
            throw new IllegalArgumentException("config register '" + name + "' must be 1 or 2 bytes wide, got " + width);
        }
    }

    /** A one-byte register whose every bit must hold. */
    public static ConfigRegister byteRegister(final String name, final int register, final int expected)
    {
        return new ConfigRegister(name, register, 1, expected & 0xFF, 0xFF);
    }

    /** A two-byte (MSB first) register whose every bit must hold. */
    public static ConfigRegister wordRegister(final String name, final int register, final int expected)
    {
        return new ConfigRegister(name, register, 2, expected & 0xFFFF, 0xFFFF);
    }

    /** True when {@code value} read back from the chip still holds this entry's configured bits. */
    public boolean holds(final int value)
    {
        return (value & mask) == (expected & mask);
    }

    /**
     * Reads this register through {@code bus} into {@code scratch} (at least 2 bytes) and compares it.
     *
     * @return {@link ConfigRegisters#HELD}, {@link ConfigRegisters#LOST} or a negative BusResult
     */
    public int check(final RegisterBus bus, final byte[] scratch)
    {
        final int result = bus.readRegisters(register, scratch, 0, width);
        if (result < 0)
        {
            return result;
        }
        final int value = width == 1 ? scratch[0] & 0xFF : ((scratch[0] & 0xFF) << 8) | (scratch[1] & 0xFF);
        return holds(value) ? ConfigRegisters.HELD : ConfigRegisters.LOST;
    }
}
