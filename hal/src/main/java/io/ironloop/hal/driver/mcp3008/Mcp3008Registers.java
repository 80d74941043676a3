package io.ironloop.hal.driver.mcp3008;

/**
 * MCP3008 / MCP3208 command and frame layout (Microchip DS21295, DS21298, section 5 and 6.1). The
 * chips have no registers: each conversion is one SPI frame. The host clocks a start bit, SGL/DIFF and
 * the channel bits D2..D0; the chip samples for 1.5 clocks, sends a null bit (0) and then the result
 * MSB first. Framed in three bytes, the null bit and result land in the last two bytes.
 */
public final class Mcp3008Registers
{
    /** Frame length in bytes for one conversion. */
    public static final int FRAME_BYTES = 3;
    /** Single-ended input (as opposed to a pseudo-differential pair). */
    public static final int SINGLE_ENDED = 1;
    /** Number of input channels on both chips. */
    public static final int CHANNELS = 8;

    private Mcp3008Registers()
    {
    }

    /** The chip variants: same protocol, different resolution. */
    public enum Variant
    {
        /** 10-bit, start bit aligned to bit 0 of the first byte. */
        MCP3008(10),
        /** 12-bit, start bit aligned to bit 2 of the first byte. */
        MCP3208(12);

        private final int bits;

        Variant(final int bits)
        {
            this.bits = bits;
        }

        /** Result resolution in bits. */
        public int bits()
        {
            return bits;
        }

        /** Full-scale code count (2^bits). */
        public int counts()
        {
            return 1 << bits;
        }

        /** Writes the command for a single-ended conversion of {@code channel} into {@code tx[0..2]}. */
        public void command(final int channel, final byte[] tx)
        {
            // Start bit, SGL, D2 D1 D0, placed so the result ends exactly at the last bit of byte 2.
            final int command = (1 << 4) | (SINGLE_ENDED << 3) | (channel & 0x7);
            final int frame = command << (bits + 2);
            tx[0] = (byte)(frame >>> 16);
            tx[1] = (byte)(frame >>> 8);
            tx[2] = (byte)frame;
        }

        /** The result code from a received frame. */
        public int result(final byte[] rx)
        {
            final int frame = ((rx[1] & 0xFF) << 8) | (rx[2] & 0xFF);
            return frame & (counts() - 1);
        }

        /** The null bit that precedes the result: always 0 from a live chip, 1 when MISO floats high. */
        public int nullBit(final byte[] rx)
        {
            final int frame = ((rx[1] & 0xFF) << 8) | (rx[2] & 0xFF);
            return (frame >>> bits) & 1;
        }
    }
}
