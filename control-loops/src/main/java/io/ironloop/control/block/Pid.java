package io.ironloop.control.block;

/**
 * PID controller in parallel form, {@code u = ff + Kp*e + Ki*integral(e) - Kd*d(pv)/dt}, with:
 * derivative on measurement through a first-order filter (no kick on setpoint steps), anti-windup by
 * back-calculation (the integrator tracks the saturated output with time constant {@code Tt}) plus
 * clamping, output limits, an output rate limit, and bumpless manual-to-auto transfer ({@link
 * #track(double, double)} keeps the integrator aligned with an externally set output). Ideal form
 * gains convert with {@link #fromIdeal}. Allocation-free; not thread-safe (owned by the control agent).
 */
public final class Pid
{
    private final double kp;
    private final double ki;
    private final double kd;
    private final double derivativeFilterS;
    private final double trackingTimeS;
    private final double outMin;
    private final double outMax;
    private final double rateLimitPerS;

    private double integral;
    private double derivative;
    private double lastPv = Double.NaN;
    private double lastOutput;
    private boolean initialised;

    /**
     * @param kp               proportional gain
     * @param ki               integral gain (per second)
     * @param kd               derivative gain (seconds)
     * @param derivativeFilterS time constant of the derivative filter (0 = unfiltered)
     * @param trackingTimeS    back-calculation time constant; 0 picks sqrt(Ti*Td) or Ti
     * @param outMin           output lower limit
     * @param outMax           output upper limit
     * @param rateLimitPerS    largest output change per second; 0 or infinite = none
     */
    public Pid(
        final double kp,
        final double ki,
        final double kd,
        final double derivativeFilterS,
        final double trackingTimeS,
        final double outMin,
        final double outMax,
        final double rateLimitPerS)
    {
        if (!(outMax > outMin) || kp < 0 || ki < 0 || kd < 0 || derivativeFilterS < 0 || trackingTimeS < 0)
        {
            throw new IllegalArgumentException("invalid PID parameters");
        }
        this.kp = kp;
        this.ki = ki;
        this.kd = kd;
        this.derivativeFilterS = derivativeFilterS;
        this.outMin = outMin;
        this.outMax = outMax;
        this.rateLimitPerS = rateLimitPerS > 0 ? rateLimitPerS : Double.POSITIVE_INFINITY;
        if (trackingTimeS > 0)
        {
            this.trackingTimeS = trackingTimeS;
        }
        else if (ki > 0 && kp > 0)
        {
            final double ti = kp / ki;
            final double td = kd / kp;
            this.trackingTimeS = td > 0 ? Math.sqrt(ti * td) : ti;
        }
        else
        {
            this.trackingTimeS = 1.0;
        }
    }

    /** Builds a PID from ideal (ISA) form: {@code Kc * (e + 1/Ti * integral(e) + Td * de/dt)}. */
    public static Pid fromIdeal(
        final double kc, final double tiS, final double tdS, final double outMin, final double outMax)
    {
        final double ki = tiS > 0 && Double.isFinite(tiS) ? kc / tiS : 0.0;
        return new Pid(kc, ki, kc * tdS, tdS / 10.0, 0.0, outMin, outMax, 0.0);
    }

    /**
     * One controller step.
     *
     * @param setpoint    desired value
     * @param measurement process value (must be finite: the caller's interlock rejects NaN first)
     * @param feedForward added to the output before limiting
     * @param dtS         time since the previous step in seconds (> 0)
     * @return the limited output
     */
    public double update(final double setpoint, final double measurement, final double feedForward, final double dtS)
    {
        if (!initialised)
        {
            lastPv = measurement;
            derivative = 0.0;
            initialised = true;
        }
        final double error = setpoint - measurement;

        if (kd > 0)
        {
            final double raw = -(measurement - lastPv) / dtS;
            final double a = derivativeFilterS > 0 ? dtS / (derivativeFilterS + dtS) : 1.0;
            derivative += a * (raw - derivative);
        }
        lastPv = measurement;

        final double unsaturated = feedForward + kp * error + integral + kd * derivative;
        double output = Math.max(outMin, Math.min(outMax, unsaturated));
        final double maxStep = rateLimitPerS * dtS;
        output = Math.max(lastOutput - maxStep, Math.min(lastOutput + maxStep, output));

        if (ki > 0)
        {
            // Back-calculation: bleed the integrator by how far the actual output differs from the unsaturated one.
            integral += ki * error * dtS + (output - unsaturated) * dtS / trackingTimeS;
            integral = Math.max(outMin - outMax, Math.min(outMax - outMin, integral));
        }
        lastOutput = output;
        return output;
    }

    /**
     * Bumpless transfer: while the output is set by someone else (MANUAL, SAFE), keep the integrator
     * so that the first automatic step continues from {@code output}.
     */
    public void track(final double output, final double measurement)
    {
        integral = Math.max(outMin - outMax, Math.min(outMax - outMin, output));
        lastOutput = output;
        lastPv = measurement;
        derivative = 0.0;
        initialised = !Double.isNaN(measurement);
    }

    /** Clears all state. */
    public void reset()
    {
        integral = 0.0;
        derivative = 0.0;
        lastOutput = 0.0;
        lastPv = Double.NaN;
        initialised = false;
    }

    public double integral()
    {
        return integral;
    }

    public double lastOutput()
    {
        return lastOutput;
    }

    public double outMin()
    {
        return outMin;
    }

    public double outMax()
    {
        return outMax;
    }
}
