package io.ironloop.control.advice;

import io.ironloop.control.loop.AdviceSlot;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.PeriodicDeadline;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.vibration.VibrationStatus;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import org.agrona.concurrent.NanoClock;

/**
 * The advisor agent: on its own thread (lockstep under HIL) at its own rate, never on the control thread.
 * Each run it copies the mapped channels out of the process image (seqlock reads: the control side takes
 * no lock and never waits for it), runs the {@link Model}, checks the outputs, and publishes:
 * <ul>
 *   <li>into each loop's {@link AdviceSlot}: the setpoint trim and the fallback request, each expiring
 *       {@code expiryNs} after it was written. The control agent uses it only in ADVISED, only through the
 *       loop's safety envelope (clamped to the configured bounds, ignored when stale or not a number);</li>
 *   <li>the anomaly score, alarm (with the input channels the model blames for it), health index and remaining life into the counters file and an
 *       {@link AdvisorStatus} the telemetry agent publishes.</li>
 * </ul>
 * A model that throws, or any output that is NaN, infinite or out of range (a score below 0, a health
 * outside [0, 1]), is counted and the advice of that run is withdrawn (written as NaN, expired at once),
 * so an ADVISED loop uses its deterministic setpoint from its next tick. An advisor that stops running
 * (died, stalled) writes nothing: its last advice expires and the loop falls back in the tick it expires.
 *
 * <p>Allocation-free after construction (a built-in model included).
 */
public final class AdvisorAgent implements ScheduledAgent
{
    /** Output index meaning "not mapped". */
    public static final int UNMAPPED = -1;

    /** Where one loop's advice goes and which model output is its trim. */
    public record Target(String loopId, AdviceSlot slot, int trimOutput)
    {
    }

    /**
     * Which model output means what ({@link #UNMAPPED} where none).
     *
     * @param anomalyScore the anomaly score (at least 0)
     * @param health       a health index in [0, 1] straight from the model (used when no remaining-life estimate is configured)
     * @param alarm        above 0.5: alarm
     * @param fallback     above 0.5: the model asks ADVISED loops to fall back to AUTO
     */
    public record Outputs(int anomalyScore, int health, int alarm, int fallback)
    {
    }

    /** The degradation indicator of the remaining-life estimate: a mapped input or a model output. */
    public record Indicator(boolean fromOutput, int index, RemainingLife estimate)
    {
    }

    private final NanoClock clock;
    private final PeriodicDeadline deadline;
    private final long expiryNs;
    private final ProcessImage image;
    private final int[] inputSlots;
    private final long[] staleAfterNs;
    private final Model model;
    private final Target[] targets;
    private final Outputs outputs;
    private final Indicator indicator;
    private final AdvisorCounters counters;
    private final AdvisorStatus status;
    private final Reading reading = new Reading();
    private final double[] inputValues;
    private final double[] outputValues;
    private final int[] contributors = new int[AdvisorStatus.MAX_CONTRIBUTORS];
    private double lastScore = Double.NaN;
    private double lastHealth = Double.NaN;
    private boolean lastAlarm;
    private VibrationStatus[] vibration = new VibrationStatus[0];
    private boolean fallbackOnVibration;

    /**
     * @param periodNs     time between runs
     * @param expiryNs     how long each advice lives after it is written
     * @param inputSlots   process image slots of the model's inputs, in the model's order
     * @param staleAfterNs per input, a reading older than this is missing (NaN to the model)
     * @param indicator    the remaining-life estimate and what feeds it, or null
     */
    public AdvisorAgent(
        final NanoClock clock,
        final long periodNs,
        final long expiryNs,
        final ProcessImage image,
        final int[] inputSlots,
        final long[] staleAfterNs,
        final Model model,
        final Target[] targets,
        final Outputs outputs,
        final Indicator indicator,
        final AdvisorCounters counters,
        final AdvisorStatus status)
    {
        if (periodNs <= 0 || expiryNs <= 0 || inputSlots.length != model.inputCount() || staleAfterNs.length != inputSlots.length)
        {
            throw new IllegalArgumentException("advisor: period " + periodNs + " ns, expiry " + expiryNs + " ns, "
                + inputSlots.length + " inputs mapped for a model of " + model.inputCount());
        }
        final int count = model.outputCount();
        for (final Target target : targets)
        {
            requireOutput(target.trimOutput(), count, "trim of " + target.loopId());
        }
        requireOutput(outputs.anomalyScore(), count, "anomaly score");
        requireOutput(outputs.health(), count, "health");
        requireOutput(outputs.alarm(), count, "alarm");
        requireOutput(outputs.fallback(), count, "fallback");
        if (indicator != null)
        {
            if (indicator.fromOutput())
            {
                requireOutput(indicator.index(), count, "health indicator");
            }
            else if (indicator.index() < 0 || indicator.index() >= inputSlots.length)
            {
                throw new IllegalArgumentException("advisor: health indicator input " + indicator.index() + " is not mapped");
            }
        }
        this.clock = clock;
        this.deadline = new PeriodicDeadline(periodNs);
        this.expiryNs = expiryNs;
        this.image = image;
        this.inputSlots = inputSlots.clone();
        this.staleAfterNs = staleAfterNs.clone();
        this.model = model;
        this.targets = targets.clone();
        this.outputs = outputs;
        this.indicator = indicator;
        this.counters = counters;
        this.status = status;
        this.inputValues = new double[inputSlots.length];
        this.outputValues = new double[count];
        counters.remainingLifeS().setRelease(-1);
    }

    private static void requireOutput(final int index, final int count, final String what)
    {
        if (index != UNMAPPED && (index < 0 || index >= count))
        {
            throw new IllegalArgumentException("advisor: " + what + " is model output " + index + ", the model has " + count);
        }
    }

    /**
     * The machine's watched bearings: a vibration alarm is this advisor's alarm too and, with
     * {@code fallbackOnAlarm}, its fallback request (ADVISED to AUTO) through each loop's advice slot, the
     * one path advice has to a loop. Set while wiring, before the agent starts.
     */
    public void watch(final VibrationStatus[] statuses, final boolean fallbackOnAlarm)
    {
        this.vibration = statuses.clone();
        this.fallbackOnVibration = fallbackOnAlarm;
    }

    private boolean vibrationAlarm()
    {
        for (final VibrationStatus status : vibration)
        {
            if (status.alarm())
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onStart()
    {
        deadline.start(clock.nanoTime());
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (!deadline.due(nowNs))
        {
            return 0;
        }
        run(nowNs);
        return 1;
    }

    /** One run at {@code nowNs}: inputs, model, checks, advice, findings. */
    void run(final long nowNs)
    {
        counters.runs().incrementRelease();
        for (int i = 0; i < inputSlots.length; i++)
        {
            final long sequence = image.read(inputSlots[i], reading);
            final boolean ok = sequence != 0 && reading.status == SensorStatus.OK && nowNs - reading.timestampNs <= staleAfterNs[i];
            inputValues[i] = ok ? reading.value : Double.NaN;
        }
        final boolean ready = model.ready();
        try
        {
            model.evaluate(nowNs, inputValues, outputValues);
        }
        catch (final RuntimeException | LinkageError | AssertionError ex)
        {
            // Contained: counted, and the loops see no advice from the next tick on.
            counters.modelErrors().incrementRelease();
            withdraw(nowNs);
            return;
        }
        if (!valid())
        {
            counters.invalidOutputs().incrementRelease();
            withdraw(nowNs);
            return;
        }
        final boolean vibrationAlarm = vibrationAlarm();
        final boolean fallback = outputs.fallback() != UNMAPPED && outputValues[outputs.fallback()] > 0.5
            || fallbackOnVibration && vibrationAlarm;
        if (!ready)
        {
            counters.notReady().incrementRelease();
        }
        final long expiresNs = nowNs + expiryNs;
        for (final Target target : targets)
        {
            target.slot().write(target.trimOutput() == UNMAPPED ? 0.0 : outputValues[target.trimOutput()], fallback, nowNs, expiresNs);
        }
        findings(nowNs, vibrationAlarm);
    }

    private boolean valid()
    {
        for (int i = 0; i < outputValues.length; i++)
        {
            if (!Double.isFinite(outputValues[i]))
            {
                return false;
            }
        }
        if (outputs.anomalyScore() != UNMAPPED && outputValues[outputs.anomalyScore()] < 0)
        {
            return false;
        }
        if (outputs.health() != UNMAPPED)
        {
            final double h = outputValues[outputs.health()];
            return h >= 0 && h <= 1;
        }
        return true;
    }

    private void withdraw(final long nowNs)
    {
        for (final Target target : targets)
        {
            target.slot().write(Double.NaN, false, nowNs, nowNs);
        }
    }

    private void findings(final long nowNs, final boolean vibrationAlarm)
    {
        lastScore = outputs.anomalyScore() == UNMAPPED ? Double.NaN : outputValues[outputs.anomalyScore()];
        lastAlarm = outputs.alarm() != UNMAPPED && outputValues[outputs.alarm()] > 0.5 || vibrationAlarm;
        double remaining = Double.NaN;
        double low = Double.NaN;
        double high = Double.NaN;
        if (indicator != null)
        {
            final RemainingLife life = indicator.estimate();
            life.add(nowNs, indicator.fromOutput() ? outputValues[indicator.index()] : inputValues[indicator.index()]);
            lastHealth = life.health();
            remaining = life.remainingS();
            low = life.lowS();
            high = life.highS();
        }
        else if (outputs.health() != UNMAPPED)
        {
            lastHealth = outputValues[outputs.health()];
        }
        if (Double.isFinite(lastScore))
        {
            counters.anomalyScoreMilli().setRelease(Math.round(Math.min(lastScore, 1e12) * 1000.0));
        }
        if (Double.isFinite(lastHealth))
        {
            counters.healthMilli().setRelease(Math.round(lastHealth * 1000.0));
        }
        counters.remainingLifeS().setRelease(Double.isFinite(remaining) ? Math.round(Math.min(remaining, 1e15)) : -1);
        counters.alarm().setRelease(lastAlarm ? 1 : 0);
        // The channels to blame, named in the alarm on <topic>/alarm (none from a model that cannot tell).
        int blamed = 0;
        try
        {
            blamed = lastAlarm ? Math.max(0, Math.min(model.contributors(contributors), contributors.length)) : 0;
        }
        catch (final RuntimeException ex)
        {
            counters.modelErrors().incrementRelease();
        }
        status.write(nowNs, lastScore, lastAlarm, lastHealth, remaining, low, high, contributors, blamed);
    }

    @Override
    public long nextDeadlineNs()
    {
        return deadline.nextNs(clock);
    }

    @Override
    public String roleName()
    {
        return "advisor";
    }

    public Model model()
    {
        return model;
    }

    public AdvisorStatus status()
    {
        return status;
    }

    public AdvisorCounters counters()
    {
        return counters;
    }

    public long periodNs()
    {
        return deadline.periodNs();
    }

    /** Process image slot of model input {@code index} (the channel a contributor index names). */
    public int inputSlot(final int index)
    {
        return inputSlots[index];
    }

    public int inputCount()
    {
        return inputSlots.length;
    }

    public long expiryNs()
    {
        return expiryNs;
    }

    /** The targets (loop id, slot, trim output), for wiring and tests. */
    public int targetCount()
    {
        return targets.length;
    }

    public Target target(final int index)
    {
        return targets[index];
    }
}
