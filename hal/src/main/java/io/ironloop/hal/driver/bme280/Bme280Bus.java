package io.ironloop.hal.driver.bme280;

/**
 * How the BME280 driver reaches its chip: one small shim per bus (PX4 style), so the driver holds no
 * bus-specific code. Register reads auto-increment on both buses. Never throws, never allocates.
 */
public interface Bme280Bus
{
    /** Reads {@code length} registers from {@code register}. Returns length or a negative BusResult. */
    int readRegisters(int register, byte[] dst, int offset, int length);

    /** Writes one register. Returns a non-negative value or a negative BusResult. */
    int writeRegister(int register, int value);

    /** Where the chip is, for messages: {@code i2c-1 at 0x76}, {@code spi0 CS1}. */
    String describe();
}
