package io.ironloop.control.runtime;

import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.Pid;
import io.ironloop.control.block.RampSoakProgram;
import io.ironloop.control.block.RelayAutotune;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one ordered command path: commands applied in order at the top of a tick, each answered. */
class CommandPathTest
{
    private static final double SAFE = 0.0;

    private static Pid pid()
    {
        return new Pid(0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0);
    }

    /** A loop in AUTO with a high interlock at 9.0 on its measurement, run for a while on a PV of 3.0. */
    private static LoopRig running()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 4.0, 0L);
        rig.loop.interlocks(new Interlock("over-pressure", Interlock.Kind.HIGH, LoopRig.PV, 9.0, 0L, 50_000_000L, 0L));
        ticks(rig, 3.0, 20);
        return rig;
    }

    private static void ticks(final LoopRig rig, final double pv, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            rig.publish(LoopRig.PV, pv);
            rig.tick();
        }
    }

    private static List<String> drain(final LoopRig rig)
    {
        final List<String> log = new ArrayList<>();
        rig.transitions.drain((t, l, from, to, cause, detail, ok, source, id) ->
            log.add(from + "->" + to + " " + cause + (ok ? "" : " refused") + " by " + source + " " + id));
        return log;
    }

    @Test
    void shouldStayOffWhenResetFromOff()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 4.0, 0L);
        rig.loop.startMode(Mode.OFF);
        ticks(rig, 3.0, 5);
        final long reset = rig.reset();
        ticks(rig, 3.0, 5);
        assertEquals(CommandAnswer.NOT_LATCHED, rig.answer(reset), "a reset of a loop that is not SAFE asks for nothing");
        assertEquals(Mode.OFF, rig.loop.mode());
        assertEquals(SAFE, rig.actuator.lastValue());
    }

    @Test
    void shouldResetATripToOffByDefaultAndToTheConfiguredModeOtherwise()
    {
        for (final Mode resetTo : new Mode[] {null, Mode.MANUAL, Mode.AUTO})
        {
            final LoopRig rig = running();
            if (resetTo != null)
            {
                rig.loop.resetTo(resetTo);
            }
            ticks(rig, 9.5, 1);
            assertEquals(Mode.SAFE, rig.loop.mode());

            final long refused = rig.reset();
            ticks(rig, 9.5, 1);
            assertEquals(CommandAnswer.TRIP_PERSISTS, rig.answer(refused));
            assertEquals(Mode.SAFE, rig.loop.mode());

            final long reset = rig.reset();
            ticks(rig, 3.0, 1);
            assertEquals(CommandAnswer.ACCEPTED, rig.answer(reset));
            assertEquals(resetTo == null ? Mode.OFF : resetTo, rig.loop.mode());
            if (resetTo != Mode.AUTO)
            {
                assertEquals(SAFE, rig.actuator.lastValue(), "a reset to " + rig.loop.mode() + " starts nothing");
            }
        }
    }

    @Test
    void shouldApplyModeAndResetInOneTickExactlyAsAcrossTwoTicks()
    {
        final List<List<String>> logs = new ArrayList<>();
        final List<List<CommandAnswer>> answers = new ArrayList<>();
        for (final boolean oneTick : new boolean[] {true, false})
        {
            final LoopRig rig = running();
            ticks(rig, 9.5, 1);
            ticks(rig, 3.0, 1);
            drain(rig);

            // AUTO before the reset is refused (SAFE is left only by a reset); the reset then goes to OFF; AUTO after it is taken.
            final List<Long> tickets = new ArrayList<>();
            tickets.add(rig.mode(Mode.AUTO));
            if (!oneTick)
            {
                ticks(rig, 3.0, 1);
            }
            tickets.add(rig.reset());
            if (!oneTick)
            {
                ticks(rig, 3.0, 1);
            }
            tickets.add(rig.mode(Mode.AUTO));
            ticks(rig, 3.0, 1);
            assertEquals(Mode.AUTO, rig.loop.mode());
            final List<CommandAnswer> got = new ArrayList<>();
            tickets.forEach(ticket -> got.add(rig.answer(ticket)));
            answers.add(got);
            logs.add(drain(rig));
        }
        assertEquals(List.of(CommandAnswer.NOT_ALLOWED, CommandAnswer.ACCEPTED, CommandAnswer.ACCEPTED), answers.get(0));
        assertEquals(answers.get(0), answers.get(1));
        assertEquals(List.of("SAFE->AUTO OPERATOR refused by LOCAL 1", "SAFE->OFF RESET by LOCAL 1", "OFF->AUTO OPERATOR by LOCAL 1"),
            logs.get(0));
        assertEquals(logs.get(0), logs.get(1));
    }

    @Test
    void shouldRejectAnAutotuneRequestMadeOutsideAutoAndNeverStartItLater()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 1.0, 0L);
        rig.loop.autotune(new RelayAutotune(RelayAutotune.Rule.ZIEGLER_NICHOLS, 0.3, 0.0, 0.0, 0.5, 600_000_000_000L, 4, 0.0, 1.0, SAFE));
        rig.mode(Mode.MANUAL);
        rig.manualOutput(0.5);
        ticks(rig, 1.0, 10);
        final long stale = rig.autotuneStart();
        ticks(rig, 1.0, 1);
        assertEquals(CommandAnswer.WRONG_MODE, rig.answer(stale));

        rig.mode(Mode.AUTO);
        ticks(rig, 1.0, 5_000);
        assertEquals(Mode.AUTO, rig.loop.mode());
        assertEquals(RelayAutotune.Status.IDLE, rig.loop.autotune().status(), "the request made in MANUAL never fires in AUTO");

        final long fresh = rig.autotuneStart();
        ticks(rig, 1.0, 1);
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(fresh));
        assertEquals(RelayAutotune.Status.RUNNING, rig.loop.autotune().status());
    }

    @Test
    void shouldRejectASetpointOutsideItsRangeAndLeaveTheLoopUnchanged()
    {
        final LoopRig rig = running();
        rig.loop.setpointRange(1.0, 6.0);
        final double outputBefore = rig.actuator.lastValue();
        final long high = rig.setpoint(6.5);
        final long low = rig.setpoint(0.5);
        assertEquals(CommandAnswer.PENDING, rig.answer(high), "the tick answers, not the submission");
        ticks(rig, 3.0, 1);
        assertEquals(CommandAnswer.SETPOINT_OUT_OF_RANGE, rig.answer(high));
        assertEquals(CommandAnswer.SETPOINT_OUT_OF_RANGE, rig.answer(low));
        assertEquals(4.0, rig.loop.setpoint());
        assertEquals(Mode.AUTO, rig.loop.mode());
        assertTrue(Math.abs(rig.actuator.lastValue() - outputBefore) < 0.05, "still controlling toward 4.0");

        final long good = rig.setpoint(5.0);
        ticks(rig, 3.0, 1);
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(good));
        assertEquals(5.0, rig.loop.setpoint());
    }

    @Test
    void shouldRejectASetpointToALoopRunningAProgram()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 1.0, 0L);
        rig.loop.program(new RampSoakProgram(new double[] {1.0}, new double[] {5.0}, new double[] {10.0}, 0.0));
        ticks(rig, 1.0, 10);
        final long ticket = rig.setpoint(2.0);
        ticks(rig, 1.0, 1);
        assertEquals(CommandAnswer.PROGRAM_RUNNING, rig.answer(ticket));
        assertTrue(rig.loop.setpoint() > 1.0, "the program still ramps the setpoint: " + rig.loop.setpoint());
    }

    @Test
    void shouldRejectAdvisedWithoutAnAdvisor()
    {
        final LoopRig rig = running();
        final long ticket = rig.mode(Mode.ADVISED);
        ticks(rig, 3.0, 1);
        assertEquals(CommandAnswer.NO_ADVISOR, rig.answer(ticket));
        assertEquals(Mode.AUTO, rig.loop.mode());
    }

    @Test
    void shouldRejectAManualOutputOutsideTheRangeOrOutsideManual()
    {
        final LoopRig rig = running();
        final long notManual = rig.manualOutput(0.3);
        ticks(rig, 3.0, 1);
        assertEquals(CommandAnswer.WRONG_MODE, rig.answer(notManual));
        rig.mode(Mode.MANUAL);
        final long tooHigh = rig.manualOutput(1.5);
        final long good = rig.manualOutput(0.3);
        ticks(rig, 3.0, 1);
        assertEquals(CommandAnswer.OUTPUT_OUT_OF_RANGE, rig.answer(tooHigh));
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(good));
        assertEquals(0.3, rig.actuator.lastValue());
    }

    @Test
    void shouldAcknowledgeOnlyALatchedTripAndRecordWhoDid()
    {
        final LoopRig rig = running();
        final long early = rig.agent.commands().acknowledge(CommandSource.PAGE, 4, 0);
        ticks(rig, 3.0, 1);
        ticks(rig, 9.5, 1);
        drain(rig);
        final long ack = rig.agent.commands().acknowledge(CommandSource.PAGE, 4, 0);
        ticks(rig, 9.5, 1);
        assertEquals(CommandAnswer.NOT_LATCHED, rig.answer(early));
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(ack));
        assertEquals(List.of("SAFE->SAFE ACKNOWLEDGE by PAGE 4"), drain(rig));
        assertEquals(Mode.SAFE, rig.loop.mode(), "an acknowledgement is no reset");
    }

    @Test
    void shouldLetASubmitterOnAnotherThreadAwaitTheAnswer() throws Exception
    {
        final LoopRig rig = running();
        final CountDownLatch submitted = new CountDownLatch(1);
        final AtomicLong ticket = new AtomicLong();
        final AtomicReference<CommandAnswer> answer = new AtomicReference<>();
        final Thread mqtt = new Thread(() ->
        {
            ticket.set(rig.agent.commands().setpoint(CommandSource.MQTT, 9, 0, 5.0));
            submitted.countDown();
            answer.set(rig.agent.commands().await(ticket.get(), TimeUnit.SECONDS.toNanos(30)));
        });
        mqtt.start();
        assertTrue(submitted.await(30, TimeUnit.SECONDS));
        ticks(rig, 3.0, 1);
        mqtt.join(30_000);
        assertEquals(CommandAnswer.ACCEPTED, answer.get());
        assertEquals(5.0, rig.loop.setpoint());
    }

    @Test
    void shouldKeepALatchedSafeWhenATripIsRestoredAtStartUp()
    {
        final LoopRig rig = new LoopRig(pid(), SAFE, 4.0, 0L);
        rig.loop.restoreLatch(TransitionCause.INTERLOCK, 0);
        ticks(rig, 3.0, 10);
        assertEquals(Mode.SAFE, rig.loop.mode(), "a latch from the last run holds after a restart");
        assertEquals(SAFE, rig.actuator.lastValue());
        final long reset = rig.reset();
        ticks(rig, 3.0, 1);
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(reset));
        assertEquals(Mode.OFF, rig.loop.mode());
    }
}
