package io.ironloop.firmware.advisor;

import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.vibration.BearingDiagnoser;
import io.ironloop.control.vibration.BearingGeometry;
import io.ironloop.control.vibration.VibrationAnalyzer;
import io.ironloop.control.vibration.VibrationCounters;
import io.ironloop.control.vibration.VibrationMonitor;
import io.ironloop.control.vibration.VibrationStatus;
import io.ironloop.firmware.config.BearingReader;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.SampleRing;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.driver.adxl345.Adxl345;
import io.ironloop.hal.signal.ConditionedSensor;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.CountersManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a vibration agent for every bearing of the machine file with a {@code monitor:} section: a
 * {@link SampleRing} tapped into its accelerometer's driver (raw samples, as acquisition drains the FIFO),
 * the analyser and diagnoser from the bearing's geometry and shaft speed, and the bearing's counters.
 * The agents reach no loop: {@link #adviseThrough} lets the machine's advisor pass their alarms on.
 */
public final class VibrationWiring
{
    /** Energy bands for the baseline, as fractions of the Nyquist frequency (the eval's 0-1-3-6-12-24 kHz at 48 kHz). */
    static final double[] BAND_FRACTIONS = {0, 1.0 / 24, 3.0 / 24, 6.0 / 24, 12.0 / 24, 1.0};

    private VibrationWiring()
    {
    }

    /** The vibration agents of {@code machine} (empty when no bearing is watched), their taps attached. */
    public static List<VibrationMonitor> build(final MachineConfig config, final Machine machine, final NanoClock clock,
                                               final CountersManager counters) throws ConfigException
    {
        final List<VibrationMonitor> monitors = new ArrayList<>();
        for (final BearingReader.Bearing bearing : config.watchedBearings())
        {
            final BearingReader.Monitor m = bearing.monitor();
            final Adxl345 driver = accelerometer(machine.sensor(bearing.sensor()));
            if (driver == null)
            {
                throw new ConfigException(List.of(new Problem(m.position().file(), m.position().line(), m.position().column(),
                    "bearing '" + bearing.id() + "': sensor '" + bearing.sensor() + "' has no driver whose raw samples can be tapped")));
            }
            final double nyquist = m.sampleRateHz() / 2;
            final double[] edges = new double[BAND_FRACTIONS.length];
            for (int i = 0; i < edges.length; i++)
            {
                edges[i] = BAND_FRACTIONS[i] * nyquist;
            }
            final long periodNs = Math.round(1e9 / m.rateHz());
            // Room for four windows or four runs of samples, whichever is more: a late run never drops.
            final int capacity = (int)Math.min(1 << 24, Math.max(4L * m.windowSamples(), 4L * (long)Math.ceil(m.sampleRateHz() / m.rateHz())));
            final SampleRing ring = new SampleRing(capacity);
            final String id = bearing.id();
            final VibrationCounters c = new VibrationCounters(
                counters.newCounter("vibration windows: " + id, CounterTypes.VIBRATION_WINDOWS),
                counters.newCounter("vibration window gaps: " + id, CounterTypes.VIBRATION_WINDOWS),
                counters.newCounter("vibration invalid windows: " + id, CounterTypes.VIBRATION_WINDOWS),
                counters.newCounter("vibration rms x1e6: " + id, CounterTypes.VIBRATION_FEATURE),
                counters.newCounter("vibration peak x1e6: " + id, CounterTypes.VIBRATION_FEATURE),
                counters.newCounter("vibration crest x1000: " + id, CounterTypes.VIBRATION_FEATURE),
                counters.newCounter("vibration kurtosis x1000: " + id, CounterTypes.VIBRATION_FEATURE),
                counters.newCounter("vibration score x1000: " + id, CounterTypes.VIBRATION_FEATURE),
                counters.newCounter("vibration fault (-1 learning, 0 none, 1 inner, 2 outer, 3 ball, 4 unknown): " + id,
                    CounterTypes.VIBRATION_DIAGNOSIS),
                counters.newCounter("vibration evidence harmonic: " + id, CounterTypes.VIBRATION_DIAGNOSIS),
                counters.newCounter("vibration evidence prominence x1000: " + id, CounterTypes.VIBRATION_DIAGNOSIS),
                counters.newCounter("vibration evidence peak mHz: " + id, CounterTypes.VIBRATION_DIAGNOSIS),
                counters.newCounter("vibration alarm: " + id, CounterTypes.VIBRATION_ALARM));
            final VibrationMonitor monitor;
            try
            {
                final VibrationAnalyzer analyzer = new VibrationAnalyzer(m.sampleRateHz(), m.windowSamples(), bearing.bandLowHz(),
                    bearing.bandHighHz(), edges);
                final BearingDiagnoser diagnoser = new BearingDiagnoser(new BearingGeometry(bearing.type(), bearing.balls(),
                    bearing.ballDiameter(), bearing.pitchDiameter(), bearing.contactAngleDeg()), bearing.shaftRpm());
                final ProcessImage image = machine.image();
                monitor = new VibrationMonitor(id, clock, periodNs, ring, analyzer, diagnoser, m.learnWindows(), m.windowZ(),
                    m.alarmWindows(), m.averageWindows(), c, new VibrationStatus(id),
                    m.shaftSpeedSensor() == null ? null : image, m.shaftSpeedSensor() == null ? -1 : image.slotOf(m.shaftSpeedSensor()));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ConfigException(List.of(new Problem(m.position().file(), m.position().line(), m.position().column(),
                    "bearing '" + id + "': " + ex.getMessage())));
            }
            driver.tap(ring);
            monitors.add(monitor);
        }
        return monitors;
    }

    /** Lets {@code advisor} (may be null) raise its alarm, and with {@code fallback:} its fallback request, on any vibration alarm. */
    public static void adviseThrough(final Advisor advisor, final List<VibrationMonitor> monitors, final MachineConfig config)
    {
        if (advisor == null || monitors.isEmpty())
        {
            return;
        }
        final VibrationStatus[] statuses = monitors.stream().map(VibrationMonitor::status).toArray(VibrationStatus[]::new);
        final boolean fallback = config.watchedBearings().stream().anyMatch(b -> b.monitor().fallback());
        advisor.agent().watch(statuses, fallback);
    }

    private static Adxl345 accelerometer(final Sensor sensor)
    {
        Sensor s = sensor;
        for (int depth = 0; depth < 4 && s != null; depth++)
        {
            if (s instanceof Adxl345)
            {
                return (Adxl345)s;
            }
            s = s instanceof ConditionedSensor ? ((ConditionedSensor)s).raw()
                : s instanceof SupervisedSensor ? ((SupervisedSensor)s).device() : null;
        }
        return null;
    }
}
