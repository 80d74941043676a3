package io.ironloop.control.output;

import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.hal.bus.BusResult;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control tick writes the output image; the actuator's bus agent writes the actuator. */
class OutputFlushTest
{
    private static final long PERIOD_NS = OutputRig.PERIOD_NS;

    @Test
    void shouldNeverCallTheActuatorDuringTheControlTick() throws Exception
    {
        final OutputRig rig = OutputRig.lockstep();
        final VirtualClock clock = (VirtualClock)rig.clock;
        rig.sensor.onStart();
        rig.bus.onStart();
        rig.control.onStart();
        for (int i = 0; i < 100; i++)
        {
            rig.sensor.doWork();
            rig.bus.doWork();
            final long before = rig.actuator.calls();
            rig.control.doWork();
            assertEquals(before, rig.actuator.calls(), "the tick only writes memory");
            assertEquals(1, rig.bus.doWork(), "the bus agent writes the new command");
            assertEquals(rig.loop.output(), rig.actuator.lastValue());
            clock.advanceBy(PERIOD_NS);
        }
        assertTrue(rig.actuator.lastValue() > OutputRig.SAFE, "the loop was driving the output");
    }

    @Test
    void shouldWriteActuatorsOnlyFromTheBusAgentThreadWhenAgentsRunOnThreads() throws Exception
    {
        final OutputRig rig = new OutputRig(new SystemNanoClock(), 5_000_000_000L);
        final AgentRunner sensor = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null, rig.sensor);
        final AgentRunner bus = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null, rig.bus);
        final AgentRunner control = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null, rig.control);
        try (sensor; bus; control)
        {
            AgentRunner.startOnThread(sensor);
            AgentRunner.startOnThread(bus);
            AgentRunner.startOnThread(control, task ->
            {
                final Thread thread = new Thread(task, "control");
                rig.actuator.forbid(thread);
                return thread;
            });
            final long callsAtStart = rig.actuator.calls();
            await().atMost(10, TimeUnit.SECONDS).until(() -> rig.actuator.calls() >= callsAtStart + 20 && rig.actuator.lastValue() > 0.0);
        }
        assertFalse(rig.actuator.calledFromForbidden(), "the control thread never called the actuator");
    }

    @Test
    void shouldLookForNewCommandsEveryQuarterPeriodOnTheRealClock()
    {
        final long[] nowNs = {0L};
        final OutputRig rig = new OutputRig(() -> nowNs[0]);
        rig.bus.onStart();
        rig.bus.doWork();
        assertEquals(PERIOD_NS / 4, rig.bus.nextDeadlineNs(), "a bus without sensors still wakes for its outputs");
        rig.channel.command(0.3);
        assertEquals(0L, rig.bus.nextDeadlineNs(), "a waiting command is work now");
        nowNs[0] = PERIOD_NS / 4;
        assertEquals(1, rig.bus.doWork());
        assertEquals(0.3, rig.actuator.lastValue());
    }

    @Test
    void shouldFlushTheCommandedValueInLockstep()
    {
        final OutputRig rig = OutputRig.lockstep();
        try (LockstepRunner runner = new LockstepRunner((VirtualClock)rig.clock, rig.agents()))
        {
            runner.runFor(500_000_000L);
        }
        assertEquals(Mode.AUTO, rig.loop.mode());
        assertTrue(rig.loop.output() > OutputRig.SAFE);
        assertEquals(rig.loop.output(), rig.actuator.lastValue(), "the plant gets this tick's command at this tick's time");
        assertEquals(rig.channel.commanded(), rig.actuator.lastValue());
    }

    @Test
    void shouldReplayTheSameWritesBitForBit()
    {
        final OutputRig first = OutputRig.lockstep();
        final OutputRig second = OutputRig.lockstep();
        for (final OutputRig rig : new OutputRig[] {first, second})
        {
            try (LockstepRunner runner = new LockstepRunner((VirtualClock)rig.clock, rig.agents()))
            {
                runner.runFor(2_000_000_000L);
            }
        }
        assertTrue(first.actuator.calls() > 100);
        assertEquals(first.actuator.calls(), second.actuator.calls());
        assertEquals(first.actuator.checksum(), second.actuator.checksum());
    }

    @Test
    void shouldHoldTheSafeValueWhileLatchedAndSendTheLoopSafeUntilAReset()
    {
        final OutputRig rig = OutputRig.lockstep();
        try (LockstepRunner runner = new LockstepRunner((VirtualClock)rig.clock, rig.agents()))
        {
            runner.runFor(500_000_000L);
            final double driving = rig.actuator.lastValue();
            assertTrue(driving > OutputRig.SAFE);

            rig.channel.latch(OutputChannel.LATCH_OPERATOR);
            runner.runFor(PERIOD_NS);
            assertEquals(OutputRig.SAFE, rig.actuator.lastValue(), "latched: the safe value, whatever the loop computed");
            assertEquals(Mode.SAFE, rig.loop.mode());
            assertEquals(TransitionCause.OUTPUT_LATCHED, rig.lastSafeCause());

            runner.runFor(200_000_000L);
            assertEquals(Mode.SAFE, rig.loop.mode(), "a latch holds without a reset");
            assertEquals(OutputRig.SAFE, rig.actuator.lastValue());

            rig.reset();
            runner.runFor(200_000_000L);
            assertEquals(Mode.AUTO, rig.loop.mode());
            assertFalse(rig.channel.latched());
            assertTrue(rig.actuator.lastValue() > OutputRig.SAFE);
        }
    }

    @Test
    void shouldLatchTheOutputWhenItsLoopTrips()
    {
        final OutputRig rig = OutputRig.lockstep();
        try (LockstepRunner runner = new LockstepRunner((VirtualClock)rig.clock, rig.agents()))
        {
            runner.runFor(300_000_000L);
            rig.frozenControl.frozen = false;
            rig.mode(Mode.SAFE);
            runner.runFor(PERIOD_NS);
            assertEquals(Mode.SAFE, rig.loop.mode());
            assertEquals(OutputChannel.LATCH_LOOP, rig.channel.latchReasons());
            assertEquals(OutputRig.SAFE, rig.actuator.lastValue());
        }
    }

    @Test
    void shouldFaultTheOutputAfterThreeFailedWritesAndSendItsLoopSafe()
    {
        final OutputRig rig = OutputRig.lockstep();
        final VirtualClock clock = (VirtualClock)rig.clock;
        try (LockstepRunner runner = new LockstepRunner(clock, rig.agents()))
        {
            runner.runFor(200_000_000L);
            assertEquals(Mode.AUTO, rig.loop.mode());
            rig.actuator.answer(BusResult.NACK);
            // Each tick commands a new value, and the bus agent's write of it fails.
            runner.runFor(PERIOD_NS);
            runner.runFor(PERIOD_NS);
            assertEquals(2, rig.writeFailures.get());
            assertEquals(Mode.AUTO, rig.loop.mode(), "two failures in a row are not yet a fault");
            runner.runFor(PERIOD_NS);
            assertTrue(rig.channel.faulted());
            assertEquals(OutputChannel.STATUS_FAULT, rig.status.get());
            runner.runFor(PERIOD_NS);
            assertEquals(Mode.SAFE, rig.loop.mode(), "the loop reads its output's fault at its next tick");
            assertEquals(TransitionCause.OUTPUT_FAULT, rig.lastSafeCause());
            assertEquals(OutputRig.SAFE, rig.actuator.lastAttempted(), "and the bus agent now tries the safe value");

            rig.reset();
            runner.runFor(PERIOD_NS);
            assertEquals(Mode.SAFE, rig.loop.mode(), "no reset while the writes still fail");

            rig.actuator.answer(0);
            runner.runFor(PERIOD_NS);
            assertEquals(OutputRig.SAFE, rig.actuator.lastValue());
            rig.reset();
            runner.runFor(100_000_000L);
            assertEquals(Mode.AUTO, rig.loop.mode(), "the device answers again: a reset is accepted");
            assertTrue(rig.actuator.lastValue() > OutputRig.SAFE);
        }
    }

    @Test
    void shouldForceOutputsSafeWhenTheControlAgentStopsCycling()
    {
        final OutputRig rig = OutputRig.lockstep();
        try (LockstepRunner runner = new LockstepRunner((VirtualClock)rig.clock, rig.agents()))
        {
            runner.runFor(500_000_000L);
            assertTrue(rig.actuator.lastValue() > OutputRig.SAFE);

            rig.frozenControl.frozen = true;
            runner.runFor(OutputFlush.MIN_STALL_NS / 2);
            assertFalse(rig.channel.latched(), "a short pause is not a stall");
            runner.runFor(OutputFlush.MIN_STALL_NS);
            assertEquals(OutputChannel.LATCH_LAST_RESORT, rig.channel.latchReasons());
            assertEquals(OutputRig.SAFE, rig.actuator.lastValue(), "the bus agent wrote the safe value itself");
            assertEquals(1, rig.lastResorts.get());

            rig.frozenControl.frozen = false;
            runner.runFor(100_000_000L);
            assertEquals(Mode.SAFE, rig.loop.mode(), "the loop that comes back finds its output latched");
            assertEquals(OutputRig.SAFE, rig.actuator.lastValue());
            rig.reset();
            runner.runFor(100_000_000L);
            assertEquals(Mode.AUTO, rig.loop.mode());
        }
    }

    @Test
    void shouldNotTakeAPauseOfTheWholeProcessForAStalledControlAgent()
    {
        final long[] nowNs = {0L};
        final OutputRig rig = new OutputRig(() -> nowNs[0]);
        rig.bus.onStart();
        rig.bus.doWork();
        // Neither the bus agent nor the control agent ran for 150 ms (a stop of the JVM); the bus agent wakes first.
        nowNs[0] = 150_000_000L;
        rig.bus.doWork();
        assertFalse(rig.channel.latched(), "the bus agent was stopped too: no evidence against the control agent");
        // From now on the bus agent runs on time and the control agent still does not cycle.
        while (nowNs[0] < 400_000_000L && !rig.channel.latched())
        {
            nowNs[0] = rig.bus.nextDeadlineNs();
            rig.bus.doWork();
        }
        assertTrue(rig.channel.latched());
        assertTrue(nowNs[0] > 200_000_000L, "about a stall limit after the bus agent came back, not at once: " + nowNs[0]);
    }

    @Test
    void shouldForceOutputsSafeWhenTheControlAgentNeverRuns()
    {
        final OutputRig rig = OutputRig.lockstep();
        rig.channel.command(0.8);
        rig.frozenControl.frozen = true;
        try (LockstepRunner runner = new LockstepRunner((VirtualClock)rig.clock, rig.agents()))
        {
            runner.runFor(10_000_000L);
            assertEquals(0.8, rig.actuator.lastValue());
            runner.runFor(OutputFlush.MIN_STALL_NS);
            assertTrue(rig.channel.latched());
            assertEquals(OutputRig.SAFE, rig.actuator.lastValue());
        }
        assertNull(rig.lastSafeCause());
        assertNotEquals(0, rig.lastResorts.get());
    }
}
