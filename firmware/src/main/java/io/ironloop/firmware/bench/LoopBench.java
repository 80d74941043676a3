package io.ironloop.firmware.bench;

import io.ironloop.control.runtime.AcquisitionAgent;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.IdleStrategies;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.HardwareException;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Wake-up jitter and cycle time of the real control agent on the real clock with the simulated board:
 * first on its {@link AgentRunner} with the chosen idle strategy (acquisition and telemetry agents on
 * their own threads, as on the board), then the same tick of a second, identical machine driven by
 * {@code ScheduledExecutorService.scheduleAtFixedRate} as the baseline, then a bare spin loop on the same
 * deadlines as the machine's floor. Histograms after warm-up.
 */
public final class LoopBench
{
    private static final Logger LOG = LoggerFactory.getLogger(LoopBench.class);

    /** Percentiles of one histogram, in microseconds. */
    public record Percentiles(long count, double p50Us, double p90Us, double p99Us, double p999Us, double p9999Us, double maxUs, double meanUs)
    {
        static Percentiles of(final Histogram histogram)
        {
            return new Percentiles(
                histogram.getTotalCount(),
                us(histogram.getValueAtPercentile(50.0)),
                us(histogram.getValueAtPercentile(90.0)),
                us(histogram.getValueAtPercentile(99.0)),
                us(histogram.getValueAtPercentile(99.9)),
                us(histogram.getValueAtPercentile(99.99)),
                us(histogram.getMaxValue()),
                histogram.getTotalCount() == 0 ? 0.0 : histogram.getMean() / 1000.0);
        }

        private static double us(final long ns)
        {
            return ns / 1000.0;
        }
    }

    /**
     * @param jitter        wake-up jitter of the agent-runner control thread
     * @param cycleTime     its tick duration
     * @param overruns      ticks started a whole period or more late during measurement
     * @param bytesPerCycle bytes allocated on the control thread per tick during measurement
     * @param baseline      the same tick on scheduleAtFixedRate: wake-up jitter
     * @param baselineCycleTime the same tick on scheduleAtFixedRate: tick duration
     * @param bareSpin      a bare busy-spin loop on the same deadlines doing no work: what this machine's
     *                      scheduler and hypervisor allow at best, measured in the same run
     */
    public record Result(
        String machine,
        double rateHz,
        String idle,
        double seconds,
        double warmupSeconds,
        long cycles,
        long overruns,
        double bytesPerCycle,
        Percentiles jitter,
        Percentiles cycleTime,
        double baselineSeconds,
        long baselineOverruns,
        Percentiles baseline,
        Percentiles baselineCycleTime,
        Percentiles bareSpin)
    {
    }

    private LoopBench()
    {
    }

    public static Result run(
        final MachineSetup setup,
        final double rateHz,
        final String idle,
        final double seconds,
        final double warmupSeconds,
        final double baselineSeconds) throws HardwareException, InterruptedException
    {
        final SystemNanoClock clock = new SystemNanoClock();
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        final Histogram jitter;
        final Histogram cycleTime;
        final long cycles;
        final long overruns;
        final double bytesPerCycle;
        try (BenchRig rig = BenchRig.assemble(setup, clock, rateHz, idle))
        {
            final ControlAgent control = rig.machine().control();
            final List<IdleStrategy> strategies = new ArrayList<>();
            final List<AgentRunner> runners = new ArrayList<>();
            for (final AcquisitionAgent agent : rig.machine().acquisition())
            {
                runners.add(runner(strategies, IdleStrategies.of(setup.machine().control().acquisitionIdle(), 200_000L, agent, clock), agent));
            }
            final AgentRunner controlRunner = runner(strategies, IdleStrategies.of(idle, 100_000L, control, clock), control);
            runners.add(controlRunner);
            runners.add(runner(strategies,
                IdleStrategies.of(setup.machine().control().telemetryIdle(), 1_000_000L, rig.telemetry(), clock), rig.telemetry()));
            try
            {
                BenchRig.warmUp(setup, rateHz, idle, strategies.toArray(new IdleStrategy[0]));
                runners.forEach(AgentRunner::startOnThread);
                sleepSeconds(warmupSeconds);
                final long threadId = controlRunner.thread().getId();
                control.jitterRecorder().getIntervalHistogram();
                control.cycleTimeRecorder().getIntervalHistogram();
                final long cyclesBefore = rig.machine().counters().cycles().get();
                final long overrunsBefore = rig.machine().counters().overruns().get();
                final long bytesBefore = threads.getThreadAllocatedBytes(threadId);
                sleepSeconds(seconds);
                final long bytesAfter = threads.getThreadAllocatedBytes(threadId);
                jitter = control.jitterRecorder().getIntervalHistogram();
                cycleTime = control.cycleTimeRecorder().getIntervalHistogram();
                cycles = rig.machine().counters().cycles().get() - cyclesBefore;
                overruns = rig.machine().counters().overruns().get() - overrunsBefore;
                bytesPerCycle = cycles == 0 ? 0.0 : (double)(bytesAfter - bytesBefore) / cycles;
            }
            finally
            {
                for (int i = runners.size() - 1; i >= 0; i--)
                {
                    CloseHelper.quietClose(runners.get(i));
                }
            }
        }

        final Histogram baselineJitter = new Histogram(ControlAgent.MAX_RECORDED_NS, 3);
        final Histogram baselineCycleTime = new Histogram(ControlAgent.MAX_RECORDED_NS, 3);
        final long baselineOverruns = baseline(setup, rateHz, idle, baselineSeconds, warmupSeconds, baselineJitter, baselineCycleTime);

        final Histogram bareSpin = bareSpin(rateHz, baselineSeconds);

        return new Result(setup.machine().name(), rateHz, idle, seconds, warmupSeconds, cycles, overruns, bytesPerCycle,
            Percentiles.of(jitter), Percentiles.of(cycleTime), baselineSeconds, baselineOverruns,
            Percentiles.of(baselineJitter), Percentiles.of(baselineCycleTime), Percentiles.of(bareSpin));
    }

    /**
     * The floor: a thread that spins on the same absolute deadlines and does nothing else. Whatever
     * jitter it shows comes from the machine (scheduler, interrupts, hypervisor), not from Ironloop.
     */
    private static Histogram bareSpin(final double rateHz, final double seconds) throws InterruptedException
    {
        final Histogram lateness = new Histogram(ControlAgent.MAX_RECORDED_NS, 3);
        if (seconds <= 0)
        {
            return lateness;
        }
        final long periodNs = Math.round(1e9 / rateHz);
        final long ticks = Math.round(seconds * rateHz);
        final Thread spinner = new Thread(() ->
        {
            long deadlineNs = System.nanoTime() + periodNs;
            for (long k = 0; k < ticks; k++)
            {
                long nowNs;
                while ((nowNs = System.nanoTime()) - deadlineNs < 0)
                {
                    Thread.onSpinWait();
                }
                lateness.recordValue(Math.min(nowNs - deadlineNs, ControlAgent.MAX_RECORDED_NS));
                deadlineNs += periodNs;
            }
        }, "bare-spin");
        spinner.start();
        spinner.join();
        return lateness;
    }

    /**
     * The same control tick on a {@code scheduleAtFixedRate} thread: jitter is measured against the
     * executor's own schedule (the time it was asked for plus k periods), as the agent's is against its
     * deadlines. Returns the control agent's overrun count over the measured part.
     */
    private static long baseline(
        final MachineSetup setup,
        final double rateHz,
        final String idle,
        final double seconds,
        final double warmupSeconds,
        final Histogram jitter,
        final Histogram cycleTime) throws HardwareException, InterruptedException
    {
        if (seconds <= 0)
        {
            return 0;
        }
        final SystemNanoClock clock = new SystemNanoClock();
        try (BenchRig rig = BenchRig.assemble(setup, clock, rateHz, idle))
        {
            final ControlAgent control = rig.machine().control();
            final long periodNs = control.schedule().periodNs();
            final long warmupTicks = Math.round(warmupSeconds * rateHz);
            final List<AgentRunner> runners = new ArrayList<>();
            for (final AcquisitionAgent agent : rig.machine().acquisition())
            {
                runners.add(new AgentRunner(IdleStrategies.of(setup.machine().control().acquisitionIdle(), 200_000L, agent, clock),
                    LoopBench::agentError, null, agent));
            }
            runners.add(new AgentRunner(IdleStrategies.of(setup.machine().control().telemetryIdle(), 1_000_000L, rig.telemetry(), clock),
                LoopBench::agentError, null, rig.telemetry()));
            final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task ->
            {
                final Thread thread = new Thread(task, "baseline-control");
                thread.setDaemon(true);
                return thread;
            });
            final long[] overruns = new long[2];
            try
            {
                runners.forEach(AgentRunner::startOnThread);
                final long firstNs = clock.nanoTime() + periodNs;
                control.schedule().start(firstNs);
                final long[] tick = new long[1];
                final ScheduledFuture<?> task = executor.scheduleAtFixedRate(() ->
                {
                    final long nowNs = clock.nanoTime();
                    final long k = tick[0]++;
                    if (k == warmupTicks)
                    {
                        overruns[0] = rig.machine().counters().overruns().get();
                    }
                    control.doWork();
                    final long endNs = clock.nanoTime();
                    if (k >= warmupTicks)
                    {
                        jitter.recordValue(Math.min(Math.max(nowNs - (firstNs + k * periodNs), 0), ControlAgent.MAX_RECORDED_NS));
                        cycleTime.recordValue(Math.min(endNs - nowNs, ControlAgent.MAX_RECORDED_NS));
                        overruns[1] = rig.machine().counters().overruns().get();
                    }
                }, firstNs - clock.nanoTime(), periodNs, TimeUnit.NANOSECONDS);
                sleepSeconds(warmupSeconds + seconds);
                task.cancel(false);
            }
            finally
            {
                executor.shutdown();
                executor.awaitTermination(5, TimeUnit.SECONDS);
                for (int i = runners.size() - 1; i >= 0; i--)
                {
                    CloseHelper.quietClose(runners.get(i));
                }
            }
            return overruns[1] - overruns[0];
        }
    }

    private static AgentRunner runner(final List<IdleStrategy> strategies, final IdleStrategy idle, final Agent agent)
    {
        strategies.add(idle);
        return new AgentRunner(idle, LoopBench::agentError, null, agent);
    }

    private static void sleepSeconds(final double seconds) throws InterruptedException
    {
        final long nanos = Math.round(seconds * 1e9);
        if (nanos > 0)
        {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    private static void agentError(final Throwable error)
    {
        LOG.error("agent error", error);
    }
}
