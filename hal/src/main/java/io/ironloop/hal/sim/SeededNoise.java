package io.ironloop.hal.sim;

/**
 * Deterministic Gaussian noise: xorshift64* with Box-Muller on {@link StrictMath}, so a seed gives the
 * same sequence on every JVM and platform. Allocation-free; not thread-safe.
 */
public final class SeededNoise
{
    private long state;
    private double spare;
    private boolean hasSpare;

    public SeededNoise(final long seed)
    {
        state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** Uniform in [0, 1). */
    public double nextUniform()
    {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return ((x * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal. */
    public double nextGaussian()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spare;
        }
        double u1;
        do
        {
            u1 = nextUniform();
        }
        while (u1 <= 0.0);
        final double u2 = nextUniform();
        final double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        final double angle = 2.0 * StrictMath.PI * u2;
        spare = radius * FdlibmSin.sin(angle);
        hasSpare = true;
        return radius * StrictMath.cos(angle);
    }
}
