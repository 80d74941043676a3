package io.ironloop.hal.sim;

/**
 * A vibration whose RMS follows another signal (a recorded "accelerometer RMS" column): a sinusoid
 * of peak {@code sqrt(2) * rms(t)} at a fixed frequency on top of a static part, so an accelerometer
 * driver that publishes the AC RMS of a block of samples reads the recorded RMS back. Allocation-free.
 */
public final class RmsVibration implements AnalogSignal
{
    private static final double SQRT2 = StrictMath.sqrt(2.0);
    private final AnalogSignal rmsG;
    private final double staticG;
    private final double frequencyHz;

    public RmsVibration(final AnalogSignal rmsG, final double staticG, final double frequencyHz)
    {
        this.rmsG = rmsG;
        this.staticG = staticG;
        this.frequencyHz = frequencyHz;
    }

    @Override
    public double valueAt(final long nowNs)
    {
        return staticG + SQRT2 * rmsG.valueAt(nowNs) * FdlibmSin.sin(2.0 * StrictMath.PI * frequencyHz * (nowNs * 1e-9));
    }
}
