package io.ironloop.plant;

/**
 * First order plus dead time (FOPDT), the model most process loops are tuned on:
 * {@code tau * y' = offset + gain * u(t - deadTime) - y}. Integrated exactly for an input held over each
 * step (zero-order hold), so a unit step from rest reaches {@code 1 - 1/e} (63.2 %) of {@code gain} one
 * time constant after the dead time. Starts at rest at {@code offset}. One output, {@code value}.
 */
public final class FirstOrderDeadTimePlant extends SteppedPlant
{
    private final double offset;
    private final double gain;
    private final double lagAlpha;
    private final InputDelay delay;
    private double value;

    /**
     * @param offset        output at zero input (and the initial output)
     * @param gain          steady-state change of the output for a full-span input
     * @param timeConstantS first-order time constant
     * @param deadTimeS     transport delay
     * @param noise         standard deviation of the measurement noise, in output units
     * @param seed          noise seed
     * @param stepNs        integration step
     */
    public FirstOrderDeadTimePlant(
        final double offset,
        final double gain,
        final double timeConstantS,
        final double deadTimeS,
        final double noise,
        final long seed,
        final long stepNs)
    {
        super(stepNs, seed, new String[] {"value"}, new double[] {noise});
        require(Double.isFinite(offset) && Double.isFinite(gain), "offset and gain must be finite");
        require(timeConstantS > 0 && Double.isFinite(timeConstantS), "timeConstantS must be positive, got " + timeConstantS);
        require(deadTimeS >= 0 && Double.isFinite(deadTimeS), "deadTimeS must not be negative, got " + deadTimeS);
        this.offset = offset;
        this.gain = gain;
        this.lagAlpha = 1.0 - StrictMath.exp(-stepS / timeConstantS);
        this.delay = new InputDelay(deadTimeS, stepNs, 0.0);
        this.value = offset;
    }

    @Override
    protected void step(final double command)
    {
        final double target = offset + gain * delay.shift(command);
        value += (target - value) * lagAlpha;
    }

    @Override
    public double trueValue(final int output)
    {
        return value;
    }
}
