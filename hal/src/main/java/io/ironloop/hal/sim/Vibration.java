package io.ironloop.hal.sim;

/**
 * A machine vibration as an acceleration in g along one axis: a static part (gravity's share on that
 * axis), a sinusoid at a running frequency (unbalance at 1x shaft speed, say) and seeded Gaussian
 * noise. Amplitude and frequency can change while running (a bearing wearing out). Deterministic for
 * a seed when sampled in the same order; allocation-free.
 */
public final class Vibration implements AnalogSignal
{
    private final double staticG;
    private final SeededNoise noise;
    private final double noiseG;
    private volatile double amplitudeG;
    private volatile double frequencyHz;

    public Vibration(final double staticG, final double amplitudeG, final double frequencyHz, final double noiseG, final long seed)
    {
        this.staticG = staticG;
        this.amplitudeG = amplitudeG;
        this.frequencyHz = frequencyHz;
        this.noiseG = noiseG;
        this.noise = new SeededNoise(seed);
    }

    /** Changes the sinusoid's amplitude (g peak). */
    public void amplitudeG(final double amplitudeG)
    {
        this.amplitudeG = amplitudeG;
    }

    /** Changes the sinusoid's frequency. */
    public void frequencyHz(final double frequencyHz)
    {
        this.frequencyHz = frequencyHz;
    }

    @Override
    public double valueAt(final long nowNs)
    {
        final double seconds = nowNs * 1e-9;
        final double wave = amplitudeG * FdlibmSin.sin(2.0 * StrictMath.PI * frequencyHz * seconds);
        return staticG + wave + (noiseG > 0 ? noiseG * noise.nextGaussian() : 0.0);
    }
}
