package io.ironloop.control.vibration;

import io.ironloop.hal.SampleRing;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vibration agent as a running machine uses it: samples arrive through the ring as acquisition offers them,
 * the agent learns the healthy bearing, then scores and names the fault (an accelerometer at 3200 Hz, as the
 * ADXL345 runs). Synthetic signals: a 1 kHz resonance struck at the defect rate, in noise.
 */
class VibrationMonitorTest
{
    private static final double RATE = 3200;
    private static final int N = 1024;
    private static final double RPM = 1796;
    private static final BearingGeometry BEARING = BearingGeometry.skf6205();
    private static final long PERIOD_NS = 50_000_000L;

    private final CountersManager manager = new CountersManager(new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
    private final VibrationCounters counters = new VibrationCounters(
        manager.newCounter("windows"), manager.newCounter("gaps"), manager.newCounter("invalid"), manager.newCounter("rms"),
        manager.newCounter("peak"), manager.newCounter("crest"), manager.newCounter("kurtosis"), manager.newCounter("score"),
        manager.newCounter("fault"), manager.newCounter("harmonic"), manager.newCounter("prominence"), manager.newCounter("peakHz"),
        manager.newCounter("alarm"));
    private final SampleRing ring = new SampleRing(4 * N);
    private final long[] now = {0};
    private final VibrationMonitor monitor = new VibrationMonitor("drive_end", () -> now[0], PERIOD_NS, ring,
        new VibrationAnalyzer(RATE, N, 500, 1500, new double[] {0, 200, 500, 1000, 1600}), new BearingDiagnoser(BEARING, RPM),
        6, 5.0, 4, 4, counters, new VibrationStatus("drive_end"), null, -1);
    private final Random random = new Random(42);
    private long sample;

    /** One sample: noise, plus (above zero impact) a decaying 1 kHz ring struck at {@code defectHz}. */
    private double next(final double defectHz, final double impact)
    {
        final double t = sample++ / RATE;
        double x = 0.05 * random.nextGaussian();
        if (impact > 0)
        {
            final double sinceStrike = t % (1.0 / defectHz);
            x += impact * Math.exp(-sinceStrike * 400) * Math.sin(2 * Math.PI * 1000 * sinceStrike);
        }
        return x;
    }

    /** Feeds {@code seconds} of signal through the ring, running the agent every period as its thread would. */
    private void play(final double seconds, final double defectHz, final double impact)
    {
        final long samplesPerRun = Math.round(RATE * PERIOD_NS / 1e9);
        for (long run = 0; run < Math.round(seconds * 1e9 / PERIOD_NS); run++)
        {
            for (int i = 0; i < samplesPerRun; i++)
            {
                ring.offer(next(defectHz, impact));
            }
            now[0] += PERIOD_NS;
            monitor.doWork();
        }
    }

    private VibrationStatus.Snapshot status()
    {
        final VibrationStatus.Snapshot s = new VibrationStatus.Snapshot();
        assertTrue(monitor.status().read(s), "published");
        return s;
    }

    @Test
    void shouldLearnTheHealthyBearingThenFindNothingWrongWithIt()
    {
        play(1.0, 1, 0);
        assertTrue(status().learning, "six windows of 0.32 s are not learned in 1 s");
        assertEquals(VibrationCounters.LEARNING, counters.fault().get());
        play(4.0, 1, 0);
        final VibrationStatus.Snapshot s = status();
        assertFalse(s.learning);
        assertFalse(s.alarm, "score " + s.score);
        assertEquals(BearingDiagnoser.Fault.NONE, s.fault);
        assertEquals(0, counters.fault().get());
        assertEquals(15, counters.windows().get());
        assertTrue(counters.rmsMicro().get() > 40_000 && counters.rmsMicro().get() < 60_000, "rms x1e6 " + counters.rmsMicro().get());
    }

    @Test
    void shouldNameAnInnerRaceFaultWithItsEvidence()
    {
        play(2.5, 1, 0);
        play(3.0, BEARING.bpfi(RPM / 60), 1.0);
        final VibrationStatus.Snapshot s = status();
        assertTrue(s.alarm, "score " + s.score);
        assertEquals(BearingDiagnoser.Fault.INNER_RACE, s.fault);
        assertEquals("BPFI", s.defect);
        assertTrue(s.harmonic >= 1 && s.prominence >= BearingDiagnoser.MIN_PROMINENCE, "harmonic " + s.harmonic + ", prominence " + s.prominence);
        assertEquals(s.harmonic * BEARING.bpfi(RPM / 60), s.peakHz, 0.03 * s.harmonic * BEARING.bpfi(RPM / 60));
        assertEquals(1, counters.fault().get());
        assertEquals(1, counters.alarm().get());
        assertTrue(monitor.status().alarm());
    }

    @Test
    void shouldNameAnOuterRaceFault()
    {
        play(2.5, 1, 0);
        play(3.0, BEARING.bpfo(RPM / 60), 1.0);
        assertEquals(BearingDiagnoser.Fault.OUTER_RACE, status().fault);
        assertEquals(2, counters.fault().get());
    }

    @Test
    void shouldDiscardAWindowWithAGapInsteadOfSplicingTwoStretches()
    {
        play(0.2, 1, 0);
        // The agent stalls while acquisition runs on: the ring overflows and drops samples.
        for (int i = 0; i < ring.capacity() + 100; i++)
        {
            ring.offer(next(1, 0));
        }
        assertEquals(100, ring.dropped());
        now[0] += PERIOD_NS;
        monitor.doWork();
        assertEquals(1, counters.gaps().get());
        assertEquals(VibrationMonitor.MAX_WINDOWS_PER_RUN, counters.windows().get(), "the ring's backlog in whole windows, no more per run");
    }

    @Test
    void shouldAllocateNothingPerWindowOnceWarm()
    {
        play(2.5, 1, 0);
        play(2.0, BEARING.bpfi(RPM / 60), 1.0);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long id = Thread.currentThread().getId();
        final double[] samples = new double[(int)(RATE * 2)];
        for (int i = 0; i < samples.length; i++)
        {
            samples[i] = next(BEARING.bpfi(RPM / 60), 1.0);
        }
        long allocated = -1;
        for (int round = 0; round < 3 && allocated != 0; round++)
        {
            final long windowsBefore = counters.windows().get();
            final long before = threads.getThreadAllocatedBytes(id);
            for (int at = 0; at < samples.length; )
            {
                for (int i = 0; i < 160 && at < samples.length; i++)
                {
                    ring.offer(samples[at++]);
                }
                now[0] += PERIOD_NS;
                monitor.doWork();
            }
            allocated = threads.getThreadAllocatedBytes(id) - before;
            assertTrue(counters.windows().get() - windowsBefore >= 6, "windows analysed and diagnosed");
        }
        assertEquals(0, allocated, "bytes allocated over 2 s of samples (alarm on, diagnosing every window)");
        assertEquals(1, counters.fault().get());
    }

    @Test
    void shouldTakeTheShaftSpeedFromASpeedSensorWhileItReadsOk()
    {
        final io.ironloop.control.runtime.ProcessImage image = new io.ironloop.control.runtime.ProcessImage("tacho");
        image.write(0, new io.ironloop.hal.Reading().ok(1500, 0));
        final VibrationMonitor measured = new VibrationMonitor("drive_end", () -> now[0], PERIOD_NS, ring,
            new VibrationAnalyzer(RATE, N, 500, 1500, new double[] {0, 200, 500, 1000, 1600}), new BearingDiagnoser(BEARING, RPM),
            6, 5.0, 4, 4, counters, new VibrationStatus("drive_end"), image, 0);
        final double bpfiAt1500 = BEARING.bpfi(1500 / 60.0);
        final long samplesPerRun = Math.round(RATE * PERIOD_NS / 1e9);
        for (int run = 0; run < 110; run++)
        {
            for (int i = 0; i < samplesPerRun; i++)
            {
                ring.offer(run < 50 ? next(1, 0) : next(bpfiAt1500, 1.0));
            }
            now[0] += PERIOD_NS;
            measured.doWork();
        }
        final VibrationStatus.Snapshot s = new VibrationStatus.Snapshot();
        assertTrue(measured.status().read(s));
        assertEquals(BearingDiagnoser.Fault.INNER_RACE, s.fault, "named at the measured 1500 rpm, not the configured 1796");
        assertEquals(s.harmonic * bpfiAt1500, s.expectedHz, 1e-9);
    }

    @Test
    void shouldRefuseALearningPeriodTooShortToLearnFrom()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new VibrationMonitor("b", () -> 0, PERIOD_NS, ring, new VibrationAnalyzer(RATE, N, 500, 1500, new double[] {0, 1600}),
                new BearingDiagnoser(BEARING, RPM), 1, 5.0, 4, 4, counters, new VibrationStatus("b"), null, -1));
        assertTrue(ex.getMessage().contains("1 learning windows (at least 2)"), ex.getMessage());
    }
}
