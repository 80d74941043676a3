package io.ironloop.hal.sim;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bit for bit as StrictMath.sin: random arguments of every magnitude, and the ones next to multiples of pi/2. */
class FdlibmSinTest
{
    private static void same(final double x)
    {
        final long expected = Double.doubleToRawLongBits(StrictMath.sin(x));
        final long actual = Double.doubleToRawLongBits(FdlibmSin.sin(x));
        if (expected != actual)
        {
            assertEquals(StrictMath.sin(x), FdlibmSin.sin(x), "sin(" + x + ") [0x" + Long.toHexString(Double.doubleToRawLongBits(x)) + "]");
            assertEquals(expected, actual, "sign of zero or NaN payload at " + x);
        }
    }

    @Test
    void shouldMatchStrictMathOnSpecialValues()
    {
        for (final double x : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1e-9, 0x1p-27,
            0x1p-28, Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 4, 2 * Math.PI, 0x1p19 * Math.PI / 2, 0x1p20, 1e6, 1e9, 1e300,
            Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
        {
            same(x);
            same(-x);
        }
    }

    @Test
    void shouldMatchStrictMathOnRandomArgumentsOfEveryMagnitude()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 3_000_000; i++)
        {
            same(random.nextDouble(-4, 4));
            same(random.nextDouble(-2000, 2000));
            same(random.nextDouble(-1.2e6, 1.2e6));
            same(Math.scalb(random.nextDouble(0.5, 1.0), random.nextInt(-40, 24)) * (random.nextBoolean() ? 1 : -1));
        }
    }

    @Test
    void shouldMatchStrictMathNextToMultiplesOfHalfPi()
    {
        // Where the reduction cancels: its second and third steps.
        for (int n = 1; n < 700_000; n += n < 200 ? 1 : 97)
        {
            double x = n * (Math.PI / 2);
            for (int k = 0; k < 40; k++)
            {
                x = Math.nextDown(x);
            }
            for (int k = 0; k < 80; k++)
            {
                same(x);
                same(-x);
                x = Math.nextUp(x);
            }
        }
    }

    @Test
    void shouldMatchStrictMathOnTheVibrationArguments()
    {
        // RmsVibration's argument at a 100 Hz and a 3200 Hz data rate over a day of virtual time.
        for (long k = 0; k < 2_000_000; k++)
        {
            same(2.0 * StrictMath.PI * 10.0 * (k * 10_000_000L * 1e-9));
            same(2.0 * StrictMath.PI * 320.0 * (k * 312_500L * 1e-9));
        }
    }
}
