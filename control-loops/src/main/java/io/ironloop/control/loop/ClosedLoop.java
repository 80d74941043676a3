package io.ironloop.control.loop;

import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.LoopController;
import io.ironloop.control.block.Pid;
import io.ironloop.control.block.RampSoakProgram;
import io.ironloop.control.block.RelayAutotune;
import io.ironloop.control.block.Watchdog;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.ModeMachine;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.mode.TransitionLog;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One closed loop: its measurements in the process image, a controller block (PID, cascade, on/off),
 * an optional ramp/soak program on the setpoint, optional relay autotune, and the output channel of the
 * actuator it claims.
 * Each tick, in this order:
 * <ol>
 *   <li>interlocks, the watchdog and the loop's own measurement check (status, age, finite, inside
 *       the trip limits) -- any trip forces SAFE in this same tick;</li>
 *   <li>the controller (or the manual value, or the safe value), with every block exception or
 *       non-finite block output counted, the output held at the safe value and the mode forced SAFE;</li>
 *   <li>the safety clamp to the loop's output range, then the command into the output image (memory
 *       only: the bus agent writes the actuator); SAFE latches the channel, and a channel that is FAULT
 *       or latched by anyone else sends the loop SAFE.</li>
 * </ol>
 * SAFE latches until {@link #reset()}, which is refused while a trip condition persists. During the
 * start-up grace period (devices converting their first sample) missing or stale data holds the safe
 * value without latching; a non-finite or out-of-limit value trips at once. Mode changes go through a
 * {@link ModeMachine} and are recorded in a {@link TransitionLog} when one is given.
 *
 * <p>Runs on the control thread only (requests from other threads are volatile fields picked up at
 * the next tick). Allocation-free after construction.
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
    private final long staleAfterNs;
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

    private ModeMachine modes;
    private Interlock[] interlocks = NO_INTERLOCKS;
    private Watchdog watchdog;
    private RampSoakProgram program;
    private RelayAutotune autotune;

    private volatile double setpoint;
    private double activeSetpoint;
    private long startNs = Long.MIN_VALUE;
    private double output;
    /** Means of PV and output while in AUTO, the steady state a relay experiment starts from (a single sample is noise). */
    private double pvMean = Double.NaN;
    private double outputMean = Double.NaN;
    private long meanSinceNs;
    private SensorStatus lastStatus = SensorStatus.STALE;
    private volatile Mode requestedMode;
    private volatile boolean resetRequested;
    private volatile boolean autotuneRequested;
    private volatile double manualCommand = Double.NaN;
    private int tripDetail;
    private TransitionCause tripCause;

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
        this.staleAfterNs = staleAfterNs;
        this.startupGraceNs = startupGraceNs;
        this.tripLow = tripLow;
        this.tripHigh = tripHigh;
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
        this.modes = new ModeMachine(0, Mode.AUTO, null, modeCounter);
    }

    // ---- start-up configuration (before the loop runs) ----

    /** Records this loop's mode transitions into {@code log} under index {@code loopIndex}. */
    public ClosedLoop transitions(final TransitionLog log, final int loopIndex)
    {
        modes = new ModeMachine(loopIndex, modes.mode(), log, modeCounter);
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

    /** Relay autotune, started by {@link #startAutotune()}. */
    public ClosedLoop autotune(final RelayAutotune autotune)
    {
        this.autotune = autotune;
        return this;
    }

    // ---- the tick ----

    /** Runs one tick; called only by the control agent. */
    public void tick(final long nowNs, final double dtS, final ProcessImage image)
    {
        if (startNs == Long.MIN_VALUE)
        {
            startNs = nowNs;
        }
        final boolean inGrace = nowNs - startNs < startupGraceNs;
        final boolean reset = resetRequested;
        if (reset && watchdog != null)
        {
            watchdog.reset();
        }

        tripCause = null;
        boolean hold = false;
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
            trip(TransitionCause.WATCHDOG, 0);
        }
        hold |= !readInputs(nowNs, image, inGrace);
        if (actuator.faulted())
        {
            trip(TransitionCause.OUTPUT_FAULT, actuator.lastError());
        }
        else if (actuator.latchedFromOutside() && !(reset && actuator.releasable()))
        {
            // Latched by someone else (last resort, operator, a past write fault): SAFE until a reset releases it.
            trip(TransitionCause.OUTPUT_LATCHED, actuator.latchReasons());
        }

        if (reset)
        {
            resetRequested = false;
            if (tripCause == null)
            {
                modes.reset(nowNs, Mode.AUTO);
                if (modes.mode() != Mode.SAFE)
                {
                    actuator.release();
                }
            }
            else
            {
                modes.refuse(nowNs, Mode.AUTO, tripCause, tripDetail);
            }
        }
        final Mode requested = requestedMode;
        if (requested != null)
        {
            requestedMode = null;
            final Mode before = modes.mode();
            if (modes.request(nowNs, requested, TransitionCause.OPERATOR, 0) && before == Mode.MANUAL && requested != Mode.MANUAL)
            {
                // A manual value belongs to one MANUAL period; the next one starts from the output it finds.
                manualCommand = Double.NaN;
            }
        }
        if (tripCause != null && modes.forceSafe(nowNs, tripCause, tripDetail))
        {
            trips.incrementRelease();
        }

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

    private double control(final long nowNs, final double dtS, final boolean hold)
    {
        final Mode mode = modes.mode();
        try
        {
            if ((mode == Mode.AUTO || mode == Mode.ADVISED) && !hold)
            {
                return automatic(nowNs, dtS);
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

    private double automatic(final long nowNs, final double dtS)
    {
        final double pv = inputs[0];
        if (autotune != null)
        {
            if (autotuneRequested)
            {
                autotuneRequested = false;
                // The means only once they have forgotten how the loop got here (three time constants).
                final boolean settled = !Double.isNaN(pvMean) && nowNs - meanSinceNs >= AUTOTUNE_MEAN_READY_NS;
                return autotune.start(nowNs, activeSetpoint, settled ? pvMean : pv, settled ? outputMean : output);
            }
            if (autotune.isRunning())
            {
                final double relay = autotune.update(nowNs, pv);
                if (autotune.status() == RelayAutotune.Status.ABORTED)
                {
                    modes.forceSafe(nowNs, TransitionCause.AUTOTUNE, autotune.abortReason().ordinal());
                    controller.track(actuator.safeValue(), activeSetpoint, inputs);
                    return actuator.safeValue();
                }
                controller.track(relay, activeSetpoint, inputs);
                return relay;
            }
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
            else if (status == SensorStatus.OK && nowNs - reading.timestampNs > staleAfterNs)
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

    // ---- requests from any thread ----

    /** Asks for a mode change at the next tick (any thread). Leaving SAFE needs {@link #reset()}. */
    public void requestMode(final Mode next)
    {
        requestedMode = next;
    }

    /** Clears a latched SAFE state at the next tick, unless something still trips (any thread). */
    public void reset()
    {
        resetRequested = true;
    }

    /** Changes the setpoint (any thread); a running program overrides it. A non-finite value is ignored. */
    public void setpoint(final double value)
    {
        if (Double.isFinite(value))
        {
            setpoint = value;
        }
    }

    /** The output to hold in MANUAL (any thread). */
    public void manualOutput(final double value)
    {
        manualCommand = value;
    }

    /** Starts relay autotune at the next tick in AUTO (any thread); needs {@link #autotune(RelayAutotune)}. */
    public void startAutotune()
    {
        autotuneRequested = autotune != null;
    }

    // ---- state ----

    public String id()
    {
        return id;
    }

    /** The setpoint in use (the program's, when one runs). */
    public double setpoint()
    {
        return program != null && program.state() != RampSoakProgram.State.IDLE ? activeSetpoint : setpoint;
    }

    public Mode mode()
    {
        return modes.mode();
    }

    public double output()
    {
        return output;
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
