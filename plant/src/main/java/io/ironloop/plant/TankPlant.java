package io.ironloop.plant;

/**
 * An open tank: {@code A dh/dt = Qin - Qout}, the level clamped to 0..height (above it the inflow spills
 * over the rim). Inflow is a control valve or a feed pump, linear in the actuator's command
 * ({@code Qin = u * maxInflow}, after an optional transport delay). Outflow is by gravity through an
 * orifice ({@code Qout = c sqrt(h)}, Torricelli, {@code c} from the outflow at a full tank; integrated
 * implicitly, so it neither oscillates nor drains below empty) or a constant draw pump that stops when
 * the tank is empty. Volumes in, out and spilled are summed for the mass balance. Outputs:
 * {@code level} (m) and {@code outflow} (m3/h).
 */
public final class TankPlant extends SteppedPlant
{
    /** Output index of the level, m. */
    public static final int LEVEL = 0;
    /** Output index of the outflow, m3/h. */
    public static final int OUTFLOW = 1;

    /** How the tank empties. */
    public enum Outflow
    {
        /** through an orifice at the bottom: {@code Qout = c sqrt(h)} */
        GRAVITY,
        /** a pump drawing a constant flow while there is water */
        PUMP
    }

    private static final double M3H = 1.0 / 3600.0;

    private final double areaM2;
    private final double heightM;
    private final double maxInflowM3s;
    private final Outflow outflow;
    private final double outflowM3s;
    private final double orifice;
    private final InputDelay delay;
    private double levelM;
    private double outflowNowM3s;
    private double volumeInM3;
    private double volumeOutM3;
    private double volumeSpiltM3;

    /**
     * @param areaM2         cross-section
     * @param heightM        height of the rim
     * @param initialLevelM  level at start
     * @param maxInflowM3h   inflow with the valve fully open (the pump at full speed)
     * @param deadTimeS      transport delay of the inflow
     * @param outflow        gravity or pump
     * @param outflowM3h     gravity: outflow at a full tank; pump: the constant draw
     * @param noiseM         measurement noise of the level, m
     * @param seed           noise seed
     * @param stepNs         integration step
     */
    public TankPlant(
        final double areaM2,
        final double heightM,
        final double initialLevelM,
        final double maxInflowM3h,
        final double deadTimeS,
        final Outflow outflow,
        final double outflowM3h,
        final double noiseM,
        final long seed,
        final long stepNs)
    {
        super(stepNs, seed, new String[] {"level", "outflow"}, new double[] {noiseM, 0.0});
        require(areaM2 > 0 && Double.isFinite(areaM2) && heightM > 0 && Double.isFinite(heightM), "area and height must be positive");
        require(initialLevelM >= 0 && initialLevelM <= heightM, "initial level must be from 0 to the height, got " + initialLevelM);
        require(maxInflowM3h >= 0 && Double.isFinite(maxInflowM3h) && outflowM3h >= 0 && Double.isFinite(outflowM3h),
            "flows must not be negative");
        require(deadTimeS >= 0 && Double.isFinite(deadTimeS), "deadTimeS must not be negative, got " + deadTimeS);
        require(outflow != null, "outflow kind missing");
        this.areaM2 = areaM2;
        this.heightM = heightM;
        this.levelM = initialLevelM;
        this.maxInflowM3s = maxInflowM3h * M3H;
        this.outflow = outflow;
        this.outflowM3s = outflowM3h * M3H;
        this.orifice = outflowM3h * M3H / StrictMath.sqrt(heightM);
        this.delay = new InputDelay(deadTimeS, stepNs, 0.0);
    }

    @Override
    protected void step(final double command)
    {
        final double dt = stepS;
        final double qin = delay.shift(command) * maxInflowM3s;
        final double available = levelM + dt * qin / areaM2; // level if nothing left in this step
        final double qout;
        if (outflow == Outflow.GRAVITY)
        {
            // Implicit: s = sqrt(h'), s^2 + b s - available = 0, b = dt c / A; never below empty.
            final double b = dt * orifice / areaM2;
            final double s = available > 0.0 ? 2.0 * available / (b + StrictMath.sqrt(b * b + 4.0 * available)) : 0.0;
            qout = orifice * s;
        }
        else
        {
            qout = Math.min(outflowM3s, available * areaM2 / dt);
        }
        double level = levelM + dt * (qin - qout) / areaM2;
        if (level < 0.0)
        {
            level = 0.0; // rounding only: qout never takes more than is there
        }
        if (level > heightM)
        {
            volumeSpiltM3 += (level - heightM) * areaM2;
            level = heightM;
        }
        levelM = level;
        outflowNowM3s = qout;
        volumeInM3 += qin * dt;
        volumeOutM3 += qout * dt;
    }

    @Override
    public double trueValue(final int output)
    {
        return output == OUTFLOW ? outflowNowM3s / M3H : levelM;
    }

    /** Volume that has flowed in since the start, m3. */
    public double volumeInM3()
    {
        return volumeInM3;
    }

    /** Volume that has flowed out through the outlet since the start, m3. */
    public double volumeOutM3()
    {
        return volumeOutM3;
    }

    /** Volume spilt over the rim since the start, m3. */
    public double volumeSpiltM3()
    {
        return volumeSpiltM3;
    }

    /** Cross-section, m2. */
    public double areaM2()
    {
        return areaM2;
    }

    /** Steady level of a gravity tank at a constant command: {@code (u Qmax / c)^2}, at most the height. */
    public double steadyLevelM(final double command)
    {
        if (outflow != Outflow.GRAVITY || orifice == 0.0)
        {
            return Double.NaN;
        }
        final double s = command * maxInflowM3s / orifice;
        return Math.min(heightM, s * s);
    }
}
