package io.ironloop.hal.sim.device;

import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.mcp3008.Mcp3008Registers;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.SpiDeviceModel;

/**
 * Bit-level MCP3008 / MCP3208: scans MOSI for the start bit, takes SGL/DIFF and D2..D0, leaves DOUT
 * high-impedance (reads 1 with the pull-up) during the 1.5-clock sample, then sends the null bit, the
 * result MSB first, the result again LSB first (sharing B0), and zeros, as datasheet figure 5-1 shows.
 * The code is floor(counts * Vin / Vref), clamped to 0..counts-1. Inputs are eight signals in volts.
 */
public final class Mcp3008Model implements SpiDeviceModel
{
    private final Mcp3008Registers.Variant variant;
    private final double referenceVolts;
    private final AnalogSignal[] inputs = new AnalogSignal[Mcp3008Registers.CHANNELS];
    private long conversions;

    /** @param inputs CH0..CH7 in volts (null inputs read 0 V) */
    public Mcp3008Model(final Mcp3008Registers.Variant variant, final double referenceVolts, final AnalogSignal... inputs)
    {
        this.variant = variant;
        this.referenceVolts = referenceVolts;
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
        final double code = Math.floor(variant.counts() * volts / referenceVolts);
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
