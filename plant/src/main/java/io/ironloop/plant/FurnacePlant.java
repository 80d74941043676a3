package io.ironloop.plant;

/**
 * An electrically heated furnace: chamber temperature follows heater power through a first-order
 * thermal lag and a dead time, {@code T' = (ambient + maxRise * power(t - deadTime) - T) / tau}, plus
 * Gaussian measurement noise from a seeded generator. Starts at ambient. Integrated lazily in fixed
 * steps up to the time it is sampled, like {@link PumpPlant}, so it runs on whatever clock drives
 * the bus and a seed always gives the same trajectory under the virtual clock.
 *
 * <p>Threading: the power command may be set from another thread (the control agent writes the DAC
 * of the thyristor power controller while an acquisition agent samples the transmitter).
 */
public final class FurnacePlant
{
    private final DeadTimeLag dynamics;

    /**
     * @param ambientC      temperature with the heater off
     * @param maxRiseC      steady-state rise above ambient at full power
     * @param timeConstantS thermal time constant
     * @param deadTimeS     delay between a power change and its first effect
     * @param noiseC        standard deviation of the measurement noise
     * @param seed          seed of the noise generator
     * @param stepNs        integration step
     */
    public FurnacePlant(
        final double ambientC,
        final double maxRiseC,
        final double timeConstantS,
        final double deadTimeS,
        final double noiseC,
        final long seed,
        final long stepNs)
    {
        if (!Double.isFinite(ambientC) || !(maxRiseC > 0) || !(timeConstantS > 0) || deadTimeS < 0 || noiseC < 0 || stepNs <= 0)
        {
            throw new IllegalArgumentException("invalid furnace plant parameters");
        }
        this.dynamics = new DeadTimeLag(ambientC, maxRiseC, false, timeConstantS, deadTimeS, noiseC, seed, stepNs);
    }

    /** The heater's power input, as a fraction of full power (0..1), clamped; any thread. */
    public void power(final double fraction)
    {
        dynamics.input(fraction);
    }

    /** Measured chamber temperature at {@code nowNs}, in degC. */
    public double measuredTemperatureC(final long nowNs)
    {
        return dynamics.measuredAt(nowNs);
    }

    /** True (noise-free) temperature at the last integration step, for tests. */
    public double trueTemperatureC()
    {
        return dynamics.trueValue();
    }
}
