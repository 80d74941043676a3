package io.ironloop.control.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every detector: learns normal, flags a seeded fault, ignores NaN, reports constant channels, allocates nothing. */
class DetectorsTest
{
    static final String[] NAMES = {"a", "b", "c", "d", "e", "f", "g", "h"};
    private static final ThresholdRule RULE = new ThresholdRule(0.99, 1.2, 0.25);

    static Stream<Supplier<Detector>> detectors()
    {
        return Stream.of(
            named(() -> new PcaDetector(NAMES, 0.05, 0.9, RULE, 50)),
            named(() -> new PcaDetector(NAMES, EnsembleSpec.ESTIMATED_SHRINKAGE, 0.9, RULE, 50)),
            named(() -> new LaggedPcaDetector(NAMES, 2, 0.05, 0.9, RULE, 50)),
            named(() -> new MsetDetector(NAMES, 30, 1e-3, RULE, 50)),
            named(() -> new RobustUnivariateDetector(NAMES, RULE, 50)),
            named(() -> new CusumDetector(NAMES, 1.0, RULE, 50)),
            named(() -> new SmoothedDetector(new PcaDetector(NAMES, 0.05, 0.9, RULE, 50), 0.3)),
            named(() -> new DetectorEnsemble(new Detector[] {new PcaDetector(NAMES, 0.05, 0.9, RULE, 50),
                new RobustUnivariateDetector(NAMES, RULE, 50)}, DetectorEnsemble.Combine.MAX, AlarmRule.DEFAULT, 3)),
            named(() -> EnsembleSpec.DEFAULT.build(NAMES)),
            named(() -> EnsembleSpec.SMOOTHED.build(NAMES)));
    }

    private static Supplier<Detector> named(final Supplier<Detector> supplier)
    {
        return new Supplier<>()
        {
            @Override
            public Detector get()
            {
                return supplier.get();
            }

            @Override
            public String toString()
            {
                return supplier.get().name();
            }
        };
    }

    /** Two latent factors drive eight channels, plus noise: normal data with correlation structure. */
    static double[][] normal(final int n, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[][] rows = new double[n][NAMES.length];
        for (int i = 0; i < n; i++)
        {
            final double f1 = random.nextGaussian();
            final double f2 = random.nextGaussian();
            for (int c = 0; c < NAMES.length; c++)
            {
                rows[i][c] = 100 * (c + 1) + (c < 4 ? f1 : f2) * (1 + 0.2 * c) + 0.2 * random.nextGaussian();
            }
        }
        return rows;
    }

    private static Detector learned(final Supplier<Detector> factory, final double[][] rows) throws DetectorLearningException
    {
        final Detector d = factory.get();
        for (final double[] row : rows)
        {
            d.learn(row);
        }
        d.finishLearning();
        return d;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void shouldFlagSeededShiftAndNotNormalData(final Supplier<Detector> factory) throws Exception
    {
        final Detector d = learned(factory, normal(600, 1));
        final double[][] test = normal(400, 2);
        int normalAlarms = 0;
        for (int i = 0; i < 200; i++)
        {
            normalAlarms += d.score(test[i]) > d.threshold() ? 1 : 0;
        }
        int faultAlarms = 0;
        final double[] contributions = new double[NAMES.length];
        final double[] blame = new double[NAMES.length];
        for (int i = 200; i < 400; i++)
        {
            final double[] row = test[i].clone();
            row[5] += 16; // channel f: a shift of eight of its standard deviations, breaking the correlation
            faultAlarms += d.score(row) > d.threshold() ? 1 : 0;
            d.contributions(contributions);
            for (int c = 0; c < NAMES.length; c++)
            {
                blame[c] += contributions[c];
            }
        }
        assertTrue(normalAlarms <= 20, d.name() + ": " + normalAlarms + " of 200 normal samples over the threshold");
        assertTrue(faultAlarms >= 150, d.name() + ": only " + faultAlarms + " of 200 faulty samples over the threshold");
        int top = 0;
        for (int c = 1; c < NAMES.length; c++)
        {
            top = blame[c] > blame[top] ? c : top;
        }
        assertEquals(5, top, d.name() + " blames the wrong channel");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void shouldIgnoreMissingValuesWhenLearningAndScoring(final Supplier<Detector> factory) throws Exception
    {
        final double[][] clean = normal(600, 3);
        final double[][] holey = new double[clean.length][];
        for (int i = 0; i < clean.length; i++)
        {
            holey[i] = clean[i].clone();
            if (i % 7 == 0)
            {
                holey[i][i % NAMES.length] = Double.NaN;
            }
        }
        final Detector d = learned(factory, holey);
        assertTrue(Double.isFinite(d.threshold()) && d.threshold() > 0, d.name() + " threshold " + d.threshold());
        final double[] row = normal(1, 4)[0];
        row[2] = Double.NaN;
        for (int i = 0; i < 5; i++)
        {
            final double s = d.score(row);
            assertTrue(Double.isFinite(s) && s >= 0, d.name() + " scored a row with NaN as " + s);
        }
        final double[] contributions = new double[NAMES.length];
        d.contributions(contributions);
        for (final double c : contributions)
        {
            assertTrue(Double.isFinite(c) && c >= 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void shouldReportConstantChannel(final Supplier<Detector> factory)
    {
        final double[][] rows = normal(300, 5);
        for (final double[] row : rows)
        {
            row[3] = 42.0;
        }
        final Detector d = factory.get();
        for (final double[] row : rows)
        {
            d.learn(row);
        }
        final DetectorLearningException ex = assertThrows(DetectorLearningException.class, d::finishLearning);
        assertTrue(ex.getMessage().contains("'d' is constant"), ex.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void shouldReportTooFewSamples(final Supplier<Detector> factory)
    {
        final Detector d = factory.get();
        for (final double[] row : normal(20, 6))
        {
            d.learn(row);
        }
        final DetectorLearningException ex = assertThrows(DetectorLearningException.class, d::finishLearning);
        assertTrue(ex.getMessage().contains("too few") || ex.getMessage().contains("are needed"), ex.getMessage());
        assertEquals(0.0, d.score(normal(1, 7)[0]), "an unlearned detector scores 0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void shouldNotAllocateWhileScoring(final Supplier<Detector> factory) throws Exception
    {
        final Detector d = learned(factory, normal(600, 8));
        final double[][] test = normal(1024, 9);
        test[17][4] = Double.NaN;
        final double[] contributions = new double[NAMES.length];
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        double sink = 0;
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 6 && allocated != 0; round++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++)
            {
                sink += d.score(test[i & 1023]);
                d.contributions(contributions);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertTrue(sink >= 0);
        assertEquals(0, allocated, d.name() + " allocated while scoring 100 000 samples");
    }
}
