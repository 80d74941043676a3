package io.ironloop.control.block;

/**
 * Relay autotune after Åström and Hägglund: replace the controller by a relay (optionally with
 * hysteresis) around the output it had, let the loop settle into a limit cycle, measure the
 * oscillation's amplitude {@code a} and period {@code Pu} over several cycles, and take the ultimate
 * gain from the describing function of the relay, {@code Ku = 4d / (pi a)}. Gains are then proposed
 * by a selectable rule:
 * <ul>
 *   <li>Ziegler-Nichols PID: {@code Kc = 0.6 Ku, Ti = Pu/2, Td = Pu/8};</li>
 *   <li>Tyreus-Luyben PID: {@code Kc = Ku/2.2, Ti = 2.2 Pu, Td = Pu/6.3};</li>
 *   <li>SIMC (Skogestad 2003) PI from a first-order-plus-dead-time estimate
 *       {@code K e^(-theta s)/(tau s + 1)} with {@code tau_c = theta}: {@code Kc = tau/(K(tau_c+theta))},
 *       {@code Ti = min(tau, 4(tau_c+theta))}. The estimate: the static gain {@code K} is the ratio of the
 *       integrals of PV and output deviations (from the values at the start, which must be a steady
 *       state) over whole periods -- exact for a linear plant in a periodic steady state (Shen, Wu and Yu
 *       1996), which is why SIMC needs a biased relay ({@code bias > 0}: the low step is
 *       {@code (1-bias) d}) so that the output integral is not zero. {@code tau} and {@code theta} then
 *       follow from the describing-function conditions at the oscillation frequency
 *       {@code w = 2 pi / Pu}: magnitude {@code K / sqrt(1 + (tau w)^2) = 1/Ku} and phase
 *       {@code -theta w - atan(tau w) = -pi + asin(eps/a)} (the hysteresis {@code eps} moves the
 *       oscillation off the phase crossover). Used when it says {@code tau < 8 theta}. Otherwise, or when
 *       the output integral is too small to give {@code K} (a lag-dominant process: the relay centres on
 *       the setpoint and the mean output moves by only the mean PV shift over {@code K}), SIMC's rule for
 *       an integrating process {@code k' e^(-theta s)/s} with {@code k' = w/Ku} and
 *       {@code theta = (pi/2 - asin(eps/a))/w}: {@code Kc = 1/(k' 2 theta)}, {@code Ti = 8 theta}, which is
 *       what the FOPDT rule gives for {@code tau >= 8 theta} ({@link #model()} says which).</li>
 * </ul>
 * The relay steps are bounded by {@code amplitude} and by the output limits. The experiment aborts
 * safely -- output to the safe value, status {@link Status#ABORTED} with a reason -- when the PV leaves
 * {@code setpoint +- bound}, when it does not finish within the timeout, or on a non-finite PV.
 * Assumes a positive process gain (more output raises the PV). Allocation-free; time from the caller.
 */
public final class RelayAutotune
{
    /** How gains are proposed from the experiment. */
    public enum Rule { ZIEGLER_NICHOLS, TYREUS_LUYBEN, SIMC }

    /** Where the experiment is. */
    public enum Status { IDLE, RUNNING, DONE, ABORTED }

    /**
     * The process model SIMC's gains came from: a first-order lag with dead time identified from the
     * biased relay, or, for a lag-dominant process, an integrator with dead time.
     */
    public enum Model { NONE, FOPDT, INTEGRATING }

    /** Why an experiment was aborted. */
    public enum AbortReason { NONE, OUT_OF_BOUND, TIMEOUT, BAD_INPUT, NO_RELAY_ROOM, NOT_IDENTIFIABLE, INTERRUPTED }

    private static final int WARM_UP_PERIODS = 1;
    /**
     * The mean output must move by at least this fraction of the relay step for the static gain to be
     * taken from the integrals: 2.9 % on {@code 2 e^(-2s)/(10s+1)}, 0.5 % on the lag-dominant furnace
     * ({@code 1180 e^(-4s)/(120s+1)}), where it is lost in the start values' noise.
     */
    private static final double MIN_OUTPUT_SHIFT = 0.02;

    private final Rule rule;
    private final double amplitude;
    private final double hysteresis;
    private final double bias;
    private final double boundAbs;
    private final long timeoutNs;
    private final int cycles;
    private final double outMin;
    private final double outMax;
    private final double safeValue;

    private volatile Status status = Status.IDLE;
    private AbortReason abortReason = AbortReason.NONE;
    private long startNs;
    private long lastNs;
    private double setpoint;
    private double pv0;
    private double u0;
    private double stepUp;
    private double stepDown;
    private boolean relayHigh;
    private double output;

    private long periodStartNs = Long.MIN_VALUE;
    private double periodMax;
    private double periodMin;
    private double periodPvIntegral;
    private double periodOutputIntegral;
    private int completedPeriods;
    private double sumPeriodS;
    private double sumAmplitude;
    private double sumPvIntegral;
    private double sumOutputIntegral;

    private double ultimateGain = Double.NaN;
    private double ultimatePeriodS = Double.NaN;
    private double oscillationAmplitude = Double.NaN;
    private double processGain = Double.NaN;
    private double timeConstantS = Double.NaN;
    private double deadTimeS = Double.NaN;
    private double integratingGain = Double.NaN;
    private Model model = Model.NONE;
    private double kc = Double.NaN;
    private double tiS = Double.NaN;
    private double tdS = Double.NaN;

    /**
     * @param rule       tuning rule for the proposal
     * @param amplitude  relay step d above (and, times 1 - bias, below) the starting output (> 0)
     * @param hysteresis relay hysteresis eps in PV units (>= 0; a little above the noise)
     * @param bias       asymmetry of the relay in [0, 0.9); SIMC needs > 0
     * @param boundAbs   the PV must stay within setpoint +- this, else abort (> 0)
     * @param timeoutNs  the experiment must finish within this
     * @param cycles     periods to measure after one warm-up period (>= 1)
     * @param outMin     output lower limit
     * @param outMax     output upper limit
     * @param safeValue  output after an abort
     */
    public RelayAutotune(
        final Rule rule,
        final double amplitude,
        final double hysteresis,
        final double bias,
        final double boundAbs,
        final long timeoutNs,
        final int cycles,
        final double outMin,
        final double outMax,
        final double safeValue)
    {
        if (rule == null || !(amplitude > 0) || !(hysteresis >= 0) || !(bias >= 0 && bias < 0.9) || !(boundAbs > 0)
            || timeoutNs <= 0 || cycles < 1 || !(outMax > outMin) || !Double.isFinite(safeValue)
            || (rule == Rule.SIMC && bias == 0))
        {
            throw new IllegalArgumentException("invalid autotune parameters (SIMC needs bias > 0)");
        }
        this.rule = rule;
        this.amplitude = amplitude;
        this.hysteresis = hysteresis;
        this.bias = bias;
        this.boundAbs = boundAbs;
        this.timeoutNs = timeoutNs;
        this.cycles = cycles;
        this.outMin = outMin;
        this.outMax = outMax;
        this.safeValue = safeValue;
    }

    /**
     * Starts an experiment around {@code setpoint} from the current output {@code startOutput}; the
     * process should be steady at ({@code startOutput}, {@code pv}).
     *
     * @return the first output
     */
    public double start(final long nowNs, final double setpoint, final double pv, final double startOutput)
    {
        clearResults();
        startNs = nowNs;
        lastNs = nowNs;
        this.setpoint = setpoint;
        pv0 = pv;
        u0 = Math.max(outMin, Math.min(outMax, startOutput));
        stepUp = Math.min(amplitude, outMax - u0);
        stepDown = Math.min(amplitude * (1.0 - bias), u0 - outMin);
        status = Status.RUNNING;
        if (!Double.isFinite(setpoint) || !Double.isFinite(pv))
        {
            return abort(AbortReason.BAD_INPUT);
        }
        if (stepUp <= 0 || stepDown <= 0)
        {
            return abort(AbortReason.NO_RELAY_ROOM);
        }
        relayHigh = setpoint - pv >= 0;
        output = relayHigh ? u0 + stepUp : u0 - stepDown;
        return output;
    }

    /** One step of the experiment: returns the output to apply (the safe value once aborted). */
    public double update(final long nowNs, final double pv)
    {
        if (status != Status.RUNNING)
        {
            return status == Status.ABORTED ? safeValue : output;
        }
        if (!Double.isFinite(pv))
        {
            return abort(AbortReason.BAD_INPUT);
        }
        if (Math.abs(pv - setpoint) > boundAbs)
        {
            return abort(AbortReason.OUT_OF_BOUND);
        }
        if (nowNs - startNs > timeoutNs)
        {
            return abort(AbortReason.TIMEOUT);
        }
        final double dtS = (nowNs - lastNs) * 1e-9;
        lastNs = nowNs;
        periodPvIntegral += (pv - pv0) * dtS;
        periodOutputIntegral += (output - u0) * dtS;
        periodMax = Math.max(periodMax, pv);
        periodMin = Math.min(periodMin, pv);

        final double error = setpoint - pv;
        if (relayHigh && error < -hysteresis)
        {
            relayHigh = false;
        }
        else if (!relayHigh && error > hysteresis)
        {
            relayHigh = true;
            onUpSwitch(nowNs);
            if (status != Status.RUNNING)
            {
                return output;
            }
        }
        output = relayHigh ? u0 + stepUp : u0 - stepDown;
        return output;
    }

    private void onUpSwitch(final long nowNs)
    {
        if (periodStartNs != Long.MIN_VALUE)
        {
            completedPeriods++;
            if (completedPeriods > WARM_UP_PERIODS)
            {
                sumPeriodS += (nowNs - periodStartNs) * 1e-9;
                sumAmplitude += (periodMax - periodMin) / 2.0;
                sumPvIntegral += periodPvIntegral;
                sumOutputIntegral += periodOutputIntegral;
            }
        }
        periodStartNs = nowNs;
        periodMax = Double.NEGATIVE_INFINITY;
        periodMin = Double.POSITIVE_INFINITY;
        periodPvIntegral = 0.0;
        periodOutputIntegral = 0.0;
        if (completedPeriods >= WARM_UP_PERIODS + cycles)
        {
            finish();
        }
    }

    private void finish()
    {
        ultimatePeriodS = sumPeriodS / cycles;
        oscillationAmplitude = sumAmplitude / cycles;
        final double d = (stepUp + stepDown) / 2.0;
        ultimateGain = 4.0 * d / (Math.PI * oscillationAmplitude);
        final double totalS = sumPeriodS;
        final double w = 2.0 * Math.PI / ultimatePeriodS;
        final double lead = hysteresis < oscillationAmplitude ? Math.asin(hysteresis / oscillationAmplitude) : 0.0;
        // Integrator with dead time, k' e^(-theta s) / s: |G(jw)| = k'/w = 1/Ku and its phase -pi/2 - theta w
        // meets the relay's -pi + lead. Needs nothing but Ku and Pu, so it holds where the static gain below cannot
        // be had: on a lag-dominant process the relay centres on the setpoint and the mean output moves by only
        // (mean PV shift) / K, a ratio of two numbers lost in the noise (seen on the furnace: K = 1180 degC).
        integratingGain = w / ultimateGain;
        final double integratingDeadTimeS = Math.max(0.0, (Math.PI / 2.0 - lead) / w);
        if (bias > 0 && Math.abs(sumOutputIntegral) > MIN_OUTPUT_SHIFT * d * totalS)
        {
            processGain = sumPvIntegral / sumOutputIntegral;
            if (processGain > 0)
            {
                final double m = processGain * ultimateGain;
                timeConstantS = m > 1.0 ? Math.sqrt(m * m - 1.0) / w : 0.0;
                deadTimeS = Math.max(0.0, (Math.PI - lead - Math.atan(timeConstantS * w)) / w);
            }
        }
        switch (rule)
        {
            case ZIEGLER_NICHOLS:
                kc = 0.6 * ultimateGain;
                tiS = 0.5 * ultimatePeriodS;
                tdS = 0.125 * ultimatePeriodS;
                break;
            case TYREUS_LUYBEN:
                kc = ultimateGain / 2.2;
                tiS = 2.2 * ultimatePeriodS;
                tdS = ultimatePeriodS / 6.3;
                break;
            default:
                if (processGain > 0 && deadTimeS > 0 && timeConstantS < 8.0 * deadTimeS)
                {
                    // SIMC PI on the FOPDT model, tau_c = theta.
                    model = Model.FOPDT;
                    final double closedLoopS = deadTimeS;
                    kc = timeConstantS / (processGain * (closedLoopS + deadTimeS));
                    tiS = Math.min(timeConstantS, 4.0 * (closedLoopS + deadTimeS));
                }
                else if (integratingGain > 0 && integratingDeadTimeS > 0)
                {
                    // Lag-dominant (tau >= 8 theta, or no usable static gain): SIMC PI on the integrating model,
                    // tau_c = theta. Where tau >= 8 theta SIMC's FOPDT rule reduces to this one (Kc = tau/(K 2 theta),
                    // Ti = 8 theta), which needs K/tau only, and Ku and Pu give that without K.
                    model = Model.INTEGRATING;
                    processGain = Double.NaN;
                    timeConstantS = Double.NaN;
                    deadTimeS = integratingDeadTimeS;
                    kc = 1.0 / (integratingGain * 2.0 * deadTimeS);
                    tiS = 8.0 * deadTimeS;
                }
                else
                {
                    abort(AbortReason.NOT_IDENTIFIABLE);
                    return;
                }
                tdS = 0.0;
                break;
        }
        if (!Double.isFinite(kc) || !(kc > 0) || !(ultimatePeriodS > 0))
        {
            abort(AbortReason.NOT_IDENTIFIABLE);
            return;
        }
        output = u0;
        status = Status.DONE;
    }

    /** Stops the experiment at once with the output at its safe value (any reason, e.g. the operator). */
    public double abort(final AbortReason reason)
    {
        abortReason = reason;
        output = safeValue;
        status = Status.ABORTED;
        return safeValue;
    }

    private void clearResults()
    {
        abortReason = AbortReason.NONE;
        periodStartNs = Long.MIN_VALUE;
        completedPeriods = 0;
        sumPeriodS = 0;
        sumAmplitude = 0;
        sumPvIntegral = 0;
        sumOutputIntegral = 0;
        ultimateGain = Double.NaN;
        ultimatePeriodS = Double.NaN;
        oscillationAmplitude = Double.NaN;
        processGain = Double.NaN;
        timeConstantS = Double.NaN;
        deadTimeS = Double.NaN;
        integratingGain = Double.NaN;
        model = Model.NONE;
        kc = Double.NaN;
        tiS = Double.NaN;
        tdS = Double.NaN;
    }

    public Status status()
    {
        return status;
    }

    public boolean isRunning()
    {
        return status == Status.RUNNING;
    }

    public AbortReason abortReason()
    {
        return abortReason;
    }

    public Rule rule()
    {
        return rule;
    }

    /** Ultimate gain {@code 4d/(pi a)}. */
    public double ultimateGain()
    {
        return ultimateGain;
    }

    /** Ultimate period in seconds (mean over the measured cycles). */
    public double ultimatePeriodS()
    {
        return ultimatePeriodS;
    }

    /** Mean half peak-to-peak amplitude of the PV oscillation. */
    public double oscillationAmplitude()
    {
        return oscillationAmplitude;
    }

    /** FOPDT estimate: static gain (NaN without bias). */
    public double processGain()
    {
        return processGain;
    }

    /** FOPDT estimate: time constant in seconds. */
    public double timeConstantS()
    {
        return timeConstantS;
    }

    /** FOPDT estimate: dead time in seconds. */
    public double deadTimeS()
    {
        return deadTimeS;
    }

    /** Proposed controller gain (ideal form). */
    public double kc()
    {
        return kc;
    }

    /** Proposed integral time in seconds (ideal form). */
    public double tiS()
    {
        return tiS;
    }

    /** Proposed derivative time in seconds (ideal form; 0 for SIMC's PI). */
    public double tdS()
    {
        return tdS;
    }

    /** Proposed parallel-form gains. */
    public double kp()
    {
        return kc;
    }

    public double ki()
    {
        return kc / tiS;
    }

    public double kd()
    {
        return kc * tdS;
    }

    /** Output the experiment started from (where it leaves the output when done). */
    /** SIMC's process model; {@link Model#NONE} for the other rules. */
    public Model model()
    {
        return model;
    }

    /**
     * {@code k'} of the integrating model (PV units per second per output unit, about {@code K / tau} for a
     * lag-dominant process), from Ku and Pu alone.
     */
    public double integratingGain()
    {
        return integratingGain;
    }

    public double startOutput()
    {
        return u0;
    }

    /** Builds a PID with the proposed gains (start-up / non-real-time use: allocates). */
    public Pid proposedPid(final double rateLimitPerS)
    {
        return Pid.fromIdeal(kc, tiS, tdS, 10.0, outMin, outMax, rateLimitPerS);
    }
}
