package io.ironloop.control.loop;

import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.LoopController;
import io.ironloop.control.block.Pid;
import io.ironloop.control.block.RampSoakProgram;
import io.ironloop.control.block.RelayAutotune;
import io.ironloop.control.block.Watchdog;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.command.ControlCommand;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.ModeMachine;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.mode.TransitionLog;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.Arrays;

/**
 * One closed loop: its measurements in the process image, a controller block (PID, cascade, on/off),
 * an optional ramp/soak program on the setpoint, optional relay autotune, an optional advisor input
 * behind a {@link SafetyEnvelope}, and the output channel of the actuator it claims. Each tick, driven by the control agent:
 * <ol>
 *   <li>{@link #sense}: interlocks, the watchdog and the loop's own measurement check (status, age
 *       against each input's own staleness limit, finite, inside the trip limits) -- any trip forces
 *       SAFE in this same tick;</li>
 *   <li>{@link #apply}: the commands queued for this loop, in order, each answered at once against the
 *       state the previous one left (so MODE and RESET in one tick resolve as across two ticks);</li>
 *   <li>{@link #act}: the controller (or the manual value, or the safe value), with every block
 *       exception or non-finite block output counted, the output held at the safe value and the mode
 *       forced SAFE; then the safety clamp to the loop's output range and the command into the output
 *       image (memory only: the bus agent writes the actuator); SAFE latches the channel, and a channel
 *       that is FAULT or latched by anyone else sends the loop SAFE.</li>
 * </ol>
 * A loop starts in its configured start mode (OFF unless told otherwise), or in SAFE when a latch was
 * restored from the previous run. SAFE latches until a RESET command, which is refused while the
 * trip's cause persists and leads to the configured reset mode (OFF unless told otherwise), never to
 * AUTO unless configured. During the start-up grace period (devices converting their first sample)
 * missing or stale data holds the safe value without latching; a non-finite or out-of-limit value
 * trips at once.
 *
 * <p>Runs on the control thread only; other threads reach it only through the command path
 * ({@code ControlCommands}) and the advisor's {@link AdviceSlot}. Allocation-free after construction.
 */
public final class ClosedLoop
{
    /** Time constant of the PV and output means a relay experiment starts from. */
    private static final double AUTOTUNE_BASELINE_S = 10.0;
    private static final long AUTOTUNE_MEAN_READY_NS = 30_000_000_000L;

    private static final Interlock[] NO_INTERLOCKS = new Interlock[0];

    private final String id;
    private final int[] inputSlots;
    private final LoopController controller;
    /** The output channel of the actuator this loop claims; written in memory, flushed by its bus agent. */
    private final OutputChannel actuator;
    private final long[] staleAfterNs;
    private final long startupGraceNs;
    private final double tripLow;
    private final double tripHigh;
    private final double outputMin;
    private final double outputMax;
    private final AtomicCounter modeCounter;
    private final AtomicCounter trips;
    private final AtomicCounter blockErrors;
    private final Reading[] readings;
    private final double[] inputs;
    private final Reading interlockReading = new Reading();
    private final AdviceSlot.Advice adviceCopy = new AdviceSlot.Advice();

    private ModeMachine modes;
    private TransitionLog log;
    private int loopIndex;
    private Mode startMode = Mode.OFF;
    private Mode resetTo = Mode.OFF;
    private TransitionCause restoredCause;
    private int restoredDetail;
    private double setpointLow;
    private double setpointHigh;
    private Interlock[] interlocks = NO_INTERLOCKS;
    private Watchdog watchdog;
    private RampSoakProgram program;
    private RelayAutotune autotune;
    private AdviceSlot adviceSlot;
    private SafetyEnvelope envelope;

    private double setpoint;
    private double activeSetpoint;
    private long startNs = Long.MIN_VALUE;
    private double output;
    /** Means of PV and output while in AUTO, the steady state a relay experiment starts from (a single sample is noise). */
    private double pvMean = Double.NaN;
    private double outputMean = Double.NaN;
    private long meanSinceNs;
    private SensorStatus lastStatus = SensorStatus.STALE;
    private double manualCommand = Double.NaN;
    private int tripDetail;
    private TransitionCause tripCause;
    /** This tick's trip has a cause other than the latched watchdog: a reset must wait for it to clear. */
    private boolean conditionTrips;
    private boolean watchdogTrips;
    private boolean hold;
    private long autotuneStartNs = Long.MIN_VALUE;
    private double autotuneStartOutput;

    /** A single-measurement PID loop whose safety clamp is the PID's output range. */
    public ClosedLoop(
        final String id,
        final int measurementSlot,
        final Pid pid,
        final OutputChannel actuator,
        final double setpoint,
        final long staleAfterNs,
        final long startupGraceNs,
        final double tripLow,
        final double tripHigh,
        final AtomicCounter modeCounter,
        final AtomicCounter trips,
        final AtomicCounter blockErrors)
    {
        this(id, new int[] {measurementSlot}, pid, actuator, setpoint, staleAfterNs, startupGraceNs, tripLow, tripHigh,
            pid.outMin(), pid.outMax(), modeCounter, trips, blockErrors);
    }

    /**
     * @param inputSlots     process image slots of the controller's inputs; slot 0 is the controlled measurement
     * @param staleAfterNs   a reading older than this is stale (every input, unless {@link #inputStaleness} says otherwise)
     * @param tripLow        the measurement below this trips the loop
     * @param tripHigh       the measurement above this trips the loop
     * @param outputMin      safety clamp: lowest command ever written
     * @param outputMax      safety clamp: highest command ever written
     */
    public ClosedLoop(
        final String id,
        final int[] inputSlots,
        final LoopController controller,
        final OutputChannel actuator,
        final double setpoint,
        final long staleAfterNs,
        final long startupGraceNs,
        final double tripLow,
        final double tripHigh,
        final double outputMin,
        final double outputMax,
        final AtomicCounter modeCounter,
        final AtomicCounter trips,
        final AtomicCounter blockErrors)
    {
        if (inputSlots.length != controller.inputCount() || !(outputMax >= outputMin))
        {
            throw new IllegalArgumentException("loop '" + id + "': " + controller.inputCount() + " inputs needed, "
                + inputSlots.length + " given, or output range empty");
        }
        this.id = id;
        this.inputSlots = inputSlots.clone();
        this.controller = controller;
        this.actuator = actuator.claim(id);
        this.setpoint = setpoint;
        this.activeSetpoint = setpoint;
        this.staleAfterNs = new long[inputSlots.length];
        Arrays.fill(this.staleAfterNs, staleAfterNs);
        this.startupGraceNs = startupGraceNs;
        this.tripLow = tripLow;
        this.tripHigh = tripHigh;
        this.setpointLow = tripLow;
        this.setpointHigh = tripHigh;
        this.outputMin = outputMin;
        this.outputMax = outputMax;
        this.modeCounter = modeCounter;
        this.trips = trips;
        this.blockErrors = blockErrors;
        this.readings = new Reading[inputSlots.length];
        for (int i = 0; i < readings.length; i++)
        {
            readings[i] = new Reading();
        }
        this.inputs = new double[inputSlots.length];
        this.output = actuator.safeValue();
        rebuildModes();
    }

    // ---- start-up configuration (before the loop runs) ----

    private void rebuildModes()
    {
        modes = new ModeMachine(loopIndex, restoredCause != null ? Mode.SAFE : startMode, log, modeCounter);
    }

    /** Records this loop's mode transitions into {@code log} under index {@code loopIndex}. */
    public ClosedLoop transitions(final TransitionLog log, final int loopIndex)
    {
        this.log = log;
        this.loopIndex = loopIndex;
        rebuildModes();
        return this;
    }

    /** The mode the loop starts in: OFF (the default), MANUAL (holding the safe value), AUTO, or ADVISED once it has an advisor. */
    public ClosedLoop startMode(final Mode mode)
    {
        if (mode == Mode.ADVISED && adviceSlot == null)
        {
            throw new IllegalArgumentException("loop '" + id + "' cannot start in ADVISED without an advisor");
        }
        this.startMode = mode == Mode.ADVISED ? mode : operatorMode(mode, "start in");
        rebuildModes();
        return this;
    }

    /** Where a reset of a latched SAFE leads: OFF (the default), MANUAL or AUTO. */
    public ClosedLoop resetTo(final Mode mode)
    {
        this.resetTo = operatorMode(mode, "reset to");
        return this;
    }

    /** A mode a loop may be put in without a trip or an advisor: OFF, MANUAL or AUTO. */
    private Mode operatorMode(final Mode mode, final String what)
    {
        if (mode != Mode.OFF && mode != Mode.MANUAL && mode != Mode.AUTO)
        {
            throw new IllegalArgumentException("loop '" + id + "' cannot " + what + " " + mode);
        }
        return mode;
    }

    /** Starts the loop in SAFE because a trip was latched when the firmware last stopped. */
    public ClosedLoop restoreLatch(final TransitionCause cause, final int detail)
    {
        this.restoredCause = cause;
        this.restoredDetail = detail;
        rebuildModes();
        return this;
    }

    /** The setpoints an operator may ask for (default: the trip limits). */
    public ClosedLoop setpointRange(final double low, final double high)
    {
        if (Double.isNaN(low) || Double.isNaN(high) || !(high >= low))
        {
            throw new IllegalArgumentException("loop '" + id + "': empty setpoint range [" + low + ", " + high + "]");
        }
        this.setpointLow = low;
        this.setpointHigh = high;
        return this;
    }

    /** Per input, the age after which its reading is stale (a cascade's inner input has its own sensor's limit). */
    public ClosedLoop inputStaleness(final long... staleAfterNs)
    {
        if (staleAfterNs.length != this.staleAfterNs.length)
        {
            throw new IllegalArgumentException("loop '" + id + "': " + this.staleAfterNs.length + " staleness limits needed");
        }
        System.arraycopy(staleAfterNs, 0, this.staleAfterNs, 0, staleAfterNs.length);
        return this;
    }

    /** Interlocks checked before the controller every tick. */
    public ClosedLoop interlocks(final Interlock... interlocks)
    {
        this.interlocks = interlocks.clone();
        return this;
    }

    /** The machine's watchdog (shared by all loops). */
    public ClosedLoop watchdog(final Watchdog watchdog)
    {
        this.watchdog = watchdog;
        return this;
    }

    /** A ramp/soak program that drives the setpoint while the loop is in AUTO. */
    public ClosedLoop program(final RampSoakProgram program)
    {
        this.program = program;
        return this;
    }

    /** Relay autotune, started by an AUTOTUNE_START command. */
    public ClosedLoop autotune(final RelayAutotune autotune)
    {
        this.autotune = autotune;
        return this;
    }

    /** The advisor input: advice in {@code slot}, used in ADVISED only and only through {@code envelope}. */
    public ClosedLoop advisor(final AdviceSlot slot, final SafetyEnvelope envelope)
    {
        this.adviceSlot = slot;
        this.envelope = envelope;
        return this;
    }

    // ---- the tick ----

    /** First step of a tick: every check; a trip forces SAFE now. Control agent only. */
    public void sense(final long nowNs, final ProcessImage image)
    {
        if (startNs == Long.MIN_VALUE)
        {
            startNs = nowNs;
        }
        final boolean inGrace = nowNs - startNs < startupGraceNs;
        tripCause = null;
        conditionTrips = false;
        watchdogTrips = false;
        hold = false;
        for (int i = 0; i < interlocks.length; i++)
        {
            final Interlock interlock = interlocks[i];
            final long sequence = image.read(interlock.slot(), interlockReading);
            final int answer = interlock.evaluate(nowNs, sequence, interlockReading);
            if (answer == Interlock.TRIP)
            {
                trip(TransitionCause.INTERLOCK, i);
            }
            else if (answer == Interlock.HOLD)
            {
                hold = true;
            }
        }
        if (watchdog != null && watchdog.check(nowNs))
        {
            watchdogTrips = true;
            trip(TransitionCause.WATCHDOG, 0);
        }
        hold |= !readInputs(nowNs, image, inGrace);
        if (actuator.faulted())
        {
            trip(TransitionCause.OUTPUT_FAULT, actuator.lastError());
        }
        else if (actuator.latchedFromOutside())
        {
            // Latched by someone else (last resort, operator, a past write fault): SAFE until a reset releases it.
            trip(TransitionCause.OUTPUT_LATCHED, actuator.latchReasons());
        }
        if (tripCause != null && modes.forceSafe(nowNs, tripCause, tripDetail))
        {
            trips.incrementRelease();
        }
    }

    /**
     * Applies one command to this loop at once and answers it; nothing changes when it is rejected.
     * Control agent only, between {@link #sense} and {@link #act}.
     */
    public CommandAnswer apply(final long nowNs, final ControlCommand command)
    {
        switch (command.kind())
        {
            case MODE:
                return applyMode(nowNs, command);
            case SETPOINT:
                return applySetpoint(command.value());
            case MANUAL_OUTPUT:
                return applyManualOutput(command.value());
            case RESET:
                return applyReset(nowNs, command);
            case AUTOTUNE_START:
                return applyAutotuneStart(nowNs);
            case ACKNOWLEDGE:
                if (modes.mode() != Mode.SAFE)
                {
                    return CommandAnswer.NOT_LATCHED;
                }
                modes.note(nowNs, TransitionCause.ACKNOWLEDGE, 0, command.source(), command.sourceId());
                return CommandAnswer.ACCEPTED;
            default:
                return CommandAnswer.NOT_ALLOWED;
        }
    }

    private CommandAnswer applyMode(final long nowNs, final ControlCommand command)
    {
        final Mode next = command.mode();
        final Mode before = modes.mode();
        if (next == before)
        {
            return CommandAnswer.ACCEPTED;
        }
        if (next == Mode.ADVISED && adviceSlot == null)
        {
            modes.refuse(nowNs, next, TransitionCause.OPERATOR, 0, command.source(), command.sourceId());
            return CommandAnswer.NO_ADVISOR;
        }
        if (!modes.request(nowNs, next, TransitionCause.OPERATOR, 0, command.source(), command.sourceId()))
        {
            return CommandAnswer.NOT_ALLOWED;
        }
        if (before == Mode.MANUAL)
        {
            // A manual value belongs to one MANUAL period; the next one starts from the output it finds.
            manualCommand = Double.NaN;
        }
        return CommandAnswer.ACCEPTED;
    }

    private CommandAnswer applySetpoint(final double value)
    {
        if (!Double.isFinite(value))
        {
            return CommandAnswer.NOT_FINITE;
        }
        if (value < setpointLow || value > setpointHigh)
        {
            return CommandAnswer.SETPOINT_OUT_OF_RANGE;
        }
        if (program != null)
        {
            return CommandAnswer.PROGRAM_RUNNING;
        }
        setpoint = value;
        return CommandAnswer.ACCEPTED;
    }

    private CommandAnswer applyManualOutput(final double value)
    {
        if (!Double.isFinite(value))
        {
            return CommandAnswer.NOT_FINITE;
        }
        if (value < outputMin || value > outputMax)
        {
            return CommandAnswer.OUTPUT_OUT_OF_RANGE;
        }
        if (modes.mode() != Mode.MANUAL)
        {
            return CommandAnswer.WRONG_MODE;
        }
        manualCommand = value;
        return CommandAnswer.ACCEPTED;
    }

    private CommandAnswer applyReset(final long nowNs, final ControlCommand command)
    {
        if (modes.mode() != Mode.SAFE)
        {
            modes.refuse(nowNs, resetTo, TransitionCause.RESET, 0, command.source(), command.sourceId());
            return CommandAnswer.NOT_LATCHED;
        }
        if (conditionTrips)
        {
            modes.refuse(nowNs, resetTo, tripCause, tripDetail, command.source(), command.sourceId());
            return CommandAnswer.TRIP_PERSISTS;
        }
        if (watchdogTrips)
        {
            // The watchdog's latch is the only cause left: re-arm it from its next check.
            watchdog.reset();
        }
        modes.reset(nowNs, resetTo, command.source(), command.sourceId());
        actuator.release();
        manualCommand = Double.NaN;
        restoredCause = null;
        return CommandAnswer.ACCEPTED;
    }

    private CommandAnswer applyAutotuneStart(final long nowNs)
    {
        if (autotune == null || autotune.isRunning())
        {
            return CommandAnswer.NO_AUTOTUNE;
        }
        if (modes.mode() != Mode.AUTO || hold)
        {
            // Never remembered for later: a relay experiment starts from the AUTO steady state it finds now.
            return CommandAnswer.WRONG_MODE;
        }
        // The means only once they have forgotten how the loop got here (three time constants).
        final boolean settled = !Double.isNaN(pvMean) && nowNs - meanSinceNs >= AUTOTUNE_MEAN_READY_NS;
        autotuneStartOutput = autotune.start(nowNs, activeSetpoint, settled ? pvMean : inputs[0], settled ? outputMean : output);
        autotuneStartNs = nowNs;
        return CommandAnswer.ACCEPTED;
    }

    /** Last step of a tick: control, clamp and write. Control agent only. */
    public void act(final long nowNs, final double dtS)
    {
        output = control(nowNs, dtS, hold);

        // Safety clamp: whatever a block did, only finite values inside the loop's range reach the actuator.
        if (!Double.isFinite(output))
        {
            blockError(nowNs);
        }
        output = Math.max(outputMin, Math.min(outputMax, output));
        if (modes.mode() == Mode.SAFE)
        {
            actuator.latch(OutputChannel.LATCH_LOOP);
        }
        actuator.command(output);
    }

    /**
     * The loop's step threw: this loop alone goes SAFE ({@link TransitionCause#LOOP_ERROR}) and its
     * actuator gets the safe value. Control agent only; never throws.
     */
    public void fail(final long nowNs)
    {
        if (modes.forceSafe(nowNs, TransitionCause.LOOP_ERROR, 0))
        {
            trips.incrementRelease();
        }
        output = actuator.safeValue();
        actuator.latch(OutputChannel.LATCH_LOOP);
        actuator.command(output);
    }

    private double control(final long nowNs, final double dtS, final boolean hold)
    {
        final Mode mode = modes.mode();
        try
        {
            if ((mode == Mode.AUTO || mode == Mode.ADVISED) && !hold)
            {
                return automatic(nowNs, dtS, mode);
            }
            if (autotune != null && autotune.isRunning())
            {
                autotune.abort(RelayAutotune.AbortReason.INTERRUPTED);
            }
            pvMean = Double.NaN;
            outputMean = Double.NaN;
            double next = actuator.safeValue();
            if (mode == Mode.MANUAL)
            {
                final double command = manualCommand;
                next = Double.isFinite(command) ? command : output;
            }
            controller.track(next, activeSetpoint, inputs);
            return next;
        }
        catch (final RuntimeException ex)
        {
            return blockError(nowNs);
        }
    }

    private double automatic(final long nowNs, final double dtS, final Mode mode)
    {
        final double pv = inputs[0];
        if (autotune != null && autotune.isRunning())
        {
            final double relay = autotuneStartNs == nowNs ? autotuneStartOutput : autotune.update(nowNs, pv);
            if (autotune.status() == RelayAutotune.Status.ABORTED)
            {
                modes.forceSafe(nowNs, TransitionCause.AUTOTUNE, autotune.abortReason().ordinal());
                controller.track(actuator.safeValue(), activeSetpoint, inputs);
                return actuator.safeValue();
            }
            controller.track(relay, activeSetpoint, inputs);
            return relay;
        }
        if (autotune != null && Double.isFinite(pv))
        {
            final double alpha = Math.min(1.0, dtS / AUTOTUNE_BASELINE_S);
            if (Double.isNaN(pvMean))
            {
                meanSinceNs = nowNs;
            }
            pvMean = Double.isNaN(pvMean) ? pv : pvMean + alpha * (pv - pvMean);
            outputMean = Double.isNaN(outputMean) ? output : outputMean + alpha * (output - outputMean);
        }
        activeSetpoint = program != null ? program.update(dtS, pv) : setpoint;
        if (mode == Mode.ADVISED)
        {
            final boolean present = adviceSlot.read(adviceCopy);
            if (envelope.fallbackRequested(nowNs, present, adviceCopy))
            {
                // The one mode change advice may make: ADVISED to AUTO, the deterministic path, from this tick on.
                modes.request(nowNs, Mode.AUTO, TransitionCause.ADVISOR_FALLBACK, 0, CommandSource.ADVISOR, 0);
            }
            else
            {
                // Advice only ever trims, inside the envelope and the setpoint range; unusable advice trims by nothing.
                final double trim = envelope.trim(nowNs, present, adviceCopy);
                activeSetpoint = Math.max(setpointLow, Math.min(setpointHigh, activeSetpoint + trim));
            }
        }
        final double next = controller.update(nowNs, dtS, activeSetpoint, inputs);
        return Double.isFinite(next) ? next : blockError(nowNs);
    }

    /** Reads and checks every input; false when the controller must not run this tick. */
    private boolean readInputs(final long nowNs, final ProcessImage image, final boolean inGrace)
    {
        boolean usable = true;
        for (int i = 0; i < inputSlots.length; i++)
        {
            final Reading reading = readings[i];
            final long sequence = image.read(inputSlots[i], reading);
            SensorStatus status = reading.status;
            if (sequence == 0)
            {
                status = SensorStatus.STALE;
            }
            else if (status == SensorStatus.OK && nowNs - reading.timestampNs > staleAfterNs[i])
            {
                status = SensorStatus.STALE;
            }
            if (i == 0)
            {
                lastStatus = status;
            }
            final double value = reading.value;
            inputs[i] = status == SensorStatus.OK ? value : Double.NaN;
            if (status == SensorStatus.OK && (!Double.isFinite(value) || (i == 0 && (value < tripLow || value > tripHigh))))
            {
                // A NaN, an infinity or an out-of-limit measurement is the loop's own interlock: trip, never command.
                trip(TransitionCause.INTERLOCK, -1 - i);
                inputs[i] = Double.NaN;
                usable = false;
            }
            else if (status != SensorStatus.OK)
            {
                usable = false;
                if (!inGrace)
                {
                    trip(TransitionCause.SENSOR, i);
                }
            }
        }
        return usable;
    }

    private void trip(final TransitionCause cause, final int detail)
    {
        // The watchdog's latch and a releasable outside latch on the output are cleared by a reset; anything else persists.
        if (cause != TransitionCause.WATCHDOG && !(cause == TransitionCause.OUTPUT_LATCHED && actuator.releasable()))
        {
            conditionTrips = true;
        }
        if (tripCause == null)
        {
            tripCause = cause;
            tripDetail = detail;
        }
    }

    private double blockError(final long nowNs)
    {
        blockErrors.incrementRelease();
        if (modes.forceSafe(nowNs, TransitionCause.BLOCK_ERROR, 0))
        {
            trips.incrementRelease();
        }
        try
        {
            controller.track(actuator.safeValue(), activeSetpoint, inputs);
        }
        catch (final RuntimeException ignored)
        {
            // Already counted: the output is the safe value whatever the block does.
        }
        return actuator.safeValue();
    }

    // ---- state ----

    public String id()
    {
        return id;
    }

    /** The deterministic setpoint (the program's, when one runs): what the loop holds without advice. */
    public double setpoint()
    {
        return program != null && program.state() != RampSoakProgram.State.IDLE ? activeSetpoint : setpoint;
    }

    /** The setpoint the controller used in the last automatic step, advice included. */
    public double activeSetpoint()
    {
        return activeSetpoint;
    }

    public double setpointLow()
    {
        return setpointLow;
    }

    public double setpointHigh()
    {
        return setpointHigh;
    }

    public Mode mode()
    {
        return modes.mode();
    }

    public Mode resetMode()
    {
        return resetTo;
    }

    /** The cause of a latch restored from the previous run, or null (cleared by a reset). */
    public TransitionCause restoredCause()
    {
        return restoredCause;
    }

    public int restoredDetail()
    {
        return restoredDetail;
    }

    public double output()
    {
        return output;
    }

    public double outputMin()
    {
        return outputMin;
    }

    public double outputMax()
    {
        return outputMax;
    }

    /** The controlled measurement (input 0). */
    public double measurement()
    {
        return readings[0].value;
    }

    public SensorStatus measurementStatus()
    {
        return lastStatus;
    }

    public LoopController controller()
    {
        return controller;
    }

    public RampSoakProgram program()
    {
        return program;
    }

    public RelayAutotune autotune()
    {
        return autotune;
    }

    public Watchdog watchdog()
    {
        return watchdog;
    }

    /** The advisor input, or null when the loop has none (ADVISED is then refused). */
    public AdviceSlot adviceSlot()
    {
        return adviceSlot;
    }

    public SafetyEnvelope envelope()
    {
        return envelope;
    }

    public int interlockCount()
    {
        return interlocks.length;
    }

    public Interlock interlock(final int index)
    {
        return interlocks[index];
    }

    public ModeMachine modes()
    {
        return modes;
    }

    /** The cause of this tick's trip, or null. */
    public TransitionCause tripCause()
    {
        return tripCause;
    }
}
