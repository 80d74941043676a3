package io.ironloop.control.block;

/**
 * Two PIDs in cascade: the outer PID's output is the inner PID's setpoint (for example furnace
 * temperature -> gas flow -> valve). Inputs: 0 = outer measurement, 1 = inner measurement.
 *
 * <ul>
 *   <li>Inner saturated: the outer integrator is pulled toward the inner measurement (the inner
 *       setpoint actually achieved) with its tracking time constant, so the outer loop does not wind up
 *       while the inner loop cannot follow.</li>
 *   <li>Outer in manual ({@link #outerManual}): the inner loop runs on the operator's inner setpoint and
 *       the outer PID tracks that setpoint, so closing the cascade again is bumpless.</li>
 *   <li>Whole loop in manual or safe ({@link #track}): the inner PID tracks the output, the outer PID
 *       tracks the inner measurement.</li>
 * </ul>
 * Allocation-free; mode requests from other threads are plain volatile fields.
 */
public final class Cascade implements LoopController
{
    private final Pid outer;
    private final Pid inner;
    private volatile boolean outerAuto = true;
    private volatile double innerSetpointCommand = Double.NaN;
    private double innerSetpoint = Double.NaN;

    public Cascade(final Pid outer, final Pid inner)
    {
        this.outer = outer;
        this.inner = inner;
    }

    @Override
    public int inputCount()
    {
        return 2;
    }

    @Override
    public double update(final long nowNs, final double dtS, final double setpoint, final double[] inputs)
    {
        final double outerPv = inputs[0];
        final double innerPv = inputs[1];
        if (outerAuto)
        {
            innerSetpoint = outer.update(setpoint, outerPv, 0.0, dtS);
        }
        else
        {
            final double command = innerSetpointCommand;
            innerSetpoint = Double.isFinite(command) ? command : innerPv;
            outer.track(innerSetpoint, setpoint, outerPv, 0.0);
        }
        final double output = inner.update(innerSetpoint, innerPv, 0.0, dtS);
        if (outerAuto && (inner.saturatedHigh() && innerSetpoint > innerPv || inner.saturatedLow() && innerSetpoint < innerPv))
        {
            // The inner loop cannot reach its setpoint: what it achieves is its measurement, so unwind toward that.
            outer.trackRealized(innerPv, dtS);
        }
        return output;
    }

    @Override
    public void track(final double output, final double setpoint, final double[] inputs)
    {
        final double innerPv = inputs[1];
        inner.track(output, innerPv, innerPv, 0.0);
        outer.track(innerPv, setpoint, inputs[0], 0.0);
        innerSetpoint = innerPv;
    }

    @Override
    public void reset()
    {
        outer.reset();
        inner.reset();
        innerSetpoint = Double.NaN;
    }

    /** Breaks the cascade: the inner loop follows {@code innerSetpoint} (any thread). */
    public void outerManual(final double innerSetpoint)
    {
        innerSetpointCommand = innerSetpoint;
        outerAuto = false;
    }

    /** Closes the cascade again (any thread); bumpless because the outer PID has been tracking. */
    public void outerAuto()
    {
        outerAuto = true;
    }

    public boolean isOuterAuto()
    {
        return outerAuto;
    }

    /** The inner setpoint of the last step (the outer output in cascade). */
    public double innerSetpoint()
    {
        return innerSetpoint;
    }

    public Pid outer()
    {
        return outer;
    }

    public Pid inner()
    {
        return inner;
    }
}
