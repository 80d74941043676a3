package io.ironloop.hal.bus;

/** An SPI bus (e.g. {@code /dev/spidev0.*}). Full-duplex transfers into caller buffers; never allocates. */
public interface SpiBus
{
    /** Bus number ({@code 0} for {@code /dev/spidev0.*}). */
    int busNumber();

    /** Clocks {@code length} bytes out of {@code tx} and into {@code rx} with chip select {@code chipSelect} asserted. */
    int transfer(int chipSelect, byte[] tx, byte[] rx, int length);
}
