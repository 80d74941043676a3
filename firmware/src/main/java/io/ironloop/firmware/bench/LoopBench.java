package io.ironloop.firmware.bench;

import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.run.AgentThreads;
import io.ironloop.firmware.run.CpuAffinity;
import io.ironloop.hal.HardwareException;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
     * @param cpu           the CPU the control agent, the baseline and the floor were pinned to, or -1
     * @param backgroundCpus the CPUs every other thread was confined to, or empty
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
        int cpu,
        List<Integer> backgroundCpus,
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
        final com.sun.management.ThreadMXBean threadMx = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        final Histogram jitter;
        final Histogram cycleTime;
        final long cycles;
        final long overruns;
        final double bytesPerCycle;
        final BitSet backgroundCpus;
        try (BenchRig rig = BenchRig.assemble(setup, clock, rateHz, idle);
            AgentThreads threads = AgentThreads.of(setup.machine().control(), idle, rig.machine(), rig.telemetry(), clock,
                LoopBench::agentError))
        {
            final ControlAgent control = rig.machine().control();
            backgroundCpus = threads.backgroundCpus();
            BenchRig.warmUp(setup, rateHz, idle, threads.idleStrategies());
            threads.start();
            sleepSeconds(warmupSeconds);
            final long threadId = threads.controlThread().getId();
            control.jitterRecorder().getIntervalHistogram();
            control.cycleTimeRecorder().getIntervalHistogram();
            final long cyclesBefore = rig.machine().counters().cycles().get();
            final long overrunsBefore = rig.machine().counters().overruns().get();
            final long bytesBefore = threadMx.getThreadAllocatedBytes(threadId);
            sleepSeconds(seconds);
            final long bytesAfter = threadMx.getThreadAllocatedBytes(threadId);
            jitter = control.jitterRecorder().getIntervalHistogram();
            cycleTime = control.cycleTimeRecorder().getIntervalHistogram();
            cycles = rig.machine().counters().cycles().get() - cyclesBefore;
            overruns = rig.machine().counters().overruns().get() - overrunsBefore;
            bytesPerCycle = cycles == 0 ? 0.0 : (double)(bytesAfter - bytesBefore) / cycles;
        }

        final Histogram baselineJitter = new Histogram(ControlAgent.MAX_RECORDED_NS, 3);
        final Histogram baselineCycleTime = new Histogram(ControlAgent.MAX_RECORDED_NS, 3);
        final long baselineOverruns = baseline(setup, rateHz, idle, baselineSeconds, warmupSeconds, baselineJitter, baselineCycleTime);

        final Histogram bareSpin = bareSpin(rateHz, baselineSeconds, warmupSeconds, CpuAffinity.controlCpus(setup.machine().control()));

        return new Result(setup.machine().name(), rateHz, idle, seconds, warmupSeconds,
            setup.machine().control().cpu(), backgroundCpus == null ? List.of() : backgroundCpus.stream().boxed().toList(), cycles, overruns, bytesPerCycle,
            Percentiles.of(jitter), Percentiles.of(cycleTime), baselineSeconds, baselineOverruns,
            Percentiles.of(baselineJitter), Percentiles.of(baselineCycleTime), Percentiles.of(bareSpin));
    }

    /**
     * The floor: a thread that spins on the same absolute deadlines and does nothing else. Whatever
     * jitter it shows comes from the machine (scheduler, interrupts, hypervisor), not from Ironloop.
     */
    private static Histogram bareSpin(final double rateHz, final double seconds, final double warmupSeconds, final BitSet cpus)
        throws InterruptedException
    {
        final Histogram lateness = new Histogram(ControlAgent.MAX_RECORDED_NS, 3);
        if (seconds <= 0)
        {
            return lateness;
        }
        final long periodNs = Math.round(1e9 / rateHz);
        final long ticks = Math.round(seconds * rateHz);
        final long warmupTicks = Math.round(warmupSeconds * rateHz);
        final Thread spinner = AgentThreads.pinning(cpus).newThread(() ->
        {
            long deadlineNs = System.nanoTime() + periodNs;
            for (long k = -warmupTicks; k < ticks; k++)
            {
                long nowNs;
                while ((nowNs = System.nanoTime()) - deadlineNs < 0)
                {
                    Thread.onSpinWait();
                }
                if (k >= 0) // after warm-up: the interpreter and the JIT's first compilations are not the machine
                {
                    lateness.recordValue(Math.min(nowNs - deadlineNs, ControlAgent.MAX_RECORDED_NS));
                }
                deadlineNs += periodNs;
            }
        });
        spinner.setName("bare-spin");
        spinner.start();
        spinner.join();
        return lateness;
    }

    /**
     * The same control tick on a {@code scheduleAtFixedRate} thread: jitter is measured against the
     * executor's own schedule (its task's scheduled time, read through {@code getDelay} while the task
     * runs), as the agent's is against its deadlines. Returns the control agent's overrun count over the measured part.
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
            final AgentThreads threads = AgentThreads.of(setup.machine().control(), null, rig.machine(), rig.telemetry(), clock,
                LoopBench::agentError);
            final ThreadFactory pinned = AgentThreads.pinning(CpuAffinity.controlCpus(setup.machine().control()));
            final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task ->
            {
                final Thread thread = pinned.newThread(task);
                thread.setName("baseline-control");
                thread.setDaemon(true);
                return thread;
            });
            final long[] overruns = new long[2];
            try
            {
                threads.start();
                final AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
                final long[] tick = new long[1];
                final ScheduledFuture<?> task = executor.scheduleAtFixedRate(() ->
                {
                    final ScheduledFuture<?> future = self.get();
                    if (future == null)
                    {
                        return; // ran before scheduleAtFixedRate returned: not a tick of the measurement
                    }
                    // While a periodic task runs, its delay is its own scheduled time minus now, so this is the
                    // lateness against the executor's schedule. (Its schedule starts when the executor takes the
                    // task, not at the time asked for: a cold executor takes milliseconds, which is an offset
                    // and not jitter.)
                    final long latenessNs = Math.max(-future.getDelay(TimeUnit.NANOSECONDS), 0);
                    final long nowNs = clock.nanoTime();
                    final long k = tick[0]++;
                    if (k == 0)
                    {
                        control.schedule().start(nowNs - latenessNs); // the control agent's deadlines are the executor's
                    }
                    if (k == warmupTicks)
                    {
                        overruns[0] = rig.machine().counters().overruns().get();
                    }
                    control.doWork();
                    final long endNs = clock.nanoTime();
                    if (k >= warmupTicks)
                    {
                        jitter.recordValue(Math.min(latenessNs, ControlAgent.MAX_RECORDED_NS));
                        cycleTime.recordValue(Math.min(endNs - nowNs, ControlAgent.MAX_RECORDED_NS));
                        overruns[1] = rig.machine().counters().overruns().get();
                    }
                }, periodNs, periodNs, TimeUnit.NANOSECONDS);
                self.set(task);
                sleepSeconds(warmupSeconds + seconds);
                task.cancel(false);
            }
            finally
            {
                executor.shutdown();
                executor.awaitTermination(5, TimeUnit.SECONDS);
                threads.close();
            }
            return overruns[1] - overruns[0];
        }
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
