package io.ironloop.hal.driver;

/**
 * How a register-mapped chip's driver reaches its registers: one small shim per bus (PX4 style), so
 * the driver's logic is the same on I2C ({@link I2cRegisterBus}) and SPI ({@link SpiRegisterBus}).
 * Multi-byte reads auto-increment the register. Caller buffers; never throws, never allocates.
 */
public interface RegisterBus
{
    /** Reads {@code length} consecutive registers from {@code register}. Returns length or a negative BusResult. */
    int readRegisters(int register, byte[] dst, int offset, int length);

    /** Writes one register. Returns 0 or more, or a negative BusResult. */
    int writeRegister(int register, int value);

    /** Where the chip is, for start-up messages (e.g. {@code i2c-1 at 0x53}, {@code spi0 CS1}). */
    String describe();
}
