package io.ironloop.control.vibration;

import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.PeriodicDeadline;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SampleRing;
import io.ironloop.hal.SensorStatus;
import org.agrona.concurrent.NanoClock;

/**
 * Watches one bearing on a running machine, off the control and acquisition threads (its own agent at its
 * own rate, lockstep under HIL). The accelerometer's driver offers every raw sample into a {@link SampleRing}
 * as acquisition drains its FIFO; each run this agent moves what arrived into a window and, per full window:
 * <ol>
 *   <li>the {@link VibrationAnalyzer} computes the features (RMS, peak, crest factor, kurtosis, band energies)
 *       and the envelope spectrum (JTransforms, single-threaded);</li>
 *   <li>for the first {@code learnWindows} windows the {@link VibrationBaseline} learns the healthy machine and
 *       their averaged envelope spectrum becomes the baseline spectrum;</li>
 *   <li>then each window is scored against the baseline (abnormal above {@code windowZ}); the alarm is raised
 *       while at least half of the last {@code alarmWindows} windows are abnormal, and the fault is named
 *       ({@link BearingDiagnoser}, allocation-free) from an average of the last {@code averageWindows}
 *       envelope spectra against the baseline spectrum: none while there is no alarm.</li>
 * </ol>
 * Findings go to the counters file and a {@link VibrationStatus}. This agent reaches no loop and no actuator:
 * an alarm is advice, which the advisor agent may pass on through the clamped advice path. A gap in the
 * samples (the ring dropped some) discards the partial window. Allocation-free after construction.
 */
public final class VibrationMonitor implements ScheduledAgent
{
    /** Windows analysed per duty cycle at most, so a backlog never holds the thread for long. */
    static final int MAX_WINDOWS_PER_RUN = 4;

    private final String bearing;
    private final NanoClock clock;
    private final PeriodicDeadline deadline;
    private final SampleRing ring;
    private final VibrationAnalyzer analyzer;
    private final VibrationBaseline baseline;
    private final BearingDiagnoser diagnoser;
    private final int learnWindows;
    private final double windowZ;
    private final int averageWindows;
    private final boolean[] abnormal;
    private final VibrationCounters counters;
    private final VibrationStatus status;
    private final double[] window;
    private final double[] baselineSpectrum;
    private final double[] averageSpectrum;
    private final BearingDiagnoser.Finding finding;
    private final VibrationStatus.Snapshot latest = new VibrationStatus.Snapshot();
    private int fill;
    private long droppedSeen;
    private long scored;
    private int abnormalIndex;
    private final ProcessImage speedImage;
    private final int speedSlot;
    private final Reading speed = new Reading();

    /**
     * @param periodNs       time between runs (drains the ring; must be short enough for the ring not to fill)
     * @param learnWindows   healthy windows learned before scoring (at least 2)
     * @param windowZ        a window is abnormal when a feature is further than this many baseline spreads off
     * @param alarmWindows   the alarm holds while at least half of this many latest windows are abnormal
     * @param averageWindows envelope spectra averaged for the diagnosis
     * @param speedImage     where the shaft speed sensor (rpm) is read, or null: the diagnoser's configured speed
     * @param speedSlot      that sensor's slot
     */
    public VibrationMonitor(
        final String bearing,
        final NanoClock clock,
        final long periodNs,
        final SampleRing ring,
        final VibrationAnalyzer analyzer,
        final BearingDiagnoser diagnoser,
        final int learnWindows,
        final double windowZ,
        final int alarmWindows,
        final int averageWindows,
        final VibrationCounters counters,
        final VibrationStatus status,
        final ProcessImage speedImage,
        final int speedSlot)
    {
        if (periodNs <= 0 || learnWindows < 2 || !(windowZ > 0) || alarmWindows < 1 || averageWindows < 1)
        {
            throw new IllegalArgumentException("vibration monitor " + bearing + ": period " + periodNs + " ns, " + learnWindows
                + " learning windows (at least 2), window z " + windowZ + ", " + alarmWindows + " alarm windows, " + averageWindows
                + " averaged windows");
        }
        this.bearing = bearing;
        this.clock = clock;
        this.deadline = new PeriodicDeadline(periodNs);
        this.ring = ring;
        this.analyzer = analyzer;
        this.baseline = new VibrationBaseline(analyzer.bandCount());
        this.diagnoser = diagnoser;
        this.learnWindows = learnWindows;
        this.windowZ = windowZ;
        this.averageWindows = averageWindows;
        this.abnormal = new boolean[alarmWindows];
        this.counters = counters;
        this.status = status;
        this.speedImage = speedImage;
        this.speedSlot = speedSlot;
        this.window = new double[analyzer.windowLength()];
        this.baselineSpectrum = new double[analyzer.windowLength() / 2];
        this.averageSpectrum = new double[analyzer.windowLength() / 2];
        this.finding = new BearingDiagnoser.Finding(analyzer.windowLength() / 2);
        counters.fault().setRelease(VibrationCounters.LEARNING);
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
        return run(nowNs);
    }

    /** One run: drain, analyse every full window (at most {@link #MAX_WINDOWS_PER_RUN}). */
    int run(final long nowNs)
    {
        int work = 0;
        for (int windows = 0; windows < MAX_WINDOWS_PER_RUN; windows++)
        {
            final long dropped = ring.dropped();
            if (dropped != droppedSeen)
            {
                // Samples are missing somewhere in what is waiting: the window would splice two stretches of signal.
                droppedSeen = dropped;
                fill = 0;
                counters.gaps().incrementRelease();
            }
            final int got = ring.drain(window, fill, window.length - fill);
            fill += got;
            work += got;
            if (fill < window.length)
            {
                break;
            }
            fill = 0;
            analyseWindow(nowNs);
        }
        return work;
    }

    private void analyseWindow(final long nowNs)
    {
        counters.windows().incrementRelease();
        if (!analyzer.analyse(window, 0))
        {
            counters.invalidWindows().incrementRelease();
            return;
        }
        latest.timeNs = nowNs;
        latest.windows++;
        latest.rms = analyzer.rms();
        latest.peak = analyzer.peak();
        latest.crest = analyzer.crestFactor();
        latest.kurtosis = analyzer.kurtosis();
        if (baseline.windowsLearned() < learnWindows)
        {
            baseline.learn(analyzer);
            if (baseline.windowsLearned() == learnWindows)
            {
                baseline.freeze(learnWindows);
                for (int k = 0; k < baselineSpectrum.length; k++)
                {
                    baselineSpectrum[k] = analyzer.averagedEnvelope(k);
                }
                analyzer.resetAverage();
            }
            latest.learning = true;
            latest.score = Double.NaN;
            publish();
            return;
        }
        latest.learning = false;
        final double z = baseline.score(analyzer);
        latest.score = z;
        abnormal[abnormalIndex] = z > windowZ;
        abnormalIndex = (abnormalIndex + 1) % abnormal.length;
        scored++;
        int count = 0;
        for (final boolean a : abnormal)
        {
            count += a ? 1 : 0;
        }
        // Half of the last windows, and never on fewer scored windows than half the history.
        latest.alarm = 2 * count >= abnormal.length && 2 * scored >= abnormal.length;
        final double weight = 1.0 / Math.min(scored, averageWindows);
        for (int k = 0; k < averageSpectrum.length; k++)
        {
            averageSpectrum[k] += (analyzer.envelopeAmplitude(k) - averageSpectrum[k]) * weight;
        }
        if (latest.alarm)
        {
            if (speedImage != null && speedImage.read(speedSlot, speed) != 0 && speed.status == SensorStatus.OK)
            {
                diagnoser.shaftRpm(speed.value);
            }
            diagnoser.diagnose(averageSpectrum, analyzer.binHz(), baselineSpectrum, finding);
            latest.fault = finding.fault;
            latest.defect = finding.defect;
            latest.harmonic = finding.harmonic;
            latest.expectedHz = finding.expectedHz;
            latest.peakHz = finding.peakHz;
            latest.prominence = finding.prominence;
        }
        else
        {
            latest.fault = BearingDiagnoser.Fault.NONE;
            latest.defect = "";
            latest.harmonic = 0;
            latest.expectedHz = Double.NaN;
            latest.peakHz = Double.NaN;
            latest.prominence = 0;
        }
        publish();
    }

    private void publish()
    {
        counters.rmsMicro().setRelease(micro(latest.rms, 1e6));
        counters.peakMicro().setRelease(micro(latest.peak, 1e6));
        counters.crestMilli().setRelease(micro(latest.crest, 1e3));
        counters.kurtosisMilli().setRelease(micro(latest.kurtosis, 1e3));
        counters.scoreMilli().setRelease(micro(latest.score, 1e3));
        counters.fault().setRelease(latest.learning ? VibrationCounters.LEARNING : VibrationCounters.code(latest.fault));
        counters.harmonic().setRelease(latest.harmonic);
        counters.prominenceMilli().setRelease(micro(latest.prominence, 1e3));
        counters.peakMilliHz().setRelease(micro(latest.peakHz, 1e3));
        counters.alarm().setRelease(latest.alarm ? 1 : 0);
        status.write(latest);
    }

    private static long micro(final double value, final double scale)
    {
        return Double.isFinite(value) ? Math.round(Math.max(-1e15, Math.min(1e15, value * scale))) : 0;
    }

    @Override
    public long nextDeadlineNs()
    {
        return deadline.nextNs(clock);
    }

    @Override
    public String roleName()
    {
        return "vibration";
    }

    public String bearing()
    {
        return bearing;
    }

    public VibrationStatus status()
    {
        return status;
    }

    public VibrationCounters counters()
    {
        return counters;
    }

    public SampleRing ring()
    {
        return ring;
    }

    public long periodNs()
    {
        return deadline.periodNs();
    }
}
