package io.ironloop.control.vibration;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VibrationAnalyzerTest
{
    private static final double RATE = 48_000;
    private static final int N = 16384;
    private static final double[] EDGES = {0, 1000, 3000, 6000, 12000, 24000};
    private static final double SHAFT_RPM = 1796;

    @Test
    void sineFeaturesAreTheTextbookValues()
    {
        // 2 V amplitude, 1500 Hz: an exact number of cycles in the window (1500 · 16384 / 48000 = 512)
        final double amplitude = 2.0;
        final double[] x = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = amplitude * Math.sin(2 * Math.PI * 1500 * i / RATE);
        }
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(RATE, N, 500, 20000, EDGES);
        assertTrue(analyzer.analyse(x, 0));
        assertEquals(amplitude / Math.sqrt(2), analyzer.rms(), 1e-9);
        assertEquals(Math.sqrt(2), analyzer.crestFactor(), 1e-6);
        assertEquals(1.5, analyzer.kurtosis(), 1e-9);
        // all of the power (A²/2) in the 1-3 kHz band, none elsewhere
        assertEquals(amplitude * amplitude / 2, analyzer.bandEnergy(1), 1e-9);
        assertEquals(0, analyzer.bandEnergy(0), 1e-9);
        assertEquals(0, analyzer.bandEnergy(3), 1e-9);
    }

    @Test
    void gaussianNoiseHasKurtosisThree()
    {
        final Random random = new Random(7);
        final double[] x = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = random.nextGaussian();
        }
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(RATE, N, 500, 20000, EDGES);
        analyzer.analyse(x, 0);
        assertEquals(3.0, analyzer.kurtosis(), 0.15);
        assertEquals(1.0, analyzer.rms(), 0.03);
    }

    /** A 5 kHz resonance amplitude-modulated at a defect rate, buried in noise: the envelope spectrum finds the rate. */
    static double[] modulated(final double defectHz, final double depth, final long seed, final int length)
    {
        final Random random = new Random(seed);
        final double[] x = new double[length];
        for (int i = 0; i < length; i++)
        {
            final double t = i / RATE;
            final double envelope = 1 + depth * Math.cos(2 * Math.PI * defectHz * t);
            x[i] = envelope * Math.sin(2 * Math.PI * 5000 * t) + 0.8 * random.nextGaussian();
        }
        return x;
    }

    private static BearingDiagnoser.Diagnosis diagnose(final double[] x)
    {
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(RATE, N, 500, 23000, EDGES);
        for (int offset = 0; offset + N <= x.length; offset += N / 2)
        {
            analyzer.analyse(x, offset);
        }
        return new BearingDiagnoser(BearingGeometry.skf6205(), SHAFT_RPM).diagnose(analyzer.averagedEnvelopeSpectrum(),
            analyzer.binHz(), null);
    }

    @Test
    void envelopeSpectrumFindsAnAmplitudeModulatedDefectTone()
    {
        final BearingGeometry bearing = BearingGeometry.skf6205();
        final double shaft = SHAFT_RPM / 60;
        final double[] outer = modulated(bearing.bpfo(shaft), 0.6, 1, 8 * N);
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(RATE, N, 500, 23000, EDGES);
        analyzer.analyse(outer, 0);
        int peak = 5;
        for (int k = 5; k < 1000; k++)
        {
            if (analyzer.envelopeAmplitude(k) > analyzer.envelopeAmplitude(peak))
            {
                peak = k;
            }
        }
        assertEquals(bearing.bpfo(shaft), peak * analyzer.binHz(), analyzer.binHz());

        final BearingDiagnoser.Diagnosis diagnosis = diagnose(outer);
        assertEquals(BearingDiagnoser.Fault.OUTER_RACE, diagnosis.fault());
        final BearingDiagnoser.Evidence strongest = diagnosis.support().get(0);
        assertEquals("BPFO", strongest.defect());
        assertEquals(1, strongest.harmonic());
        assertTrue(strongest.prominence() > 10, "prominence " + strongest.prominence());

        assertEquals(BearingDiagnoser.Fault.INNER_RACE, diagnose(modulated(bearing.bpfi(shaft), 0.6, 2, 8 * N)).fault());
        assertEquals(BearingDiagnoser.Fault.BALL, diagnose(modulated(2 * bearing.bsf(shaft), 0.6, 3, 8 * N)).fault());
        assertEquals(BearingDiagnoser.Fault.UNKNOWN, diagnose(modulated(bearing.bpfo(shaft), 0.0, 4, 8 * N)).fault());
    }

    @Test
    void aLineTheHealthyMachineAlreadyHadIsNotBlamedOnTheBearing()
    {
        final double bpfo = BearingGeometry.skf6205().bpfo(SHAFT_RPM / 60);
        final double[] x = modulated(bpfo, 0.6, 5, 8 * N);
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(RATE, N, 500, 23000, EDGES);
        for (int offset = 0; offset + N <= x.length; offset += N / 2)
        {
            analyzer.analyse(x, offset);
        }
        final double[] spectrum = analyzer.averagedEnvelopeSpectrum();
        final BearingDiagnoser diagnoser = new BearingDiagnoser(BearingGeometry.skf6205(), SHAFT_RPM);
        assertEquals(BearingDiagnoser.Fault.UNKNOWN, diagnoser.diagnose(spectrum, analyzer.binHz(), spectrum).fault());
    }

    @Test
    void aNonFiniteSampleSkipsTheWindowWithoutPoisoningTheAverage()
    {
        final double[] x = modulated(100, 0.5, 6, N);
        x[100] = Double.NaN;
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(RATE, N, 500, 23000, EDGES);
        assertFalse(analyzer.analyse(x, 0));
        assertEquals(0, analyzer.windowsAveraged());
        assertEquals(0.0, analyzer.averagedEnvelope(10));
    }

    @Test
    void analysingAndScoringAWindowAllocatesNothing()
    {
        final double[] x = modulated(107, 0.5, 8, 12 * N);
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(RATE, N, 500, 23000, EDGES);
        final VibrationBaseline baseline = new VibrationBaseline(analyzer.bandCount());
        for (int i = 0; i < 6; i++)
        {
            analyzer.analyse(x, i * N);
            baseline.learn(analyzer);
        }
        baseline.freeze(5);
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        double sink = 0;
        for (int i = 0; i < 3; i++)
        {
            analyzer.analyse(x, i * N);
            sink += baseline.score(analyzer);
        }
        // A real allocation shows in every round; a JIT transition (OSR, deoptimisation) in at most one.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated != 0; round++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int pass = 0; pass < 4; pass++)
            {
                for (int i = 0; i < 11; i++)
                {
                    analyzer.analyse(x, i * N + N / 2);
                    sink += baseline.score(analyzer);
                }
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated, "bytes allocated over 44 windows");
        assertTrue(sink >= 0);
    }

    @Test
    void tooFewLearningWindowsAreReportedNotDividedByZero()
    {
        final VibrationBaseline baseline = new VibrationBaseline(5);
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(RATE, N, 500, 23000, EDGES);
        analyzer.analyse(modulated(100, 0.5, 9, N), 0);
        baseline.learn(analyzer);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> baseline.freeze(5));
        assertTrue(ex.getMessage().contains("1 window(s), at least 5"), ex.getMessage());
    }

    @Test
    void badAnalyserSettingsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new VibrationAnalyzer(RATE, 1000, 500, 2000, EDGES));
        assertThrows(IllegalArgumentException.class, () -> new VibrationAnalyzer(RATE, N, 3000, 2000, EDGES));
        assertThrows(IllegalArgumentException.class, () -> new VibrationAnalyzer(RATE, N, 500, 30000, EDGES));
        assertThrows(IllegalArgumentException.class, () -> new VibrationAnalyzer(RATE, N, 500, 2000, new double[] {0, 5, 3}));
    }
}
