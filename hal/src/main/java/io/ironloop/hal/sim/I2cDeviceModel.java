package io.ironloop.hal.sim;

/**
 * A register-level model of an I2C chip, faithful to its datasheet: what the driver writes lands in
 * registers, what it reads comes from them. Models see the bus's time so they can follow a plant.
 */
public interface I2cDeviceModel
{
    /** Handles a write of {@code length} bytes (the first is usually the register pointer). Returns length or a negative BusResult. */
    int write(long nowNs, byte[] src, int offset, int length);

    /** Handles a read of {@code length} bytes from the current register pointer. Returns length or a negative BusResult. */
    int read(long nowNs, byte[] dst, int offset, int length);
}
