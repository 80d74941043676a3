package io.ironloop.control.runtime;

import io.ironloop.control.advice.AdvisorAgent;
import io.ironloop.control.advice.AdvisorCounters;
import io.ironloop.control.advice.AdvisorStatus;
import io.ironloop.control.advice.Model;
import io.ironloop.control.advice.RemainingLife;
import io.ironloop.control.advice.RobustZScoreModel;
import io.ironloop.control.block.Pid;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.loop.AdviceSlot;
import io.ironloop.control.loop.SafetyEnvelope;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.mode.TransitionLog;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advisor agent against a real loop on a real control agent (lockstep, virtual clock): advice is clamped,
 * expires within one tick, is used only in ADVISED; NaN, a throwing model and a stalled advisor thread are
 * counted and the loop falls back to its deterministic setpoint within one tick.
 */
class AdvisorAgentTest
{
    private static final long MS = 1_000_000L;
    private static final long ADVISOR_PERIOD_NS = 100 * MS;
    private static final long EXPIRY_NS = 250 * MS;
    private static final double SETPOINT = 4.0;

    private final LoopRig rig = new LoopRig(new Pid(0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0), 0.0, SETPOINT, 0L);
    private final AdviceSlot slot = new AdviceSlot();
    private final AtomicCounter ignored = rig.countersManager.newCounter("advice ignored");
    private final AtomicCounter clamped = rig.countersManager.newCounter("advice clamped");
    private final SafetyEnvelope envelope = new SafetyEnvelope(-0.5, 0.5, 1_000 * MS).counters(ignored, clamped);
    private final AdvisorCounters counters = new AdvisorCounters(
        rig.countersManager.newCounter("advisor runs"), rig.countersManager.newCounter("advisor model errors"),
        rig.countersManager.newCounter("advisor invalid outputs"), rig.countersManager.newCounter("advisor not ready"),
        rig.countersManager.newCounter("anomaly"), rig.countersManager.newCounter("health"),
        rig.countersManager.newCounter("rul"), rig.countersManager.newCounter("alarm"));
    private final ScriptedModel scripted = new ScriptedModel();
    private AgentRunner runner;

    @AfterEach
    void stopThread()
    {
        if (runner != null)
        {
            runner.close();
        }
    }

    /** Outputs: 0 score, 1 trim, 2 alarm, 3 fallback; what the test sets, or a throw. */
    static final class ScriptedModel implements Model
    {
        volatile double trim;
        volatile double score;
        volatile boolean fallback;
        volatile boolean fail;
        int stallFromRun = Integer.MAX_VALUE;
        int runs;
        CountDownLatch stalled;
        CountDownLatch release;

        @Override
        public int inputCount()
        {
            return 1;
        }

        @Override
        public int outputCount()
        {
            return 4;
        }

        @Override
        public void evaluate(final long nowNs, final double[] inputs, final double[] outputs)
        {
            if (++runs >= stallFromRun)
            {
                stalled.countDown();
                try
                {
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            if (fail)
            {
                throw new IllegalStateException("model bug");
            }
            outputs[0] = score;
            outputs[1] = trim;
            outputs[2] = score > 3 ? 1 : 0;
            outputs[3] = fallback ? 1 : 0;
        }
    }

    private AdvisorAgent advisor(final Model model, final org.agrona.concurrent.NanoClock clock)
    {
        rig.loop.advisor(slot, envelope).setpointRange(0.0, 6.0);
        return new AdvisorAgent(clock, ADVISOR_PERIOD_NS, EXPIRY_NS, rig.image, new int[] {LoopRig.PV}, new long[] {50 * MS},
            model, new AdvisorAgent.Target[] {new AdvisorAgent.Target("test", slot, 1)}, new AdvisorAgent.Outputs(0, AdvisorAgent.UNMAPPED, 2, 3),
            null, counters, new AdvisorStatus());
    }

    /** One control tick with the advisor run first when it is due (lockstep, as the runner does). */
    private void tick(final AdvisorAgent advisor)
    {
        rig.publish(LoopRig.PV, 3.0);
        if (advisor != null)
        {
            advisor.doWork();
        }
        rig.tick();
    }

    private void advised(final AdvisorAgent advisor)
    {
        final long ticket = rig.mode(Mode.ADVISED);
        tick(advisor);
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(ticket));
        assertEquals(Mode.ADVISED, rig.loop.mode());
    }

    @Test
    void shouldClampTheTrimToTheEnvelopeAndCountIt()
    {
        final AdvisorAgent advisor = advisor(scripted, rig.clock);
        scripted.trim = 2.0;
        advised(advisor);
        tick(advisor);
        assertEquals(SETPOINT + 0.5, rig.loop.activeSetpoint(), 1e-12, "trim 2.0 clamped to the envelope's 0.5");
        assertTrue(clamped.get() >= 1, "clamped advice counted in the counters file");
        scripted.trim = -0.2;
        for (int i = 0; i < 10; i++)
        {
            tick(advisor);
        }
        assertEquals(SETPOINT - 0.2, rig.loop.activeSetpoint(), 1e-12, "inside the bounds: used as it is");
    }

    @Test
    void shouldFallBackInTheTickTheAdviceExpires()
    {
        final AdvisorAgent advisor = advisor(scripted, rig.clock);
        scripted.trim = 0.3;
        advised(advisor);
        tick(advisor);
        assertEquals(SETPOINT + 0.3, rig.loop.activeSetpoint(), 1e-12);
        // The advisor stops (died): its last advice expires 250 ms after its last run.
        final AdviceSlot.Advice last = new AdviceSlot.Advice();
        assertTrue(slot.read(last));
        final long expiresNs = last.writtenAtNs() + EXPIRY_NS;
        assertEquals(expiresNs, last.expiresAtNs());
        while (rig.clock.nanoTime() < expiresNs)
        {
            tick(null);
            if (rig.clock.nanoTime() - LoopRig.PERIOD_NS < expiresNs)
            {
                assertEquals(SETPOINT + 0.3, rig.loop.activeSetpoint(), 1e-12, "still fresh before its expiry");
            }
        }
        tick(null);
        assertEquals(SETPOINT, rig.loop.activeSetpoint(), "the first tick at or after the expiry uses the deterministic setpoint");
        assertEquals(1, ignored.get(), "the expired advice counted once");
        assertEquals(Mode.ADVISED, rig.loop.mode(), "no advice is not a trip: the loop stays ADVISED on its own setpoint");
    }

    @Test
    void shouldCountNaNAdviceAndFallBackAtTheNextTick()
    {
        final AdvisorAgent advisor = advisor(scripted, rig.clock);
        scripted.trim = 0.3;
        advised(advisor);
        tick(advisor);
        assertEquals(SETPOINT + 0.3, rig.loop.activeSetpoint(), 1e-12);
        while (advisor.nextDeadlineNs() > rig.clock.nanoTime())
        {
            tick(null);
        }
        scripted.trim = Double.NaN;
        tick(advisor);
        assertEquals(SETPOINT, rig.loop.activeSetpoint(), "the tick right after the NaN run is deterministic");
        assertEquals(1, counters.invalidOutputs().get());
        assertEquals(1, ignored.get(), "the withdrawn advice ignored once by the envelope");
        scripted.score = -1.0;
        scripted.trim = 0.1;
        while (advisor.nextDeadlineNs() > rig.clock.nanoTime())
        {
            tick(null);
        }
        tick(advisor);
        assertEquals(SETPOINT, rig.loop.activeSetpoint(), "a negative anomaly score is out of range: the whole run is withdrawn");
        assertEquals(2, counters.invalidOutputs().get());
    }

    @Test
    void shouldContainAThrowingModelAndRecoverWhenItScoresAgain()
    {
        final AdvisorAgent advisor = advisor(scripted, rig.clock);
        scripted.trim = 0.3;
        advised(advisor);
        tick(advisor);
        while (advisor.nextDeadlineNs() > rig.clock.nanoTime())
        {
            tick(null);
        }
        scripted.fail = true;
        tick(advisor);
        assertEquals(SETPOINT, rig.loop.activeSetpoint(), "deterministic in the tick after the throw");
        assertEquals(1, counters.modelErrors().get());
        scripted.fail = false;
        for (int i = 0; i < 20; i++)
        {
            tick(advisor);
        }
        assertEquals(SETPOINT + 0.3, rig.loop.activeSetpoint(), 1e-12, "the agent ran on: fresh advice is used again");
        assertEquals(Mode.ADVISED, rig.loop.mode());
    }

    @Test
    void shouldFallBackWithinOneTickWhenTheAdvisorThreadStalls() throws InterruptedException
    {
        final AtomicLong advisorTime = new AtomicLong(rig.clock.nanoTime());
        final AdvisorAgent advisor = advisor(scripted, advisorTime::get);
        scripted.trim = 0.3;
        scripted.stallFromRun = 2;
        scripted.stalled = new CountDownLatch(1);
        scripted.release = new CountDownLatch(1);
        advised(null);
        runner = new AgentRunner(new BusySpinIdleStrategy(), Throwable::printStackTrace, null, advisor);
        AgentRunner.startOnThread(runner);
        // First run on the advisor thread, at the current time: wait for its advice to land in the slot.
        final AdviceSlot.Advice last = new AdviceSlot.Advice();
        final long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!slot.read(last) && System.nanoTime() - waitUntil < 0)
        {
            Thread.onSpinWait();
        }
        assertEquals(1, last.sequence(), "the advisor thread's first advice");
        tick(null);
        assertEquals(SETPOINT + 0.3, rig.loop.activeSetpoint(), 1e-12, "fresh advice from the advisor thread");
        // Its second run hangs inside the model: the thread is alive but stalled.
        advisorTime.set(last.writtenAtNs() + ADVISOR_PERIOD_NS);
        assertTrue(scripted.stalled.await(10, TimeUnit.SECONDS), "the advisor thread is stuck in its model");
        final long expiresNs = last.writtenAtNs() + EXPIRY_NS;
        while (rig.clock.nanoTime() - expiresNs < 0)
        {
            tick(null);
            assertEquals(SETPOINT + 0.3, rig.loop.activeSetpoint(), 1e-12, "still fresh before its expiry");
        }
        tick(null);
        assertEquals(SETPOINT, rig.loop.activeSetpoint(), "stalled advisor: deterministic in the tick its advice expires");
        assertEquals(Mode.ADVISED, rig.loop.mode());
        assertEquals(1, ignored.get(), "the expired advice counted");
        scripted.release.countDown();
    }

    @Test
    void shouldIgnoreAdviceOutsideAdvisedAndNeverChangeModeFromThere()
    {
        final AdvisorAgent advisor = advisor(scripted, rig.clock);
        scripted.trim = 0.5;
        scripted.fallback = true;
        for (int i = 0; i < 20; i++)
        {
            tick(advisor);
            assertEquals(SETPOINT, rig.loop.activeSetpoint(), "AUTO: advice is not used");
            assertEquals(Mode.AUTO, rig.loop.mode(), "a fallback request never takes a loop out of AUTO");
        }
        rig.mode(Mode.MANUAL);
        for (int i = 0; i < 20; i++)
        {
            tick(advisor);
            assertEquals(Mode.MANUAL, rig.loop.mode());
        }
        rig.publishFault(LoopRig.PV);
        rig.tick();
        assertEquals(Mode.SAFE, rig.loop.mode());
        for (int i = 0; i < 20; i++)
        {
            tick(advisor);
            assertEquals(Mode.SAFE, rig.loop.mode(), "advice never leaves SAFE");
        }
    }

    @Test
    void shouldFallBackFromAdvisedToAutoOnRequestOnceAndSayWhoAsked()
    {
        final AdvisorAgent advisor = advisor(scripted, rig.clock);
        scripted.trim = 0.3;
        advised(advisor);
        tick(advisor);
        scripted.fallback = true;
        while (advisor.nextDeadlineNs() > rig.clock.nanoTime())
        {
            tick(null);
        }
        tick(advisor);
        assertEquals(Mode.AUTO, rig.loop.mode(), "the one mode change advice may make");
        assertEquals(SETPOINT, rig.loop.activeSetpoint(), "deterministic in the same tick");
        final boolean[] seen = new boolean[1];
        rig.transitions.drain((timeNs, loop, from, to, cause, detail, accepted, source, sourceId) ->
        {
            if (cause == TransitionCause.ADVISOR_FALLBACK)
            {
                seen[0] = from == Mode.ADVISED && to == Mode.AUTO && accepted && source == CommandSource.ADVISOR;
            }
        });
        assertTrue(seen[0], "recorded as ADVISED -> AUTO by the advisor");
        // An operator puts it back; the same advice (not yet expired) does not throw it out again.
        advisedWithoutRun();
        assertEquals(Mode.ADVISED, rig.loop.mode());
    }

    private void run(final AdvisorAgent advisor, final double[] noise, final int ticks)
    {
        for (int i = 0; i < ticks; i++)
        {
            rig.publish(LoopRig.PV, noise[i & 4095]);
            advisor.doWork();
            rig.tick();
            if ((i & 1023) == 0)
            {
                rig.transitions.drain((t, l, f, to, c, d, a, src, sid) -> { });
            }
        }
    }

    private void advisedWithoutRun()
    {
        final long ticket = rig.mode(Mode.ADVISED);
        rig.publish(LoopRig.PV, 3.0);
        rig.tick();
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(ticket));
    }

    @Test
    void shouldPublishScoreAlarmHealthAndRemainingLife()
    {
        rig.loop.advisor(slot, envelope);
        final RobustZScoreModel model = new RobustZScoreModel(1, 50, 1e-3, 4.0, 2.0, 0.1, 20, 50.0);
        final AdvisorStatus status = new AdvisorStatus();
        final AdvisorAgent advisor = new AdvisorAgent(rig.clock, ADVISOR_PERIOD_NS, EXPIRY_NS, rig.image, new int[] {LoopRig.PV},
            new long[] {50 * MS}, model, new AdvisorAgent.Target[] {new AdvisorAgent.Target("test", slot, RobustZScoreModel.TRIM)},
            new AdvisorAgent.Outputs(RobustZScoreModel.SCORE, AdvisorAgent.UNMAPPED, RobustZScoreModel.ALARM, RobustZScoreModel.FALLBACK),
            new AdvisorAgent.Indicator(false, 0, new RemainingLife(3.0, 9.0, 100, 0L)), counters, status);
        final java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 60; i++)
        {
            rig.publish(LoopRig.PV, 3.0 + 0.05 * random.nextGaussian());
            advisor.doWork();
            rig.clock.advanceBy(ADVISOR_PERIOD_NS);
        }
        assertTrue(model.ready());
        assertEquals(50, counters.notReady().get(), "runs while learning counted");
        rig.publish(LoopRig.PV, 3.0 + 10 * model.scale(0));
        advisor.doWork();
        final AdvisorStatus.Snapshot snapshot = new AdvisorStatus.Snapshot();
        assertTrue(status.read(snapshot));
        assertEquals(10.0, snapshot.anomalyScore, 0.5);
        assertTrue(snapshot.alarm);
        assertEquals(1, counters.alarm().get());
        assertEquals(Math.round(snapshot.anomalyScore * 1000), counters.anomalyScoreMilli().get());
        assertTrue(snapshot.health > 0.8 && snapshot.health <= 1.0, "pressure 3 bar against a healthy level of 3: health near 1, got " + snapshot.health);
        assertEquals(Math.round(snapshot.health * 1000), counters.healthMilli().get());
        final AdviceSlot.Advice advice = new AdviceSlot.Advice();
        assertTrue(slot.read(advice));
        assertEquals(-0.1 * (snapshot.anomalyScore - 2.0), advice.trim(), 1e-9, "trim backs off above the deadband");
        assertEquals(advice.writtenAtNs() + EXPIRY_NS, advice.expiresAtNs(), "every advice carries its expiry");
    }

    @Test
    void shouldNotAllocateInSteadyStateOnEitherThread()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        rig.loop.advisor(slot, envelope).setpointRange(0.0, 6.0);
        final RobustZScoreModel model = new RobustZScoreModel(1, 100, 1e-3, 4.0, 2.0, 0.1, 20, 50.0);
        final AdvisorAgent advisor = new AdvisorAgent(rig.clock, 20 * MS, EXPIRY_NS, rig.image, new int[] {LoopRig.PV},
            new long[] {50 * MS}, model, new AdvisorAgent.Target[] {new AdvisorAgent.Target("test", slot, RobustZScoreModel.TRIM)},
            new AdvisorAgent.Outputs(RobustZScoreModel.SCORE, AdvisorAgent.UNMAPPED, RobustZScoreModel.ALARM, RobustZScoreModel.FALLBACK),
            new AdvisorAgent.Indicator(true, RobustZScoreModel.SMOOTHED, new RemainingLife(0.5, 8.0, 200, 0L)), counters, new AdvisorStatus());
        advised(advisor);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        final double[] noise = new double[4096];
        for (int i = 0; i < noise.length; i++)
        {
            noise[i] = 3.0 + 0.05 * (random.nextDouble() - 0.5) + (i % 512 == 0 ? 1.0 : 0.0);
        }
        run(advisor, noise, 150_000); // until the JIT has settled: interpreted and C1 code allocate
        assertTrue(model.ready());
        final long id = Thread.currentThread().getId();
        // A real allocation shows in every round; a JIT transition at most in one: take the smallest.
        long smallest = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++)
        {
            threads.getThreadAllocatedBytes(id);
            final long before = threads.getThreadAllocatedBytes(id);
            final long overhead = threads.getThreadAllocatedBytes(id) - before;
            final long start = threads.getThreadAllocatedBytes(id);
            run(advisor, noise, 30_000);
            smallest = Math.min(smallest, threads.getThreadAllocatedBytes(id) - start - overhead);
        }
        assertEquals(0, smallest, "advisor runs (model, health, remaining life, advice) and ADVISED control ticks allocate nothing");
        assertTrue(counters.runs().get() > 90_000);
        assertNotEquals(0, counters.healthMilli().get());
        assertFalse(Double.isNaN(rig.loop.activeSetpoint()));
    }
}
