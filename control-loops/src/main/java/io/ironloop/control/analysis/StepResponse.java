package io.ironloop.control.analysis;

/**
 * Step-response figures of a loop, updated sample by sample without allocating: overshoot beyond
 * the setpoint (in % of the step from the first sample), and settling time, the first time after
 * which the value stays within a band around the setpoint.
 */
public final class StepResponse
{
    private final double bandFraction;
    private double initial = Double.NaN;
    private double setpoint = Double.NaN;
    private double peakBeyond;
    private long startNs;
    private long lastOutsideNs;
    private boolean everInside;
    private boolean lastInside;
    private long firstInsideAfterOutsideNs;
    private double last = Double.NaN;
    private long samples;

    /** @param bandFraction settling band as a fraction of the setpoint (0.02 for +-2 %) */
    public StepResponse(final double bandFraction)
    {
        this.bandFraction = bandFraction;
    }

    /** Adds one sample. A setpoint change restarts the measurement. */
    public void onSample(final long timeNs, final double value, final double target)
    {
        if (samples == 0 || target != setpoint)
        {
            initial = value;
            setpoint = target;
            peakBeyond = 0;
            startNs = timeNs;
            everInside = false;
            lastInside = false;
        }
        samples++;
        last = value;
        if (Double.isNaN(value))
        {
            lastInside = false;
            lastOutsideNs = timeNs;
            return;
        }
        final double direction = Math.signum(setpoint - initial);
        final double beyond = direction >= 0 ? value - setpoint : setpoint - value;
        if (beyond > peakBeyond)
        {
            peakBeyond = beyond;
        }
        final boolean inside = Math.abs(value - setpoint) <= Math.abs(setpoint) * bandFraction;
        if (inside && !lastInside)
        {
            firstInsideAfterOutsideNs = timeNs;
        }
        if (inside)
        {
            everInside = true;
        }
        else
        {
            lastOutsideNs = timeNs;
        }
        lastInside = inside;
    }

    /** Overshoot in percent of the step size (0 when the value never passed the setpoint). */
    public double overshootPct()
    {
        final double step = Math.abs(setpoint - initial);
        return step > 0 ? 100.0 * peakBeyond / step : 0.0;
    }

    /** Seconds from the start (or last setpoint change) until the value entered the band for good; NaN if it is outside now. */
    public double settleSeconds()
    {
        if (!everInside || !lastInside)
        {
            return Double.NaN;
        }
        return (firstInsideAfterOutsideNs - startNs) * 1e-9;
    }

    public double last()
    {
        return last;
    }

    public double setpoint()
    {
        return setpoint;
    }

    public long samples()
    {
        return samples;
    }
}
