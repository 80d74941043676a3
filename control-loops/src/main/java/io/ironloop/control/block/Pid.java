package io.ironloop.control.block;

/**
 * PID controller in parallel form, {@code u = ff + Kp*e + I - Kd*d(pv)/dt} with {@code I = integral(Ki*e)}:
 * derivative on measurement through a first-order filter (no kick on setpoint steps), anti-windup by
 * back-calculation (the integrator tracks the limited output with time constant {@code Tt}) or by
 * clamping (conditional integration: no integration while the output is limited and the error pushes
 * further into the limit), output limits, an output rate limit, feed-forward, and bumpless
 * manual-to-auto transfer ({@link #track}: the integrator is set so that the first automatic step
 * reproduces the manual output). Ideal form gains convert with {@link #fromIdeal}.
 *
 * <p>The integrator is bounded by what it may have to hold on its own at zero error: the output range
 * less the feed-forward, {@code [outMin - ff, outMax - ff]}, so a range like [60, 100] works as well as
 * one around 0. The bound only stops it from growing further out; a value that tracking put outside it
 * (bumpless transfer with a large proportional term) is kept and unwinds by integration.
 *
 * <p>Allocation-free and never throws once built: a non-finite input or a non-positive time step
 * holds the last output and leaves the state untouched. Not thread-safe (owned by the control agent).
 */
public final class Pid implements LoopController
{
    /** How the integrator is kept from winding up while the output is limited. */
    public enum AntiWindup
    {
        /** No protection at all (for comparison only): the integrator winds up while the output is limited. */
        NONE,
        /** Conditional integration: stop integrating while limited and the error drives further in. */
        CLAMPING,
        /** Back-calculation: bleed the integrator by (limited - unlimited) / Tt. */
        BACK_CALCULATION
    }

    private final double kp;
    private final double ki;
    private final double kd;
    private final double derivativeFilterS;
    private final double trackingTimeS;
    private final double outMin;
    private final double outMax;
    private final double rateLimitPerS;
    private final AntiWindup antiWindup;

    private double integral;
    private double derivative;
    private double lastPv = Double.NaN;
    private double lastOutput;
    private double lastUnlimited;
    private boolean initialised;

    /**
     * Parallel-form PID with back-calculation anti-windup.
     *
     * @param kp                proportional gain
     * @param ki                integral gain (per second)
     * @param kd                derivative gain (seconds)
     * @param derivativeFilterS time constant of the derivative filter (0 = unfiltered)
     * @param trackingTimeS     back-calculation time constant; 0 picks sqrt(Ti*Td), or Ti without D
     * @param outMin            output lower limit
     * @param outMax            output upper limit
     * @param rateLimitPerS     largest output change per second; 0 or infinite = none
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
        this(kp, ki, kd, derivativeFilterS, trackingTimeS, outMin, outMax, rateLimitPerS, AntiWindup.BACK_CALCULATION);
    }

    /** As {@link #Pid(double, double, double, double, double, double, double, double)} with a chosen anti-windup. */
    public Pid(
        final double kp,
        final double ki,
        final double kd,
        final double derivativeFilterS,
        final double trackingTimeS,
        final double outMin,
        final double outMax,
        final double rateLimitPerS,
        final AntiWindup antiWindup)
    {
        if (!(outMax > outMin) || !(kp >= 0) || !(ki >= 0) || !(kd >= 0) || !(derivativeFilterS >= 0)
            || !(trackingTimeS >= 0) || Double.isNaN(rateLimitPerS) || antiWindup == null
            || !Double.isFinite(kp + ki + kd + derivativeFilterS + trackingTimeS + outMin + outMax))
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
        this.antiWindup = antiWindup;
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

    /**
     * Builds a PID from ideal (ISA) form {@code Kc * (e + 1/Ti * integral(e) + Td * de/dt)}: the same
     * controller as parallel form with {@code Kp = Kc, Ki = Kc/Ti, Kd = Kc*Td}. The derivative filter
     * is {@code Td/N}; {@code tiS} infinite or 0 means no integral action.
     */
    public static Pid fromIdeal(
        final double kc,
        final double tiS,
        final double tdS,
        final double derivativeFilterN,
        final double outMin,
        final double outMax,
        final double rateLimitPerS)
    {
        final double ki = tiS > 0 && Double.isFinite(tiS) ? kc / tiS : 0.0;
        final double filterS = tdS > 0 && derivativeFilterN > 0 ? tdS / derivativeFilterN : 0.0;
        return new Pid(kc, ki, kc * tdS, filterS, 0.0, outMin, outMax, rateLimitPerS);
    }

    /** Ideal form with the usual derivative filter {@code N = 10} and no rate limit. */
    public static Pid fromIdeal(final double kc, final double tiS, final double tdS, final double outMin, final double outMax)
    {
        return fromIdeal(kc, tiS, tdS, 10.0, outMin, outMax, 0.0);
    }

    /**
     * One controller step.
     *
     * @param setpoint    desired value
     * @param measurement process value
     * @param feedForward added to the output before limiting
     * @param dtS         time since the previous step in seconds (> 0)
     * @return the limited output; the previous output when an input is not finite or {@code dtS <= 0}
     */
    public double update(final double setpoint, final double measurement, final double feedForward, final double dtS)
    {
        if (!Double.isFinite(setpoint) || !Double.isFinite(measurement) || !Double.isFinite(feedForward)
            || !(dtS > 0) || !Double.isFinite(dtS))
        {
            return lastOutput;
        }
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

        final double unlimited = feedForward + kp * error + integral + kd * derivative;
        double output = Math.max(outMin, Math.min(outMax, unlimited));
        final double maxStep = rateLimitPerS * dtS;
        output = Math.max(lastOutput - maxStep, Math.min(lastOutput + maxStep, output));

        if (ki > 0)
        {
            final double before = integral;
            final double increment = ki * error * dtS;
            switch (antiWindup)
            {
                case BACK_CALCULATION:
                    // Bleed the integrator by how far the applied output differs from the unlimited one.
                    integral += increment + (output - unlimited) * dtS / trackingTimeS;
                    break;
                case CLAMPING:
                    // Integrate only when not limited, or when the error pulls the output back out of the limit.
                    if (output == unlimited || (unlimited > output) != (increment > 0))
                    {
                        integral += increment;
                    }
                    break;
                default:
                    integral += increment;
                    break;
            }
            if (antiWindup != AntiWindup.NONE)
            {
                integral = bound(integral, before, feedForward);
            }
        }
        lastOutput = output;
        lastUnlimited = unlimited;
        return output;
    }

    /**
     * External back-calculation (cascade): when the actuator this output feeds cannot follow (an inner
     * loop saturated), pull the integrator toward the value actually achieved, {@code realized},
     * with the tracking time constant. Only acts in the direction that unwinds.
     */
    public void trackRealized(final double realized, final double dtS)
    {
        if (!Double.isFinite(realized) || !(dtS > 0) || ki <= 0)
        {
            return;
        }
        final double before = integral;
        integral += (realized - lastOutput) * Math.min(1.0, dtS / trackingTimeS);
        integral = bound(integral, before, 0.0);
    }

    /** Keeps the integrator inside {@code [outMin - ff, outMax - ff]}, or at least no further out than it was. */
    private double bound(final double next, final double before, final double feedForward)
    {
        final double high = Math.max(outMax - feedForward, before);
        final double low = Math.min(outMin - feedForward, before);
        return Math.max(low, Math.min(high, next));
    }

    /**
     * Bumpless transfer: while the output is set by someone else (MANUAL, SAFE, an outer program),
     * align the state so that the first automatic step with the same inputs returns {@code output}.
     * A non-finite setpoint or measurement only records the output (the next update then starts
     * its derivative afresh).
     */
    public void track(final double output, final double setpoint, final double measurement, final double feedForward)
    {
        if (!Double.isFinite(output))
        {
            return;
        }
        lastOutput = Math.max(outMin, Math.min(outMax, output));
        derivative = 0.0;
        if (Double.isFinite(setpoint) && Double.isFinite(measurement) && Double.isFinite(feedForward))
        {
            integral = lastOutput - feedForward - kp * (setpoint - measurement);
            lastPv = measurement;
            initialised = true;
        }
        else
        {
            integral = lastOutput;
            lastPv = Double.NaN;
            initialised = false;
        }
        lastUnlimited = lastOutput;
    }

    @Override
    public int inputCount()
    {
        return 1;
    }

    @Override
    public double update(final long nowNs, final double dtS, final double setpoint, final double[] inputs)
    {
        return update(setpoint, inputs[0], 0.0, dtS);
    }

    @Override
    public void track(final double output, final double setpoint, final double[] inputs)
    {
        track(output, setpoint, inputs[0], 0.0);
    }

    /** Clears all state; the last output is the point of the range nearest 0, so it stays a value the PID may give. */
    @Override
    public void reset()
    {
        lastOutput = Math.max(outMin, Math.min(outMax, 0.0));
        // At zero error the first step gives that output again, not the bottom of a range that excludes 0.
        integral = lastOutput;
        derivative = 0.0;
        lastUnlimited = lastOutput;
        lastPv = Double.NaN;
        initialised = false;
    }

    /** True when the last output was held at a limit (output or rate) below what the controller asked for. */
    public boolean saturatedHigh()
    {
        return lastUnlimited > lastOutput;
    }

    /** True when the last output was held at a limit above what the controller asked for. */
    public boolean saturatedLow()
    {
        return lastUnlimited < lastOutput;
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

    public double kp()
    {
        return kp;
    }

    public double ki()
    {
        return ki;
    }

    public double kd()
    {
        return kd;
    }

    public AntiWindup antiWindup()
    {
        return antiWindup;
    }
}
