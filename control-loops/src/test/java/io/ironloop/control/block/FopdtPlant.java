package io.ironloop.control.block;

/**
 * Test plant: first order plus dead time, {@code K e^(-theta s) / (tau s + 1)}, discretised exactly for
 * a zero-order-hold input with step {@code stepS}; starts in steady state at input {@code u0}.
 */
public final class FopdtPlant
{
    private final double gain;
    private final double alpha;
    private final double[] delayLine;
    private int index;
    private double pv;

    public FopdtPlant(final double gain, final double tauS, final double thetaS, final double stepS, final double u0)
    {
        this.gain = gain;
        this.alpha = 1.0 - Math.exp(-stepS / tauS);
        this.delayLine = new double[Math.max(1, (int)Math.round(thetaS / stepS))];
        java.util.Arrays.fill(delayLine, u0);
        this.pv = gain * u0;
    }

    /** Applies {@code u} for one step and returns the PV at the end of it. */
    public double step(final double u)
    {
        final double delayed = delayLine[index];
        delayLine[index] = u;
        index = (index + 1) % delayLine.length;
        pv += (gain * delayed - pv) * alpha;
        return pv;
    }

    public double pv()
    {
        return pv;
    }
}
