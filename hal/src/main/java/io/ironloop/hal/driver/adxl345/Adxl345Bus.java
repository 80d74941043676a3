package io.ironloop.hal.driver.adxl345;

/**
 * How the ADXL345 driver reaches its registers: one small shim per bus (PX4 style), so the driver's
 * logic is the same on SPI and I2C. Both calls use caller buffers and never allocate.
 */
public interface Adxl345Bus
{
    /** Reads {@code length} consecutive registers from {@code register}. Returns length or a negative BusResult. */
    int readRegisters(int register, byte[] dst, int offset, int length);

    /** Writes one register. Returns 0 or more, or a negative BusResult. */
    int writeRegister(int register, int value);

    /** Where the chip is, for start-up messages (e.g. {@code i2c-1 at 0x53}, {@code spi0 CS1}). */
    String describe();
}
