package io.ironloop.hal.sim.device;

import io.ironloop.hal.driver.mcp3008.Mcp3008Registers.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The model answers short frames as one word; these tests hold it to the datasheet's bit-by-bit
 * sequence (figure 5-1), written out here a bit at a time, for every frame length and start-bit position.
 */
class Mcp3008ModelTest
{
    private static final double VREF = 3.3;

    /** Datasheet order, one clock at a time: start bit, SGL/DIFF, D2..D0, sample, null, MSB first, LSB first, zeros. */
    private static int[] reference(final Variant variant, final double[] volts, final byte[] tx, final byte[] rx, final int length)
    {
        final int totalBits = length * 8;
        for (int i = 0; i < length; i++)
        {
            rx[i] = (byte)0xFF;
        }
        int start = -1;
        for (int bit = 0; bit < totalBits; bit++)
        {
            if (((tx[bit >>> 3] >>> (7 - (bit & 7))) & 1) != 0)
            {
                start = bit;
                break;
            }
        }
        if (start < 0 || start + 4 >= totalBits)
        {
            return new int[] {length, 0};
        }
        final boolean single = bit(tx, start + 1) != 0;
        final int channel = bit(tx, start + 2) << 2 | bit(tx, start + 3) << 1 | bit(tx, start + 4);
        final double in = single ? volts[channel]
            : (channel & 1) == 0 ? volts[channel & 6] - volts[(channel & 6) + 1] : volts[(channel & 6) + 1] - volts[channel & 6];
        final int code = (int)Math.max(0, Math.min(variant.counts() - 1, Math.floor(variant.counts() * in / VREF)));
        final int bits = variant.bits();
        for (int bit = start + 6, index = 0; bit < totalBits; bit++, index++)
        {
            final int value = index == 0 ? 0 : index <= bits ? code >>> (bits - index) & 1 : index < 2 * bits ? code >>> (index - bits) & 1 : 0;
            final int mask = 1 << (7 - (bit & 7));
            rx[bit >>> 3] = (byte)(value != 0 ? rx[bit >>> 3] | mask : rx[bit >>> 3] & ~mask);
        }
        return new int[] {length, 1};
    }

    private static int bit(final byte[] data, final int bit)
    {
        return (data[bit >>> 3] >>> (7 - (bit & 7))) & 1;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void shouldAnswerEveryFrameAsTheBitLevelSequenceDoes(final Variant variant)
    {
        final double[] volts = new double[8];
        final Mcp3008Model model = new Mcp3008Model(variant, VREF);
        for (int ch = 0; ch < 8; ch++)
        {
            final int index = ch;
            model.input(ch, now -> volts[index]);
        }
        final SplittableRandom random = new SplittableRandom(42);
        long conversions = 0;
        for (int round = 0; round < 200_000; round++)
        {
            final int length = 1 + random.nextInt(10);
            final byte[] tx = new byte[length];
            // Mostly a start bit somewhere with zeros before it (how drivers frame it), sometimes noise.
            if (random.nextInt(4) == 0)
            {
                random.nextBytes(tx);
            }
            else
            {
                final int start = random.nextInt(length * 8);
                for (int bit = start; bit < length * 8; bit++)
                {
                    if (bit == start || random.nextBoolean())
                    {
                        tx[bit >>> 3] |= (byte)(1 << (7 - (bit & 7)));
                    }
                }
            }
            for (int ch = 0; ch < 8; ch++)
            {
                volts[ch] = random.nextDouble(-0.2, VREF + 0.2);
            }
            final byte[] expected = new byte[length];
            final int[] result = reference(variant, volts, tx, expected, length);
            conversions += result[1];
            final byte[] rx = new byte[length];
            assertEquals(result[0], model.transfer(0, tx, rx, length));
            assertArrayEquals(expected, rx, () -> variant + " frame of " + length + " bytes " + java.util.HexFormat.of().formatHex(tx));
        }
        assertEquals(conversions, model.conversions());
    }

    @Test
    void shouldAnswerTheDriversThreeByteFrameForEveryCode()
    {
        for (final Variant variant : Variant.values())
        {
            for (int channel = 0; channel < 8; channel++)
            {
                final byte[] tx = new byte[3];
                variant.command(channel, tx);
                for (int code = 0; code < variant.counts(); code++)
                {
                    final double[] volts = new double[8];
                    volts[channel] = (code + 0.5) * VREF / variant.counts();
                    final Mcp3008Model model = new Mcp3008Model(variant, VREF);
                    final double in = volts[channel];
                    model.input(channel, now -> in);
                    final byte[] rx = new byte[3];
                    final byte[] expected = new byte[3];
                    reference(variant, volts, tx, expected, 3);
                    model.transfer(0, tx, rx, 3);
                    assertArrayEquals(expected, rx);
                    assertEquals(code, variant.result(rx));
                    assertEquals(0, variant.nullBit(rx));
                }
            }
        }
    }
}
