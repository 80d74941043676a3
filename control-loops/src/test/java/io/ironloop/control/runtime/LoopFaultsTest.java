package io.ironloop.control.runtime;

import io.ironloop.control.block.FopdtPlant;
import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.LoopController;
import io.ironloop.control.block.Pid;
import io.ironloop.control.block.RelayAutotune;
import io.ironloop.control.block.Watchdog;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Faults" section of issue 4: each fault drives the loop to its safe state, never a bad command. */
class LoopFaultsTest
{
    private static final double SAFE = 0.0;

    private static Pid pid()
    {
        return new Pid(0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0);
    }

    @Test
    void shouldTripOnNanOrInfiniteInputAndNeverCommandIt()
    {
        for (final double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
        {
            final LoopRig rig = new LoopRig(pid(), SAFE, 4.0, 0L);
            for (int i = 0; i < 50; i++)
            {
                rig.publish(LoopRig.PV, 3.0);
                rig.tick();
            }
            assertTrue(rig.actuator.lastValue() > SAFE, "controlling before the fault");
            assertEquals(Mode.AUTO, rig.loop.mode());

            rig.publish(LoopRig.PV, bad);
            rig.tick();
            assertEquals(Mode.SAFE, rig.loop.mode(), bad + " trips the loop");
            assertEquals(TransitionCause.INTERLOCK, rig.loop.tripCause());
            assertEquals(SAFE, rig.actuator.lastValue(), "in the same tick");
            assertEquals(1, rig.trips.get());

            rig.reset();
            rig.tick();
            assertEquals(Mode.SAFE, rig.loop.mode(), "reset is refused while the input is still " + bad);
            for (int i = 0; i < 20; i++)
            {
                rig.tick();
            }
            assertFalse(rig.actuator.sawNonFinite(), "the actuator only ever saw finite values");
            assertEquals(SAFE, rig.actuator.lastValue(), "and ends at its safe value");
        }
    }

    @Test
    void shouldCountABlockExceptionHoldTheSafeValueAndGoSafe()
    {
        final int[] calls = {0};
        final LoopController faulty = new LoopController()
        {
            @Override
            public int inputCount()
            {
                return 1;
            }

            @Override
            public double update(final long nowNs, final double dtS, final double setpoint, final double[] inputs)
            {
                if (++calls[0] == 20)
                {
                    throw new IllegalStateException("bug in a block");
                }
                return 0.6;
            }

            @Override
            public void track(final double output, final double setpoint, final double[] inputs)
            {
            }

            @Override
            public void reset()
            {
            }
        };
        final LoopRig rig = new LoopRig(faulty, SAFE, 4.0, 0L);
        for (int i = 0; i < 40; i++)
        {
            rig.publish(LoopRig.PV, 3.0);
            rig.tick();
            if (i == 18)
            {
                assertEquals(0.6, rig.actuator.lastValue());
            }
        }
        assertEquals(1, rig.blockErrors.get(), "counted once");
        assertEquals(Mode.SAFE, rig.loop.mode());
        assertEquals(SAFE, rig.actuator.lastValue(), "output held at the safe value");
        assertEquals(20, calls[0], "the block is not run again while SAFE");
    }

    @Test
    void shouldTreatANonFiniteBlockOutputAsABlockError()
    {
        final LoopRig rig = new LoopRig(new NanController(), SAFE, 4.0, 0L);
        rig.publish(LoopRig.PV, 3.0);
        rig.tick();
        assertEquals(1, rig.blockErrors.get());
        assertEquals(Mode.SAFE, rig.loop.mode());
        assertFalse(rig.actuator.sawNonFinite());
        assertEquals(SAFE, rig.actuator.lastValue());
    }

    @Test
    void shouldReachTheSafeStateWithinOneTickOfAnInterlockCondition()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 4.0, 0L);
        rig.loop.resetTo(Mode.AUTO).interlocks(
            new Interlock("over-pressure", Interlock.Kind.HIGH, LoopRig.PV, 9.0, 0L, 50_000_000L, 0L),
            new Interlock("door closed", Interlock.Kind.PERMISSIVE, LoopRig.DOOR, 1.0, 0L, 50_000_000L, 0L));
        for (int i = 0; i < 50; i++)
        {
            rig.publish(LoopRig.PV, 3.0);
            rig.publish(LoopRig.DOOR, 1.0);
            rig.tick();
        }
        assertEquals(Mode.AUTO, rig.loop.mode());

        rig.clock.advanceBy(LoopRig.PERIOD_NS / 2); // the acquisition agent publishes half-way between two ticks
        final long publishedNs = rig.clock.nanoTime();
        rig.publish(LoopRig.PV, 9.3);
        rig.clock.advanceBy(LoopRig.PERIOD_NS / 2);
        rig.tick();
        assertEquals(Mode.SAFE, rig.loop.mode());
        assertEquals(SAFE, rig.actuator.lastValue());
        assertTrue(rig.actuator.lastWriteNs() - publishedNs <= LoopRig.PERIOD_NS, "safe within one tick of virtual time");

        rig.publish(LoopRig.PV, 3.0);
        rig.publish(LoopRig.DOOR, 0.0); // door opened meanwhile
        rig.reset();
        rig.tick();
        assertEquals(Mode.SAFE, rig.loop.mode(), "the door permissive still holds it");
        rig.publish(LoopRig.PV, 3.0);
        rig.publish(LoopRig.DOOR, 1.0);
        rig.reset();
        rig.tick();
        assertEquals(Mode.AUTO, rig.loop.mode());
    }

    @Test
    void shouldAbortAutotuneSafelyWhenTheProcessLeavesItsBound()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 1.0, 0L);
        rig.loop.autotune(new RelayAutotune(RelayAutotune.Rule.ZIEGLER_NICHOLS, 0.3, 0.0, 0.0, 0.05, 600_000_000_000L, 4, 0.0, 1.0, SAFE));
        final FopdtPlant plant = new FopdtPlant(2.0, 10.0, 2.0, 0.01, 0.5);
        rig.mode(Mode.MANUAL);
        rig.manualOutput(0.5);
        for (int i = 0; i < 100; i++)
        {
            rig.publish(LoopRig.PV, plant.pv());
            rig.tick();
            plant.step(rig.actuator.lastValue());
        }
        rig.mode(Mode.AUTO);
        rig.autotuneStart();
        final List<Double> commands = new ArrayList<>();
        for (int i = 0; i < 60_000 && rig.loop.mode() != Mode.SAFE; i++)
        {
            rig.publish(LoopRig.PV, plant.pv());
            rig.tick();
            commands.add(rig.actuator.lastValue());
            plant.step(rig.actuator.lastValue());
        }
        assertEquals(Mode.SAFE, rig.loop.mode());
        assertEquals(RelayAutotune.Status.ABORTED, rig.loop.autotune().status());
        assertEquals(RelayAutotune.AbortReason.OUT_OF_BOUND, rig.loop.autotune().abortReason());
        assertEquals(SAFE, rig.actuator.lastValue());
        assertTrue(commands.contains(0.8), "the relay stepped to 0.5 + 0.3 before the abort");
        assertTrue(Math.abs(plant.pv() - 1.0) <= 0.05 + 0.01, "aborted as soon as the PV left 1.0 +- 0.05, at " + plant.pv());
    }

    @Test
    void shouldGoSafeWhenTheWatchdogSeesAStalledAgent()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 4.0, 0L);
        final AtomicCounter heartbeat = rig.countersManager.newCounter("acquisition cycles");
        rig.loop.watchdog(new Watchdog(rig.counters.overruns(), 3, new AtomicCounter[] {heartbeat}, new String[] {"acq"}, 100_000_000L));
        for (int i = 0; i < 30; i++)
        {
            rig.publish(LoopRig.PV, 3.0);
            heartbeat.increment();
            rig.tick();
        }
        assertEquals(Mode.AUTO, rig.loop.mode());
        for (int i = 0; i < 12; i++)
        {
            rig.publish(LoopRig.PV, 3.0); // values still fresh, but the agent's heartbeat stopped
            rig.tick();
        }
        assertEquals(Mode.SAFE, rig.loop.mode());
        assertEquals(SAFE, rig.actuator.lastValue());
    }

    @Test
    void shouldHoldSafeDuringStartupGraceAndTripAfterItWithoutData()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 4.0, 100_000_000L);
        for (int i = 0; i < 9; i++)
        {
            rig.tick();
            assertEquals(Mode.AUTO, rig.loop.mode());
            assertEquals(SAFE, rig.actuator.lastValue());
        }
        for (int i = 0; i < 3; i++)
        {
            rig.tick();
        }
        assertEquals(Mode.SAFE, rig.loop.mode());
        assertEquals(TransitionCause.SENSOR, rig.loop.tripCause());
    }

    @Test
    void shouldTransferBumplesslyFromManualToAutoThroughTheLoop()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 4.0, 0L);
        rig.mode(Mode.MANUAL);
        rig.manualOutput(0.42);
        for (int i = 0; i < 20; i++)
        {
            rig.publish(LoopRig.PV, 3.0);
            rig.tick();
        }
        assertEquals(0.42, rig.actuator.lastValue());
        rig.mode(Mode.AUTO);
        rig.publish(LoopRig.PV, 3.0);
        rig.tick();
        assertEquals(Mode.AUTO, rig.loop.mode());
        assertEquals(0.42, rig.actuator.lastValue(), 1e-12, "no jump at the switch");
        final List<String> log = new ArrayList<>();
        rig.transitions.drain((t, l, from, to, cause, detail, ok, source, id) -> log.add(from + "->" + to + " " + cause));
        assertEquals(List.of("AUTO->MANUAL OPERATOR", "MANUAL->AUTO OPERATOR"), log);
    }

    /** A block that returns NaN. */
    private static final class NanController implements LoopController
    {
        @Override
        public int inputCount()
        {
            return 1;
        }

        @Override
        public double update(final long nowNs, final double dtS, final double setpoint, final double[] inputs)
        {
            return Double.NaN;
        }

        @Override
        public void track(final double output, final double setpoint, final double[] inputs)
        {
        }

        @Override
        public void reset()
        {
        }
    }
}
