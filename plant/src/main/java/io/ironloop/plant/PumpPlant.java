package io.ironloop.plant;

/**
 * A centrifugal pump feeding a pipe network: discharge pressure follows the square of speed (affinity
 * law) through a first-order lag and a dead time, plus Gaussian measurement noise from a seeded
 * generator. Integrated lazily in fixed steps up to the time it is sampled, so it advances with
 * whatever clock drives the bus (the system clock on a bench, the virtual clock under replay) and a
 * seed always gives the same trajectory under the virtual clock.
 *
 * <p>Threading: the speed command may be set from another thread (the control agent writes the DAC
 * while an acquisition agent samples the ADC); integration happens only on the sampling thread.
 */
public final class PumpPlant
{
    private final DeadTimeLag dynamics;

    /**
     * @param maxPressureBar   discharge pressure at full speed, steady state
     * @param timeConstantS    first-order lag of the pipe network
     * @param deadTimeS        transport delay between a speed change and its first effect
     * @param noiseBar         standard deviation of the measurement noise
     * @param seed             seed of the noise generator
     * @param stepNs           integration step
     */
    public PumpPlant(
        final double maxPressureBar,
        final double timeConstantS,
        final double deadTimeS,
        final double noiseBar,
        final long seed,
        final long stepNs)
    {
        if (!(maxPressureBar > 0) || !(timeConstantS > 0) || deadTimeS < 0 || noiseBar < 0 || stepNs <= 0)
        {
            throw new IllegalArgumentException("invalid pump plant parameters");
        }
        this.dynamics = new DeadTimeLag(0.0, maxPressureBar, true, timeConstantS, deadTimeS, noiseBar, seed, stepNs);
    }

    /** The VFD's speed input, as a fraction of full speed (0..1), clamped; any thread. */
    public void speed(final double fraction)
    {
        dynamics.input(fraction);
    }

    /** Measured discharge pressure at {@code nowNs}, in bar. */
    public double measuredPressureBar(final long nowNs)
    {
        return dynamics.measuredAt(nowNs);
    }

    /** True (noise-free) pressure at the last integration step, for tests. */
    public double truePressureBar()
    {
        return dynamics.trueValue();
    }
}
