package io.ironloop.firmware.replay;

import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.replay.report.ScenarioReport;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.Reading;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Watches the replayed machine once per control tick, after control and telemetry: judges every
 * expectation, keeps the series, events, segments and mode spans for the report, and folds every
 * output (process image values and statuses, loop outputs and modes, effective actuator values) into
 * a 64-bit hash for the determinism checks. Last in the lockstep order.
 */
final class Observer implements ScheduledAgent
{
    private static final long FNV_PRIME = 0x100000001b3L;

    final NanoClock clock;
    final Machine machine;
    final ProcessImage image;
    final ControlAgent control;
    final AlarmSource alarm;
    final RowAgent rows;
    final int labelChannel;
    final long periodNs;
    final List<Check> checks;
    private final Reading reading = new Reading();
    private final int recordEvery;
    private final double[] injectionStarts;
    private final String[] injectionNames;
    private long nextNs;
    private long ticks;
    private int nextInjection;
    long hash = 0xcbf29ce484222325L;

    // State of the current tick, read by the checks.
    double t;
    boolean alarmOn;
    boolean labelOn;
    boolean segmentStarted;
    double lastSegmentEndS = Double.NEGATIVE_INFINITY;
    /** Injections whose onset is this tick (ids), or empty. */
    final List<String> injectedNow = new ArrayList<>();

    // Report material.
    final List<ScenarioReport.Event> events = new ArrayList<>();
    final List<ScenarioReport.Segment> segments = new ArrayList<>();
    final List<ScenarioReport.ModeSpan> modeSpans = new ArrayList<>();
    private final Mode[] modes;
    private final double[] modeSince;
    private double segmentStartS = Double.NaN;
    private final String[] seriesNames;
    private final String[] seriesUnits;
    private final String[] seriesKinds;
    private double[] times = new double[256];
    private double[][] values;
    private int samples;

    Observer(final Machine machine, final AlarmSource alarm, final RowAgent rows, final int labelChannel, final double recordHz,
        final List<Check> checks, final List<ReplayRig.Fault> faults, final List<String> faultIds)
    {
        this.clock = machineClock(machine);
        this.machine = machine;
        this.image = machine.image();
        this.control = machine.control();
        this.alarm = alarm;
        this.rows = rows;
        this.labelChannel = labelChannel;
        this.periodNs = control.schedule().periodNs();
        this.nextNs = ReplayRig.START_NS;
        this.checks = checks;
        this.recordEvery = (int)Math.max(1, Math.round(1e9 / recordHz / periodNs));
        this.injectionStarts = faults.stream().mapToDouble(f -> f.startNs() * 1e-9).toArray();
        this.injectionNames = faultIds.toArray(new String[0]);
        this.modes = new Mode[control.loopCount()];
        this.modeSince = new double[control.loopCount()];
        final MachineConfig config = machine.setup().machine();
        final List<String> names = new ArrayList<>();
        final List<String> units = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();
        for (final MachineConfig.Device sensor : config.sensors())
        {
            names.add(sensor.id());
            units.add(sensor.explicitUnit() != null ? sensor.explicitUnit().symbol() : machine.sensor(sensor.id()).unit().symbol());
            kinds.add("input");
        }
        for (final MachineConfig.Device actuator : config.actuators())
        {
            names.add(actuator.id());
            units.add(actuator.unit() == null ? "" : actuator.unit().symbol());
            kinds.add("output");
        }
        for (final MachineConfig.Loop loop : config.loops())
        {
            names.add(loop.id() + " setpoint");
            units.add(config.sensor(loop.measurement()).explicitUnit() != null
                ? config.sensor(loop.measurement()).explicitUnit().symbol() : "");
            kinds.add("setpoint");
        }
        names.add("alarm");
        units.add("");
        kinds.add("state");
        if (labelChannel >= 0)
        {
            names.add("label");
            units.add("");
            kinds.add("state");
        }
        seriesNames = names.toArray(new String[0]);
        seriesUnits = units.toArray(new String[0]);
        seriesKinds = kinds.toArray(new String[0]);
        values = new double[seriesNames.length][256];
    }

    private static NanoClock machineClock(final Machine machine)
    {
        return ((io.ironloop.hal.sim.SimBoard)machine.io()).clock();
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - nextNs < 0)
        {
            return 0;
        }
        nextNs += periodNs;
        t = (nowNs - ReplayRig.START_NS) * 1e-9;
        alarmOn = alarm.active(nowNs);
        final boolean label = labelChannel >= 0 && rows != null && rows.value(labelChannel) > 0.5;
        segmentStarted = label && !labelOn;
        if (segmentStarted)
        {
            segmentStartS = t;
        }
        else if (!label && labelOn)
        {
            segments.add(new ScenarioReport.Segment("anomaly", segmentStartS, t));
            lastSegmentEndS = t;
        }
        labelOn = label;
        injectedNow.clear();
        while (nextInjection < injectionStarts.length && injectionStarts[nextInjection] <= t)
        {
            injectedNow.add(injectionNames[nextInjection]);
            events.add(new ScenarioReport.Event(t, "fault", "injected " + injectionNames[nextInjection]));
            nextInjection++;
        }
        for (final Check check : checks)
        {
            check.tick(this);
        }
        fold(nowNs);
        if (ticks % recordEvery == 0)
        {
            record();
        }
        ticks++;
        return 1;
    }

    private boolean lastAlarm;

    private void fold(final long nowNs)
    {
        long h = hash;
        h = (h ^ nowNs) * FNV_PRIME;
        for (int slot = 0; slot < image.size(); slot++)
        {
            image.read(slot, reading);
            h = (h ^ Double.doubleToRawLongBits(reading.value)) * FNV_PRIME;
            h = (h ^ reading.status.ordinal()) * FNV_PRIME;
        }
        for (int i = 0; i < control.loopCount(); i++)
        {
            final ClosedLoop loop = control.loop(i);
            h = (h ^ Double.doubleToRawLongBits(loop.output())) * FNV_PRIME;
            h = (h ^ loop.mode().ordinal()) * FNV_PRIME;
            if (loop.mode() != modes[i])
            {
                if (modes[i] != null)
                {
                    modeSpans.add(new ScenarioReport.ModeSpan(loop.id(), modeSince[i], t, modes[i].name()));
                    events.add(new ScenarioReport.Event(t, "mode", loop.id() + " " + modes[i] + " -> " + loop.mode()
                        + (loop.mode() == Mode.SAFE ? " (" + loop.tripCause() + ")" : "")));
                }
                modes[i] = loop.mode();
                modeSince[i] = t;
            }
        }
        for (int i = 0; i < machine.outputs().size(); i++)
        {
            h = (h ^ Double.doubleToRawLongBits(machine.outputs().channel(i).effectiveValue())) * FNV_PRIME;
        }
        h = (h ^ (alarmOn ? 1 : 0)) * FNV_PRIME;
        hash = h;
        if (alarmOn != lastAlarm)
        {
            events.add(new ScenarioReport.Event(t, "alarm", (alarmOn ? "alarm raised: " : "alarm cleared: ") + alarm.cause()));
            lastAlarm = alarmOn;
        }
    }

    private void record()
    {
        if (samples == times.length)
        {
            times = Arrays.copyOf(times, samples * 2);
            for (int s = 0; s < values.length; s++)
            {
                values[s] = Arrays.copyOf(values[s], samples * 2);
            }
        }
        times[samples] = t;
        int s = 0;
        for (int slot = 0; slot < image.size(); slot++)
        {
            image.read(slot, reading);
            values[s++][samples] = reading.value;
        }
        for (int i = 0; i < machine.outputs().size(); i++)
        {
            values[s++][samples] = machine.outputs().channel(i).effectiveValue();
        }
        for (int i = 0; i < control.loopCount(); i++)
        {
            values[s++][samples] = control.loop(i).activeSetpoint();
        }
        values[s++][samples] = alarmOn ? 1 : 0;
        if (labelChannel >= 0)
        {
            values[s][samples] = labelOn ? 1 : 0;
        }
        samples++;
    }

    /** Closes the open segment and mode spans at {@code endS}. */
    void finish(final double endS)
    {
        if (labelOn)
        {
            segments.add(new ScenarioReport.Segment("anomaly", segmentStartS, endS));
        }
        for (int i = 0; i < modes.length; i++)
        {
            if (modes[i] != null)
            {
                modeSpans.add(new ScenarioReport.ModeSpan(control.loop(i).id(), modeSince[i], endS, modes[i].name()));
            }
        }
    }

    List<ScenarioReport.Series> series()
    {
        final List<ScenarioReport.Series> list = new ArrayList<>();
        final double[] t = Arrays.copyOf(times, samples);
        for (int s = 0; s < seriesNames.length; s++)
        {
            list.add(new ScenarioReport.Series(seriesNames[s], seriesUnits[s], seriesKinds[s], t, Arrays.copyOf(values[s], samples)));
        }
        return list;
    }

    long ticks()
    {
        return ticks;
    }

    /** The process image value of a sensor, or the effective value of an actuator; NaN when unknown. */
    double signal(final int slot, final OutputChannel output)
    {
        if (slot >= 0)
        {
            image.read(slot, reading);
            return reading.value;
        }
        return output == null ? Double.NaN : output.effectiveValue();
    }

    static String format(final double value)
    {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextNs;
    }

    @Override
    public String roleName()
    {
        return "replay-observer";
    }
}
