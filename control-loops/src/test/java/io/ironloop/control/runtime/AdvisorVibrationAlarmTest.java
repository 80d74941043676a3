package io.ironloop.control.runtime;

import io.ironloop.control.advice.AdvisorAgent;
import io.ironloop.control.advice.AdvisorCounters;
import io.ironloop.control.advice.AdvisorStatus;
import io.ironloop.control.block.Pid;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.loop.AdviceSlot;
import io.ironloop.control.loop.SafetyEnvelope;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.vibration.VibrationStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vibration alarm is advice: it raises the advisor's alarm and, where the machine file asks for it, the one
 * mode request advice may make (ADVISED to AUTO), through the loop's advice slot and safety envelope. It never
 * changes a loop in any other mode, and never touches the output.
 */
class AdvisorVibrationAlarmTest
{
    private static final long MS = 1_000_000L;
    private static final double SETPOINT = 4.0;

    private final LoopRig rig = new LoopRig(new Pid(0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0), 0.0, SETPOINT, 0L);
    private final AdviceSlot slot = new AdviceSlot();
    private final SafetyEnvelope envelope = new SafetyEnvelope(-0.5, 0.5, 1_000 * MS);
    private final AdvisorCounters counters = new AdvisorCounters(
        rig.countersManager.newCounter("advisor runs"), rig.countersManager.newCounter("advisor model errors"),
        rig.countersManager.newCounter("advisor invalid outputs"), rig.countersManager.newCounter("advisor not ready"),
        rig.countersManager.newCounter("anomaly"), rig.countersManager.newCounter("health"),
        rig.countersManager.newCounter("rul"), rig.countersManager.newCounter("alarm"));
    private final AdvisorAgentTest.ScriptedModel model = new AdvisorAgentTest.ScriptedModel();
    private final VibrationStatus bearing = new VibrationStatus("drive_end");
    private final VibrationStatus.Snapshot findings = new VibrationStatus.Snapshot();

    private AdvisorAgent advisor(final boolean fallback)
    {
        rig.loop.advisor(slot, envelope).setpointRange(0.0, 6.0);
        final AdvisorAgent advisor = new AdvisorAgent(rig.clock, 100 * MS, 250 * MS, rig.image, new int[] {LoopRig.PV}, new long[] {50 * MS},
            model, new AdvisorAgent.Target[] {new AdvisorAgent.Target("test", slot, 1)}, new AdvisorAgent.Outputs(0, AdvisorAgent.UNMAPPED, 2, 3),
            null, counters, new AdvisorStatus());
        advisor.watch(new VibrationStatus[] {bearing}, fallback);
        return advisor;
    }

    private void tick(final AdvisorAgent advisor)
    {
        rig.publish(LoopRig.PV, 3.0);
        advisor.doWork();
        rig.tick();
    }

    private void vibrationAlarm(final boolean on)
    {
        findings.learning = false;
        findings.alarm = on;
        bearing.write(findings);
    }

    private void runFor(final AdvisorAgent advisor, final int ticks)
    {
        for (int i = 0; i < ticks; i++)
        {
            tick(advisor);
        }
    }

    @Test
    void shouldRaiseTheAdvisorAlarmOnAVibrationAlarm()
    {
        final AdvisorAgent advisor = advisor(false);
        runFor(advisor, 200);
        assertEquals(0, counters.alarm().get());
        vibrationAlarm(true);
        runFor(advisor, 200);
        assertEquals(1, counters.alarm().get(), "the bearing's alarm is the advisor's alarm");
        final AdvisorStatus.Snapshot status = new AdvisorStatus.Snapshot();
        assertTrue(advisor.status().read(status) && status.alarm);
        assertEquals(Mode.AUTO, rig.loop.mode(), "an alarm without 'fallback' asks nothing of the loop");
        vibrationAlarm(false);
        runFor(advisor, 200);
        assertEquals(0, counters.alarm().get());
    }

    @Test
    void shouldAskAnAdvisedLoopToFallBackOnlyThroughItsAdviceSlot()
    {
        final AdvisorAgent advisor = advisor(true);
        final long ticket = rig.mode(Mode.ADVISED);
        runFor(advisor, 200);
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(ticket));
        assertEquals(Mode.ADVISED, rig.loop.mode());
        vibrationAlarm(true);
        runFor(advisor, 200);
        assertEquals(Mode.AUTO, rig.loop.mode(), "the one mode request advice may make: ADVISED to AUTO");
        final AdviceSlot.Advice advice = new AdviceSlot.Advice();
        assertTrue(slot.read(advice) && advice.requestsAuto(), "the request went through the advice slot");
        rig.mode(Mode.MANUAL);
        runFor(advisor, 200);
        assertEquals(Mode.MANUAL, rig.loop.mode(), "a vibration alarm never changes a loop outside ADVISED");
        assertFalse(rig.loop.mode() == Mode.SAFE);
    }
}
