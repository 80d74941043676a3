package io.ironloop.hal.bus;

/**
 * An I2C bus (e.g. {@code /dev/i2c-1}). Callers pass their own buffers, so a transfer never allocates.
 * Implementations are used by one thread at a time (the bus's acquisition agent).
 */
public interface I2cBus
{
    /** Bus number as the kernel names it ({@code 1} for {@code /dev/i2c-1}). */
    int busNumber();

    /** Writes the register pointer, then reads {@code length} bytes. Returns length or a negative {@link BusResult}. */
    int readRegister(int address, int register, byte[] dst, int offset, int length);

    /** Writes the register pointer followed by {@code length} bytes. Returns length or a negative {@link BusResult}. */
    int writeRegister(int address, int register, byte[] src, int offset, int length);

    /** Plain read without a register pointer. Returns length or a negative {@link BusResult}. */
    int read(int address, byte[] dst, int offset, int length);

    /** Plain write without a register pointer. Returns length or a negative {@link BusResult}. */
    int write(int address, byte[] src, int offset, int length);
}
