package io.ironloop.control.runtime;

import io.ironloop.control.block.Pid;
import io.ironloop.control.mode.Mode;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One closed loop: a measurement slot of the process image, a PID, and the actuator it owns. Each
 * tick checks the measurement (status, age, finite, inside its trip limits) before the controller
 * may use it; a bad measurement trips the loop to SAFE, which drives the actuator to its safe value
 * and latches until {@link #reset()}. During the start-up grace period (devices still converting
 * their first sample) a bad measurement holds the safe value without tripping.
 */
public final class PidLoop
{
    private final String id;
    private final int measurementSlot;
    private final Pid pid;
    private final Actuator actuator;
    private final long staleAfterNs;
    private final long startupGraceNs;
    private final double tripLow;
    private final double tripHigh;
    private final AtomicCounter modeCounter;
    private final AtomicCounter trips;
    private final AtomicCounter blockErrors;
    private final Reading measurement = new Reading();

    private volatile double setpoint;
    private Mode mode = Mode.AUTO;
    private long startNs = Long.MIN_VALUE;
    private double output;
    private SensorStatus lastStatus = SensorStatus.STALE;
    private volatile Mode requestedMode;
    private volatile boolean resetRequested;

    public PidLoop(
        final String id,
        final int measurementSlot,
        final Pid pid,
        final Actuator actuator,
        final double setpoint,
        final long staleAfterNs,
        final long startupGraceNs,
        final double tripLow,
        final double tripHigh,
        final AtomicCounter modeCounter,
        final AtomicCounter trips,
        final AtomicCounter blockErrors)
    {
        this.id = id;
        this.measurementSlot = measurementSlot;
        this.pid = pid;
        this.actuator = actuator;
        this.setpoint = setpoint;
        this.staleAfterNs = staleAfterNs;
        this.startupGraceNs = startupGraceNs;
        this.tripLow = tripLow;
        this.tripHigh = tripHigh;
        this.modeCounter = modeCounter;
        this.trips = trips;
        this.blockErrors = blockErrors;
        this.output = actuator.safeValue();
        modeCounter.setRelease(mode.ordinal());
    }

    /** Runs one tick; called only by the control agent. */
    void tick(final long nowNs, final double dtS, final ProcessImage image)
    {
        if (startNs == Long.MIN_VALUE)
        {
            startNs = nowNs;
        }
        if (resetRequested)
        {
            resetRequested = false;
            if (mode == Mode.SAFE)
            {
                enter(Mode.AUTO);
            }
        }
        final Mode requested = requestedMode;
        if (requested != null)
        {
            requestedMode = null;
            if (mode != Mode.SAFE || requested == Mode.SAFE)
            {
                enter(requested);
            }
        }

        final long sequence = image.read(measurementSlot, measurement);
        SensorStatus status = measurement.status;
        if (sequence == 0)
        {
            status = SensorStatus.STALE;
        }
        else if (status == SensorStatus.OK && nowNs - measurement.timestampNs > staleAfterNs)
        {
            status = SensorStatus.STALE;
        }
        lastStatus = status;
        final double pv = measurement.value;
        final boolean healthy = status == SensorStatus.OK && Double.isFinite(pv) && pv >= tripLow && pv <= tripHigh;

        if (mode == Mode.AUTO || mode == Mode.ADVISED)
        {
            if (healthy)
            {
                try
                {
                    output = pid.update(setpoint, pv, 0.0, dtS);
                }
                catch (final RuntimeException ex)
                {
                    blockErrors.incrementRelease();
                    trip();
                }
            }
            else if (nowNs - startNs < startupGraceNs)
            {
                output = actuator.safeValue();
                pid.track(output, Double.NaN);
            }
            else
            {
                trip();
            }
        }
        else
        {
            if (mode != Mode.MANUAL)
            {
                output = actuator.safeValue();
            }
            pid.track(output, healthy ? pv : Double.NaN);
        }
        actuator.write(nowNs, output);
    }

    private void trip()
    {
        trips.incrementRelease();
        enter(Mode.SAFE);
        output = actuator.safeValue();
        pid.track(output, Double.NaN);
    }

    private void enter(final Mode next)
    {
        mode = next;
        modeCounter.setRelease(next.ordinal());
    }

    /** Asks for a mode change at the next tick (any thread). Leaving SAFE needs {@link #reset()}. */
    public void requestMode(final Mode next)
    {
        requestedMode = next;
    }

    /** Clears a latched SAFE state: the loop returns to AUTO at its next tick (any thread). */
    public void reset()
    {
        resetRequested = true;
    }

    /** Changes the setpoint (any thread). */
    public void setpoint(final double value)
    {
        setpoint = value;
    }

    public String id()
    {
        return id;
    }

    public double setpoint()
    {
        return setpoint;
    }

    public Mode mode()
    {
        return mode;
    }

    public double output()
    {
        return output;
    }

    public double measurement()
    {
        return measurement.value;
    }

    public SensorStatus measurementStatus()
    {
        return lastStatus;
    }
}
