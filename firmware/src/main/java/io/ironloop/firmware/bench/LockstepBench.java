package io.ironloop.firmware.bench;

import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.HardwareException;

import java.lang.management.ManagementFactory;

/**
 * Lockstep throughput: the whole machine (acquisition, plant, control, telemetry encoding) on one
 * thread against a virtual clock, as replay and {@code demo --fast} run it; reports control ticks per
 * second of wall time and bytes allocated per tick after warm-up.
 */
public final class LockstepBench
{
    /**
     * @param controlTicks       control ticks controlTicks measured
     * @param seconds            wall time of the measured part
     * @param ticksPerSecond     control ticks per second of wall time
     * @param simSecondsPerSecond virtual seconds per second of wall time
     * @param bytesPerTick       bytes allocated on the running thread per control tick
     * @param ticksPerCpuSecond  control ticks per second of the thread's CPU time (less sensitive to a busy machine)
     */
    public record Result(
        String machine,
        double controlRateHz,
        long warmupTicks,
        long controlTicks,
        double seconds,
        double ticksPerSecond,
        double simSecondsPerSecond,
        double bytesPerTick,
        double ticksPerCpuSecond)
    {
    }

    private LockstepBench()
    {
    }

    public static Result run(final MachineSetup setup, final long ticks, final long warmupTicks) throws HardwareException
    {
        final VirtualClock clock = new VirtualClock(0L);
        try (BenchRig rig = BenchRig.assemble(setup, clock, 0, null);
            LockstepRunner runner = new LockstepRunner(clock, rig.agents()))
        {
            final long periodNs = rig.machine().control().schedule().periodNs();
            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long threadId = Thread.currentThread().getId();
            runner.runUntil(warmupTicks * periodNs);

            final long cyclesBefore = rig.machine().counters().cycles().get();
            final long bytesBefore = threads.getThreadAllocatedBytes(threadId);
            final long cpuStartNs = threads.getCurrentThreadCpuTime();
            final long startNs = System.nanoTime();
            runner.runFor(ticks * periodNs);
            final long wallNs = System.nanoTime() - startNs;
            final long cpuNs = threads.getCurrentThreadCpuTime() - cpuStartNs;
            final long bytes = threads.getThreadAllocatedBytes(threadId) - bytesBefore;
            final long cycles = rig.machine().counters().cycles().get() - cyclesBefore;
            return new Result(
                setup.machine().name(),
                1e9 / periodNs,
                warmupTicks,
                cycles,
                wallNs * 1e-9,
                cycles / (wallNs * 1e-9),
                cycles * periodNs / (double)wallNs,
                cycles == 0 ? 0.0 : (double)bytes / cycles,
                cycles / (cpuNs * 1e-9));
        }
    }
}
