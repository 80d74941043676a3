package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.SpiDeviceModel;

/**
 * Bit-level MCP3008 / MCP3208: scans MOSI for the start bit, takes SGL/DIFF and D2..D0, leaves DOUT
 * high-impedance (reads 1 with the pull-up) during the 1.5-clock sample, then sends the null bit, the
 * result MSB first, the result again LSB first (sharing B0), and zeros, as datasheet figure 5-1 shows.
 * The code is floor(Vin * counts / Vref), clamped to 0..counts-1 (counts / Vref computed once: a multiplication
 * on the read path, not a division). Inputs are eight signals in volts.
 *
 * <p>A frame of up to {@value #WORD_BYTES} bytes (every frame a driver sends; the MCP3008/3208 frame is
 * three) is answered as one word: MOSI packed into a long, the start bit found by counting leading zeros,
 * and the whole DOUT sequence (null bit, result MSB first, result LSB first, zeros) built from the code with
 * shifts and placed after the start bit in one go. Longer frames take the bit-by-bit path; both give the
 * same bits for every frame (the device model's unit test compares them).
 */
public final class Mcp3008Model implements SpiDeviceModel
{
    /** Longest frame answered as one word (56 bits: the start bit and the whole answer fit a long). */
    static final int WORD_BYTES = 7;

    private final Mcp3008Registers.Variant variant;
    /** Codes per volt (counts / Vref). */
    private final double codesPerVolt;
    private final AnalogSignal[] inputs = new AnalogSignal[Mcp3008Registers.CHANNELS];
    private long conversions;

    /** @param inputs CH0..CH7 in volts (null inputs read 0 V) */
    public Mcp3008Model(final Mcp3008Registers.Variant variant, final double referenceVolts, final AnalogSignal... inputs)
    {
        this.variant = variant;
        this.codesPerVolt = variant.counts() / referenceVolts;
        System.arraycopy(inputs, 0, this.inputs, 0, Math.min(inputs.length, Mcp3008Registers.CHANNELS));
    }

    /** Puts a signal on a channel. */
    public void input(final int channel, final AnalogSignal signal)
    {
        inputs[channel] = signal;
    }

    /** Conversions started so far. */
    public long conversions()
    {
        return conversions;
    }

    @Override
    public int transfer(final long nowNs, final byte[] tx, final byte[] rx, final int length)
    {
        if (length < 0 || length > tx.length || length > rx.length)
        {
            return BusResult.IO_ERROR;
        }
        if (length > 0 && length <= WORD_BYTES)
        {
            return transferWord(nowNs, tx, rx, length);
        }
        return transferBits(nowNs, tx, rx, length);
    }

    /** A frame of 1..{@value #WORD_BYTES} bytes, answered as one word. */
    private int transferWord(final long nowNs, final byte[] tx, final byte[] rx, final int length)
    {
        final int totalBits = length * 8;
        long mosi = 0;
        for (int i = 0; i < length; i++)
        {
            mosi = (mosi << 8) | (tx[i] & 0xFF);
        }
        // Bit p of the frame (0 = first clocked, MSB of byte 0) is bit (totalBits - 1 - p) of the word.
        final int start = mosi == 0 ? -1 : Long.numberOfLeadingZeros(mosi) - (64 - totalBits);
        long miso = (1L << totalBits) - 1; // DOUT high-impedance reads 1 with the pull-up
        if (start >= 0 && start + 4 < totalBits)
        {
            final int command = (int)(mosi >>> (totalBits - 5 - start)) & 0xF; // SGL/DIFF, D2, D1, D0
            final int code = convert(nowNs, (command & 0x8) != 0, command & 0x7);
            conversions++;
            final int bits = variant.bits();
            // Null bit (0), B(n-1)..B0, then B1..B(n-1) (B0 shared): 2 * bits bits, followed by zeros.
            final long answer = ((long)code << (bits - 1)) | (Integer.reverse(code >>> 1) >>> (32 - (bits - 1)));
            final int tailBits = totalBits - (start + 6); // bits from the null bit to the end of the frame
            if (tailBits > 0)
            {
                final int shift = tailBits - 2 * bits;
                final long placed = shift >= 0 ? answer << shift : answer >>> -shift;
                final long tailMask = (1L << tailBits) - 1;
                miso = (miso & ~tailMask) | (placed & tailMask);
            }
        }
        for (int i = length - 1; i >= 0; i--)
        {
            rx[i] = (byte)miso;
            miso >>>= 8;
        }
        return length;
    }

    /** Any frame, bit by bit, as the chip clocks it. */
    private int transferBits(final long nowNs, final byte[] tx, final byte[] rx, final int length)
    {
        final int totalBits = length * 8;
        int start = -1;
        for (int bit = 0; bit < totalBits && start < 0; bit++)
        {
            if (bitAt(tx, bit) != 0)
            {
                start = bit;
            }
        }
        for (int i = 0; i < length; i++)
        {
            rx[i] = (byte)0xFF;
        }
        if (start < 0 || start + 4 >= totalBits)
        {
            return length;
        }
        final boolean singleEnded = bitAt(tx, start + 1) != 0;
        final int channel = (bitAt(tx, start + 2) << 2) | (bitAt(tx, start + 3) << 1) | bitAt(tx, start + 4);
        final int code = convert(nowNs, singleEnded, channel);
        conversions++;
        final int bits = variant.bits();
        final int nullBit = start + 6;
        for (int bit = nullBit; bit < totalBits; bit++)
        {
            final int index = bit - nullBit;
            final int value;
            if (index == 0)
            {
                value = 0;
            }
            else if (index <= bits)
            {
                value = (code >>> (bits - index)) & 1;
            }
            else if (index < 2 * bits)
            {
                value = (code >>> (index - bits)) & 1;
            }
            else
            {
                value = 0;
            }
            setBit(rx, bit, value);
        }
        return length;
    }

    private int convert(final long nowNs, final boolean singleEnded, final int channel)
    {
        final double volts;
        if (singleEnded)
        {
            volts = volts(channel, nowNs);
        }
        else
        {
            // Pseudo-differential pairs: CH(2k) and CH(2k+1), with D0 choosing which side is IN+.
            final int pair = channel & 0x6;
            final boolean swap = (channel & 1) != 0;
            volts = swap ? volts(pair + 1, nowNs) - volts(pair, nowNs) : volts(pair, nowNs) - volts(pair + 1, nowNs);
        }
        final double code = Math.floor(volts * codesPerVolt);
        return (int)Math.max(0, Math.min(variant.counts() - 1, code));
    }

    private double volts(final int channel, final long nowNs)
    {
        final AnalogSignal input = inputs[channel];
        return input == null ? 0.0 : input.valueAt(nowNs);
    }

    private static int bitAt(final byte[] data, final int bit)
    {
        return (data[bit >>> 3] >>> (7 - (bit & 7))) & 1;
    }

    private static void setBit(final byte[] data, final int bit, final int value)
    {
        final int mask = 1 << (7 - (bit & 7));
        data[bit >>> 3] = (byte)(value != 0 ? data[bit >>> 3] | mask : data[bit >>> 3] & ~mask);
    }
}
