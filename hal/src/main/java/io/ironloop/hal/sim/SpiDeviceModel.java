package io.ironloop.hal.sim;

/** A register-level model of an SPI chip: one full-duplex transfer with its chip select asserted. */
public interface SpiDeviceModel
{
    /** Returns length or a negative BusResult. */
    int transfer(long nowNs, byte[] tx, byte[] rx, int length);
}
