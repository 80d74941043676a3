package io.ironloop.control.runtime;

import io.ironloop.control.block.Cascade;
import io.ironloop.control.block.FopdtPlant;
import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.OnOff;
import io.ironloop.control.block.Pid;
import io.ironloop.control.block.RampSoakProgram;
import io.ironloop.control.block.RelayAutotune;
import io.ironloop.control.block.Watchdog;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.mode.Mode;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every block, run through a loop on the control agent, allocates nothing per tick after warm-up. */
class BlocksAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes the measurement itself costs (the first calls may initialise the MXBean lazily). */
    private static long overheadBytes()
    {
        allocatedBytes();
        final long before = allocatedBytes();
        return allocatedBytes() - before;
    }

    private static void run(final LoopRig rig, final FopdtPlant plant, final int ticks, final boolean modeChanges)
    {
        for (int i = 0; i < ticks; i++)
        {
            rig.publish(LoopRig.PV, plant.pv());
            rig.publish(LoopRig.INNER, plant.pv() * 0.5);
            rig.publish(LoopRig.DOOR, 1.0);
            rig.tick();
            plant.step(rig.actuator.lastValue());
            if (modeChanges && i % 1000 == 500)
            {
                rig.agent.commands().mode(CommandSource.LOCAL, 1, 0, Mode.MANUAL);
                rig.agent.commands().manualOutput(CommandSource.LOCAL, 1, 0, 0.4);
            }
            else if (modeChanges && i % 1000 == 900)
            {
                rig.agent.commands().mode(CommandSource.LOCAL, 1, 0, Mode.AUTO);
                rig.agent.commands().setpoint(CommandSource.LOCAL, 1, 0, (i / 1000) % 2 == 0 ? 1.0 : 1.5);
                rig.agent.commands().reset(CommandSource.LOCAL, 1, 0);
            }
            if (i % 4096 == 0)
            {
                rig.transitions.drain((t, l, f, to, c, d, a, src, id) -> { });
            }
        }
    }

    private static long bytesPerRun(final LoopRig rig, final boolean modeChanges)
    {
        final AtomicCounter heartbeat = rig.countersManager.newCounter("heartbeat");
        rig.loop.interlocks(
            new Interlock("high", Interlock.Kind.HIGH, LoopRig.PV, 100.0, 0L, 50_000_000L, 0L),
            new Interlock("rate", Interlock.Kind.RATE, LoopRig.PV, 1000.0, 0L, 50_000_000L, 0L),
            new Interlock("door", Interlock.Kind.PERMISSIVE, LoopRig.DOOR, 1.0, 0L, 50_000_000L, 0L))
            .watchdog(new Watchdog(rig.counters.overruns(), 5, rig.counters.missedDeadlines(), 50, 10, new AtomicCounter[] {heartbeat},
                new String[] {"hb"}, 0L));
        final FopdtPlant plant = new FopdtPlant(2.0, 10.0, 1.0, 0.01, 0.3);
        run(rig, plant, 200_000, modeChanges); // until the JIT has settled: interpreted and C1 code allocate
        // A real allocation shows in every round; a JIT transition at most in one: take the smallest.
        long smallest = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++)
        {
            final long overhead = overheadBytes();
            final long before = allocatedBytes();
            run(rig, plant, 100_000, modeChanges);
            smallest = Math.min(smallest, allocatedBytes() - before - overhead);
        }
        return smallest;
    }

    @Test
    void shouldNotAllocateInClosedLoopWithInterlocksWatchdogProgramAndModeChanges()
    {
        final LoopRig rig = new LoopRig(new Pid(0.5, 0.5, 0.1, 0.05, 0.0, 0.0, 1.0, 0.5), 0.0, 0.6, 0L);
        rig.loop.program(new RampSoakProgram(new double[] {0.01, 0.01}, new double[] {1.0, 0.4}, new double[] {100.0, 1e6}, 0.05));
        assertEquals(0L, bytesPerRun(rig, true));
    }

    @Test
    void shouldNotAllocateInCascadeOrOnOff()
    {
        assertEquals(0L, bytesPerRun(new LoopRig(new Cascade(new Pid(1.0, 0.1, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0),
            new Pid(0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0)), 0.0, 0.6, 0L), false));
        assertEquals(0L, bytesPerRun(new LoopRig(new OnOff(0.05, true, 1.0, 0.0, 100_000_000L, 100_000_000L), 0.0, 0.6, 0L), false));
    }

    @Test
    void shouldNotAllocateDuringRelayAutotune()
    {
        final RelayAutotune tune = new RelayAutotune(RelayAutotune.Rule.SIMC, 0.1, 0.0, 0.25, 10.0, Long.MAX_VALUE / 4, 1_000_000, 0.0, 1.0, 0.0);
        final FopdtPlant plant = new FopdtPlant(2.0, 10.0, 1.0, 0.01, 0.5);
        tune.start(0, plant.pv(), plant.pv(), 0.5);
        final long[] nowNs = {0};
        relay(tune, plant, nowNs, 200_000);
        long smallest = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++)
        {
            final long overhead = overheadBytes();
            final long before = allocatedBytes();
            relay(tune, plant, nowNs, 100_000);
            smallest = Math.min(smallest, allocatedBytes() - before - overhead);
        }
        assertEquals(0L, smallest);
        assertEquals(RelayAutotune.Status.RUNNING, tune.status());
    }

    private static void relay(final RelayAutotune tune, final FopdtPlant plant, final long[] nowNs, final int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            nowNs[0] += 10_000_000L;
            plant.step(tune.update(nowNs[0], plant.pv()));
        }
    }
}
