/*
 * The algorithm and constants are fdlibm 5.3's, whose notice is kept here as it asks:
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */
package io.ironloop.hal.sim;

/**
 * {@link StrictMath#sin(double)} in Java: fdlibm 5.3's {@code s_sin.c}, {@code k_sin.c}, {@code k_cos.c} and
 * the medium-argument path of {@code e_rem_pio2.c} (|x| up to 2^19 * pi/2), the algorithm whose results
 * StrictMath prescribes, so the bits are the same on every JVM. JDK 17 calls fdlibm through a native method
 * for every value (about 40 ns), which made the simulated vibration signals a large share of a replay;
 * larger arguments still go to StrictMath. A test compares this with StrictMath over millions of arguments,
 * those next to multiples of pi/2 included. Allocation-free.
 */
public final class FdlibmSin
{
    private static final double S1 = -1.66666666666666324348e-01;
    private static final double S2 = 8.33333333332248946124e-03;
    private static final double S3 = -1.98412698298579493134e-04;
    private static final double S4 = 2.75573137070700676789e-06;
    private static final double S5 = -2.50507602534068634195e-08;
    private static final double S6 = 1.58969099521155010221e-10;

    private static final double C1 = 4.16666666666666019037e-02;
    private static final double C2 = -1.38888888888741095749e-03;
    private static final double C3 = 2.48015872894767294178e-05;
    private static final double C4 = -2.75573143513906633035e-07;
    private static final double C5 = 2.08757232129817482790e-09;
    private static final double C6 = -1.13596475577881948265e-11;

    private static final double INV_PIO2 = 6.36619772367581382433e-01;
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_1T = 6.07710050650619224932e-11;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_2T = 2.02226624879595063154e-21;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    private static final double PIO2_3T = 8.47842766036889956997e-32;

    /** High words of n * pi/2 for n = 1..32: below them the first reduction step cannot cancel. */
    private static final int[] NPIO2_HW = {
        0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C,
        0x4025FDBB, 0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C,
        0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A,
        0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
        0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB,
        0x404858EB, 0x404921FB};

    private FdlibmSin()
    {
    }

    private static int high(final double x)
    {
        return (int)(Double.doubleToRawLongBits(x) >>> 32);
    }

    /** The sine of {@code x}, bit for bit as {@link StrictMath#sin(double)}. */
    public static double sin(final double x)
    {
        final int hx = high(x);
        final int ix = hx & 0x7fffffff;
        if (ix <= 0x3fe921fb)
        {
            return kernelSin(x, 0.0, false); // |x| ~< pi/4
        }
        if (ix >= 0x7ff00000)
        {
            return x - x; // NaN, infinities
        }
        if (ix > 0x413921fb)
        {
            return StrictMath.sin(x); // beyond 2^19 * pi/2: fdlibm's multi-precision reduction
        }
        // e_rem_pio2: y0 + y1 = x - n * pi/2
        final double y0;
        final double y1;
        final int n;
        if (ix < 0x4002d97c)
        {
            // |x| < 3pi/4: n = +-1
            if (hx > 0)
            {
                double z = x - PIO2_1;
                if (ix != 0x3ff921fb)
                {
                    y0 = z - PIO2_1T;
                    y1 = (z - y0) - PIO2_1T;
                }
                else
                {
                    z -= PIO2_2;
                    y0 = z - PIO2_2T;
                    y1 = (z - y0) - PIO2_2T;
                }
                n = 1;
            }
            else
            {
                double z = x + PIO2_1;
                if (ix != 0x3ff921fb)
                {
                    y0 = z + PIO2_1T;
                    y1 = (z - y0) + PIO2_1T;
                }
                else
                {
                    z += PIO2_2;
                    y0 = z + PIO2_2T;
                    y1 = (z - y0) + PIO2_2T;
                }
                n = -1;
            }
        }
        else
        {
            final double t = Math.abs(x);
            final int m = (int)(t * INV_PIO2 + 0.5);
            final double fn = m;
            double r = t - fn * PIO2_1;
            double w = fn * PIO2_1T; // first round good to 85 bits
            double a = r - w;
            if (!(m < 32 && ix != NPIO2_HW[m - 1]))
            {
                final int j = ix >> 20;
                int i = j - ((high(a) >> 20) & 0x7ff);
                if (i > 16)
                {
                    // second iteration, good to 118 bits
                    double u = r;
                    w = fn * PIO2_2;
                    r = u - w;
                    w = fn * PIO2_2T - ((u - r) - w);
                    a = r - w;
                    i = j - ((high(a) >> 20) & 0x7ff);
                    if (i > 49)
                    {
                        // third iteration, 151 bits
                        u = r;
                        w = fn * PIO2_3;
                        r = u - w;
                        w = fn * PIO2_3T - ((u - r) - w);
                        a = r - w;
                    }
                }
            }
            final double b = (r - a) - w;
            if (hx < 0)
            {
                y0 = -a;
                y1 = -b;
                n = -m;
            }
            else
            {
                y0 = a;
                y1 = b;
                n = m;
            }
        }
        switch (n & 3)
        {
            case 0:
                return kernelSin(y0, y1, true);
            case 1:
                return kernelCos(y0, y1);
            case 2:
                return -kernelSin(y0, y1, true);
            default:
                return -kernelCos(y0, y1);
        }
    }

    /** k_sin.c: sin on [-pi/4, pi/4], {@code y} the tail of {@code x}, {@code tail} whether it is used. */
    private static double kernelSin(final double x, final double y, final boolean tail)
    {
        final int ix = high(x) & 0x7fffffff;
        if (ix < 0x3e400000 && (int)x == 0)
        {
            return x; // |x| < 2^-27
        }
        final double z = x * x;
        final double v = z * x;
        final double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        if (!tail)
        {
            return x + v * (S1 + z * r);
        }
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    /** k_cos.c: cos on [-pi/4, pi/4], {@code y} the tail of {@code x}. */
    private static double kernelCos(final double x, final double y)
    {
        final int ix = high(x) & 0x7fffffff;
        if (ix < 0x3e400000 && (int)x == 0)
        {
            return 1.0; // |x| < 2^-27
        }
        final double z = x * x;
        final double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        if (ix < 0x3FD33333)
        {
            return 1.0 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
        }
        final double qx = ix > 0x3fe90000 ? 0.28125 : Double.longBitsToDouble((long)(ix - 0x00200000) << 32); // x/4
        final double hz = 0.5 * z - qx;
        final double a = 1.0 - qx;
        return a - (hz - (z * r - x * y));
    }
}
