package io.ironloop.firmware.bench;

import io.ironloop.control.detect.AlarmRule;
import io.ironloop.control.detect.Detector;
import io.ironloop.control.detect.DetectorEnsemble;
import io.ironloop.control.detect.DetectorLearningException;
import io.ironloop.control.detect.EnsembleSpec;
import io.ironloop.control.detect.ThresholdRule;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.HardwareException;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cost of scoring one sample after learning: every detector alone and the full ensemble (PCA, lagged PCA,
 * MSET, median/MAD, CUSUM, alarm rule) on {@code channels} correlated synthetic channels, nanoseconds and bytes
 * allocated per sample on this thread (ThreadMXBean); beside it, the cost of one lockstep tick of the machine
 * (acquisition, control, telemetry encoding) measured in the same run.
 */
public final class DetectBench
{
    /** The ensemble measured: every member switched on. */
    public static final EnsembleSpec SPEC = new EnsembleSpec(50, true, 2, 0.05, 0.90, 40, true, 0.5,
        new ThresholdRule(0.99, 1.0, 0.25), AlarmRule.DEFAULT, DetectorEnsemble.Combine.MAX, 1.0);

    public record Member(String name, double nsPerSample, double bytesPerSample)
    {
    }

    public record Result(int channels, long samples, String members, double nsPerSample, double bytesPerSample,
        List<Member> detectors, double controlTickNs, double controlBytesPerTick, String machine)
    {
    }

    private DetectBench()
    {
    }

    public static Result run(final MachineSetup setup, final int channels, final long samples) throws HardwareException, DetectorLearningException
    {
        final String[] names = new String[channels];
        for (int c = 0; c < channels; c++)
        {
            names[c] = "ch" + (c + 1);
        }
        final int pool = 4096;
        final double[][] rows = synthetic(channels, pool, 42L);
        final DetectorEnsemble ensemble = SPEC.build(names);
        for (int i = 0; i < 2000; i++)
        {
            ensemble.learn(rows[i]);
        }
        ensemble.finishLearning();
        final List<Member> members = new ArrayList<>();
        final double[] ensembleCost = measure(ensemble, rows, samples);
        for (int m = 0; m < ensemble.size(); m++)
        {
            final double[] cost = measure(ensemble.member(m), rows, samples);
            members.add(new Member(ensemble.member(m).name(), cost[0], cost[1]));
        }
        // the advisors' default, and the ensemble eval skab scores (advisor 'detectors: smoothed'), side by side
        for (final EnsembleSpec advised : new EnsembleSpec[] {EnsembleSpec.DEFAULT, EnsembleSpec.SMOOTHED})
        {
            final DetectorEnsemble e = advised.build(names);
            for (int i = 0; i < 2000; i++)
            {
                e.learn(rows[i]);
            }
            e.finishLearning();
            final double[] cost = measure(e, rows, samples);
            members.add(new Member((advised == EnsembleSpec.DEFAULT ? "default" : "smoothed") + " ensemble " + advised.members(), cost[0], cost[1]));
        }
        final LockstepBench.Result tick = LockstepBench.run(setup, Math.max(10_000, samples / 10), 50_000);
        return new Result(channels, samples, SPEC.members(), ensembleCost[0], ensembleCost[1], members,
            1e9 / tick.ticksPerCpuSecond(), tick.bytesPerTick(), tick.machine());
    }

    /** ns and bytes per sample over {@code samples} scores after a warm-up of the same length. */
    private static double[] measure(final Detector detector, final double[][] rows, final long samples)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        double sink = 0;
        for (long i = 0; i < samples; i++)
        {
            sink += detector.score(rows[(int)(i & (rows.length - 1))]);
        }
        final long bytesBefore = threads.getThreadAllocatedBytes(thread);
        final long cpuBefore = threads.getCurrentThreadCpuTime();
        for (long i = 0; i < samples; i++)
        {
            sink += detector.score(rows[(int)(i & (rows.length - 1))]);
        }
        final long cpuNs = threads.getCurrentThreadCpuTime() - cpuBefore;
        final long bytes = threads.getThreadAllocatedBytes(thread) - bytesBefore;
        if (sink == Double.MIN_VALUE)
        {
            System.out.print("");
        }
        return new double[] {(double)cpuNs / samples, (double)bytes / samples};
    }

    /** Rows of channels driven by two shared factors plus noise, so that PCA has structure to find. */
    static double[][] synthetic(final int channels, final int n, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[][] rows = new double[n][channels];
        double f1 = 0;
        double f2 = 0;
        for (int i = 0; i < n; i++)
        {
            f1 = 0.95 * f1 + 0.3 * random.nextGaussian();
            f2 = 0.9 * f2 + 0.3 * random.nextGaussian();
            for (int c = 0; c < channels; c++)
            {
                rows[i][c] = 10 + c + (c % 2 == 0 ? f1 : f2) * (1 + 0.1 * c) + 0.1 * random.nextGaussian();
            }
        }
        return rows;
    }
}
