package io.ironloop.hal.driver.gpio;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.gpio.PulseCounter;

/**
 * A pulse input (flow meter, tachometer) on a {@link PulseCounter} that the backend feeds with
 * timestamped rising edges, so no pulse is lost between reads however slowly the sensor is read.
 * <p>
 * Rate: reciprocal counting over a gate. When a gate of {@code gateNs} has passed, the rate is the
 * number of edges since the previous gate's last edge divided by the time between that edge and the
 * newest one: exact periods, so it is as precise at 2 Hz as at 2 kHz and does not jitter by one count
 * per gate. When a gate saw no edge, the rate can be no higher than 1 / (time since the last edge),
 * so a stopping shaft decays towards 0 instead of holding its last speed. The first gate (no earlier
 * edge to measure from) uses edges / gate time. Between gates the last rate is republished. The
 * value is {@code rateHz / pulsesPerUnit * 60} when {@code perMinute} (l/min, rpm), else per second.
 * <p>
 * Total: the value is edges / pulsesPerUnit (litres, revolutions) since start. Allocation-free.
 * <p>
 * A counter the backend marked faulted ({@link PulseCounter#errorCode()}) reads as FAULT with that code;
 * supervision's device reset then calls {@link #configure()}, which asks the backend to open the line
 * again (the backend re-registers its edge source and keeps the count).
 */
public final class PulseInput implements Sensor
{
    /** What a read reports. */
    public enum Measure { RATE, TOTAL }

    /** Opens the backend's edge counter at configure time. */
    @FunctionalInterface
    public interface CounterOpener
    {
        PulseCounter open() throws HardwareException;
    }

    private final String id;
    private final CounterOpener opener;
    private final double pulsesPerUnit;
    private final long gateNs;
    private final Measure measure;
    private final double scale;
    private final Unit unit;
    private final PulseCounter.Snapshot snapshot = new PulseCounter.Snapshot();
    private PulseCounter counter;
    private boolean started;
    private long gateStartNs;
    private long gateCount;
    private long referenceEdgeNs;
    private boolean hasReference;
    private double rateHz = Double.NaN;
    private LifecycleState state = LifecycleState.UNCONFIGURED;

    public PulseInput(
        final String id,
        final CounterOpener opener,
        final double pulsesPerUnit,
        final long gateNs,
        final Measure measure,
        final boolean perMinute,
        final Unit unit)
    {
        if (!(pulsesPerUnit > 0))
        {
            throw new IllegalArgumentException("pulse input '" + id + "': pulsesPerUnit must be greater than 0, got " + pulsesPerUnit);
        }
        if (gateNs <= 0)
        {
            throw new IllegalArgumentException("pulse input '" + id + "': gate time must be greater than 0");
        }
        this.id = id;
        this.opener = opener;
        this.pulsesPerUnit = pulsesPerUnit;
        this.gateNs = gateNs;
        this.measure = measure;
        this.scale = (perMinute ? 60.0 : 1.0) / pulsesPerUnit;
        this.unit = unit;
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public Unit unit()
    {
        return unit;
    }

    /** The edge rate of the last completed gate in Hz (NaN before the first gate ends). */
    public double rateHz()
    {
        return rateHz;
    }

    @Override
    public void configure() throws HardwareException
    {
        try
        {
            counter = opener.open();
        }
        catch (final HardwareException ex)
        {
            state = LifecycleState.ERROR;
            throw new HardwareException("pulse input '" + id + "': " + ex.getMessage(), ex);
        }
        state = LifecycleState.INACTIVE;
    }

    @Override
    public void activate()
    {
        state = LifecycleState.ACTIVE;
    }

    @Override
    public void deactivate()
    {
        state = LifecycleState.INACTIVE;
    }

    @Override
    public LifecycleState state()
    {
        return state;
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        out.unit = unit;
        final int errorCode = counter.errorCode();
        if (errorCode < 0)
        {
            // the backend lost its edge source: a count that no longer moves is not a measurement
            out.fault(errorCode, nowNs);
            return errorCode;
        }
        counter.snapshot(snapshot);
        if (measure == Measure.TOTAL)
        {
            out.ok(snapshot.count / pulsesPerUnit, nowNs);
            return 0;
        }
        if (!started)
        {
            started = true;
            startGate(nowNs);
        }
        else if (nowNs - gateStartNs >= gateNs)
        {
            endGate(nowNs);
        }
        if (Double.isNaN(rateHz))
        {
            out.value = Double.NaN;
            out.timestampNs = nowNs;
            out.status = SensorStatus.STALE;
            out.errorCode = 0;
            return 0;
        }
        out.ok(rateHz * scale, nowNs);
        return 0;
    }

    private void endGate(final long nowNs)
    {
        final long edges = snapshot.count - gateCount;
        if (edges > 0)
        {
            final long spanNs = snapshot.lastEdgeNs - referenceEdgeNs;
            rateHz = hasReference && spanNs > 0 ? edges * 1e9 / spanNs : edges * 1e9 / (nowNs - gateStartNs);
        }
        else
        {
            final double bound = snapshot.count > 0 ? 1e9 / (nowNs - snapshot.lastEdgeNs) : 0.0;
            rateHz = Double.isNaN(rateHz) ? 0.0 : Math.min(rateHz, bound);
        }
        startGate(nowNs);
    }

    private void startGate(final long nowNs)
    {
        gateStartNs = nowNs;
        gateCount = snapshot.count;
        if (snapshot.count > 0)
        {
            referenceEdgeNs = snapshot.lastEdgeNs;
            hasReference = true;
        }
    }
}
