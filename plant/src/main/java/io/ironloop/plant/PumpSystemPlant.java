package io.ironloop.plant;

/**
 * A variable-speed centrifugal pump on a pipe system, where the operating point is where the curves
 * cross: pump curve {@code Hp(Q, n) = shutoffHead * n^2 - a * Q^2} (affinity law in speed {@code n}, 0..1),
 * system curve {@code Hs(Q) = staticHead + k * Q^2}. The water column accelerates with the head
 * difference, {@code dQ/dt = g * A / L * (Hp - Hs)}, integrated backward-Euler (solved exactly as a
 * quadratic, so it is stable for any pipe), with a check valve that stops reverse flow. The drive's
 * speed follows its reference through a first-order ramp. Outputs: {@code pressure} (discharge
 * pressure from the pump head, bar, not below 0) and {@code flow} (m3/h).
 */
public final class PumpSystemPlant extends SteppedPlant
{
    /** Output index of the discharge pressure, bar. */
    public static final int PRESSURE = 0;
    /** Output index of the flow, m3/h. */
    public static final int FLOW = 1;

    private static final double G = 9.80665;
    private static final double M3H = 1.0 / 3600.0;

    private final double shutoffHeadM;
    private final double pumpA;
    private final double staticHeadM;
    private final double systemK;
    private final double columnGain;
    private final double speedAlpha;
    private final double barPerM;
    private double speed;
    private double flowM3s;

    /**
     * @param shutoffHeadM       pump head at zero flow, full speed
     * @param maxFlowM3h         pump flow at zero head, full speed (run-out)
     * @param staticHeadM        system curve at zero flow (lift)
     * @param frictionHeadM      system friction head at {@code ratedFlowM3h}
     * @param ratedFlowM3h       the flow at which {@code frictionHeadM} is given
     * @param pipeLengthM        length of the water column
     * @param pipeDiameterM      inner diameter of the pipe
     * @param speedTimeConstantS drive's speed response to its reference
     * @param densityKgM3        fluid density (water: 1000)
     * @param noiseBar           measurement noise of the pressure, bar
     * @param noiseM3h           measurement noise of the flow, m3/h
     * @param seed               noise seed
     * @param stepNs             integration step
     */
    public PumpSystemPlant(
        final double shutoffHeadM,
        final double maxFlowM3h,
        final double staticHeadM,
        final double frictionHeadM,
        final double ratedFlowM3h,
        final double pipeLengthM,
        final double pipeDiameterM,
        final double speedTimeConstantS,
        final double densityKgM3,
        final double noiseBar,
        final double noiseM3h,
        final long seed,
        final long stepNs)
    {
        super(stepNs, seed, new String[] {"pressure", "flow"}, new double[] {noiseBar, noiseM3h});
        require(positive(shutoffHeadM) && positive(maxFlowM3h) && positive(ratedFlowM3h) && positive(pipeLengthM)
            && positive(pipeDiameterM) && positive(speedTimeConstantS) && positive(densityKgM3), "pump and pipe parameters must be positive");
        require(staticHeadM >= 0 && Double.isFinite(staticHeadM) && frictionHeadM > 0 && Double.isFinite(frictionHeadM),
            "staticHeadM must not be negative and frictionHeadM must be positive");
        this.shutoffHeadM = shutoffHeadM;
        this.pumpA = shutoffHeadM / square(maxFlowM3h * M3H);
        this.staticHeadM = staticHeadM;
        this.systemK = frictionHeadM / square(ratedFlowM3h * M3H);
        final double areaM2 = StrictMath.PI * pipeDiameterM * pipeDiameterM / 4.0;
        this.columnGain = G * areaM2 / pipeLengthM;
        this.speedAlpha = 1.0 - StrictMath.exp(-stepS / speedTimeConstantS);
        this.barPerM = densityKgM3 * G / 1e5;
    }

    @Override
    protected void step(final double command)
    {
        speed += (command - speed) * speedAlpha;
        // Backward Euler on dQ/dt = c (D - s Q^2), D = H0 n^2 - Hstatic, s = a + k, Q >= 0 (check valve):
        // c h s Q'^2 + Q' - (Q + c h D) = 0.
        final double drive = shutoffHeadM * speed * speed - staticHeadM;
        final double ch = columnGain * stepS;
        final double rhs = flowM3s + ch * drive;
        if (rhs <= 0.0)
        {
            flowM3s = 0.0;
            return;
        }
        final double quad = ch * (pumpA + systemK);
        flowM3s = 2.0 * rhs / (1.0 + StrictMath.sqrt(1.0 + 4.0 * quad * rhs));
    }

    @Override
    public double trueValue(final int output)
    {
        if (output == FLOW)
        {
            return flowM3s / M3H;
        }
        final double headM = shutoffHeadM * speed * speed - pumpA * flowM3s * flowM3s;
        return headM > 0.0 ? headM * barPerM : 0.0;
    }

    /** The speed the drive has reached, 0..1, for tests. */
    public double speed()
    {
        return speed;
    }

    /**
     * Where the curves cross at {@code speed}: the steady flow in m3/h (0 when the pump cannot lift the
     * static head) from {@code shutoffHead n^2 - a Q^2 = staticHead + k Q^2}.
     */
    public double operatingFlowM3h(final double speed)
    {
        final double drive = shutoffHeadM * speed * speed - staticHeadM;
        return drive <= 0.0 ? 0.0 : StrictMath.sqrt(drive / (pumpA + systemK)) / M3H;
    }

    /** The system curve's head at {@code flowM3h}, m. */
    public double systemHeadM(final double flowM3h)
    {
        return staticHeadM + systemK * square(flowM3h * M3H);
    }

    /** The pump curve's head at {@code flowM3h} and {@code speed}, m. */
    public double pumpHeadM(final double flowM3h, final double speed)
    {
        return shutoffHeadM * speed * speed - pumpA * square(flowM3h * M3H);
    }

    private static boolean positive(final double x)
    {
        return x > 0 && Double.isFinite(x);
    }

    private static double square(final double x)
    {
        return x * x;
    }
}
