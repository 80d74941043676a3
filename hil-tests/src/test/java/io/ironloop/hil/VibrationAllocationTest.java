package io.ironloop.hil;

import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.control.vibration.VibrationMonitor;
import io.ironloop.firmware.advisor.VibrationWiring;
import io.ironloop.firmware.bench.BenchRig;
import io.ironloop.firmware.config.MachineSetup;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A watched bearing adds nothing to the hot path's garbage: the ADXL345 driver taps every raw FIFO sample into
 * the vibration agent's ring on the acquisition side, control runs at 1 kHz, and the vibration agent analyses a
 * window every 0.32 s (FFT, features, baseline score), all in lockstep on this one thread, allocation-free once
 * warm. The diagnosis path itself is measured in {@code VibrationMonitorTest}.
 */
class VibrationAllocationTest
{
    private static final int MAX_WINDOWS = 5;

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
    @Test
    void shouldAllocateNothingAcquiringControllingAndAnalysingVibration() throws Exception
    {
        final Path machine = ZeroAllocationTest.pumpStation().resolveSibling("cwru-bearing-rig.yaml");
        final VirtualClock clock = new VirtualClock(0L);
        final MachineSetup setup = MachineSetup.load(machine, null);
        try (BenchRig rig = BenchRig.assemble(setup, clock, 0, null))
        {
            final List<VibrationMonitor> monitors = VibrationWiring.build(setup.machine(), rig.machine(), clock, rig.counters());
            assertEquals(1, monitors.size());
            final List<ScheduledAgent> agents = new ArrayList<>(List.of(rig.agents()));
            agents.addAll(monitors);
            final VibrationMonitor monitor = monitors.get(0);
            try (LockstepRunner runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0])))
            {
                final long secondNs = 1_000_000_000L;
                // Learning (six windows), then a few scored windows to warm the scoring path.
                runner.runFor(60 * secondNs);
                assertTrue(monitor.counters().windows().get() >= 30, "windows analysed: " + monitor.counters().windows().get());
                assertEquals(0, monitor.counters().fault().get(), "learned, and the healthy simulated frame shows no fault");
                final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
                final long thread = Thread.currentThread().getId();
                final StringBuilder rounds = new StringBuilder();
                long allocated = -1;
                for (int round = 1; round <= MAX_WINDOWS && allocated != 0; round++)
                {
                    final long windowsBefore = monitor.counters().windows().get();
                    final long cyclesBefore = rig.machine().counters().cycles().get();
                    final long before = threads.getThreadAllocatedBytes(thread);
                    runner.runFor(20 * secondNs);
                    allocated = threads.getThreadAllocatedBytes(thread) - before;
                    rounds.append(" round ").append(round).append(": ").append(allocated).append(" B, ")
                        .append(monitor.counters().windows().get() - windowsBefore).append(" windows, ")
                        .append(rig.machine().counters().cycles().get() - cyclesBefore).append(" ticks;");
                }
                assertEquals(0, allocated, "bytes allocated over 20 s of 1 kHz control with vibration analysis:" + rounds);
                assertEquals(0, monitor.counters().gaps().get(), "the ring never overflowed");
                assertEquals(0, monitor.ring().dropped());
            }
        }
    }
}
