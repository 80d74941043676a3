package io.ironloop.control.runtime;

import io.ironloop.control.block.Cascade;
import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.Pid;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.loop.LatchStore;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Latches reach the store through the transition logger (off the control thread), and a restart starts SAFE from it. */
class LatchKeepingTest
{
    /** A store in memory, as the file store behaves. */
    private static final class MemoryStore implements LatchStore
    {
        private final Map<String, Latch> latches = new HashMap<>();

        @Override
        public void record(final String loopId, final TransitionCause cause, final int detail, final long timeNs)
        {
            latches.put(loopId, new Latch(loopId, cause, detail, timeNs));
        }

        @Override
        public void clear(final String loopId)
        {
            latches.remove(loopId);
        }

        @Override
        public Map<String, Latch> load()
        {
            return Map.copyOf(latches);
        }
    }

    private static LoopRig rig()
    {
        final LoopRig rig = new LoopRig(new Pid(0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0), 0.0, 4.0, 0L);
        rig.loop.interlocks(new Interlock("over-pressure", Interlock.Kind.HIGH, LoopRig.PV, 9.0, 0L, 50_000_000L, 0L));
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

    @Test
    void shouldKeepALatchAcrossARestartAndClearItOnReset()
    {
        final MemoryStore store = new MemoryStore();
        final LoopRig before = rig();
        final TransitionLogger logger = new TransitionLogger(before.clock, before.transitions, new String[] {"pump"},
            new String[][] {{"over-pressure"}}, 1L).latchStore(store);
        ticks(before, 3.0, 10);
        ticks(before, 9.5, 1);
        logger.drain();
        assertEquals(TransitionCause.INTERLOCK, store.load().get("pump").cause());

        final LoopRig after = rig();
        final LatchStore.Latch latch = store.load().get("pump");
        after.loop.restoreLatch(latch.cause(), latch.detail());
        final TransitionLogger restarted = new TransitionLogger(after.clock, after.transitions, new String[] {"pump"},
            new String[][] {{"over-pressure"}}, 1L).latchStore(store);
        ticks(after, 3.0, 10);
        assertEquals(Mode.SAFE, after.loop.mode(), "the restart did not forget the trip");
        assertEquals(TransitionCause.INTERLOCK, after.loop.restoredCause());
        assertEquals(0.0, after.actuator.lastValue());

        final long reset = after.reset();
        ticks(after, 3.0, 1);
        restarted.drain();
        assertEquals(CommandAnswer.ACCEPTED, after.answer(reset));
        assertEquals(Mode.OFF, after.loop.mode());
        assertTrue(store.load().isEmpty(), "a reset clears the kept latch");
    }

    @Test
    void shouldJudgeACascadeInnerInputByItsOwnStalenessLimit()
    {
        final Cascade cascade = new Cascade(new Pid(0.5, 0.1, 0.0, 0.0, 0.0, 0.0, 10.0, 0.0),
            new Pid(0.1, 0.1, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0));
        final LoopRig rig = new LoopRig(cascade, 0.0, 4.0, 0L);
        rig.loop.inputStaleness(50_000_000L, 1_000_000_000L);
        for (int i = 0; i < 200; i++)
        {
            rig.publish(LoopRig.PV, 3.0);
            if (i % 30 == 0)
            {
                rig.publish(LoopRig.INNER, 2.0); // a slow inner sensor: every 300 ms, inside its own 1 s limit
            }
            rig.tick();
        }
        assertEquals(Mode.AUTO, rig.loop.mode(), "the inner input is not judged by the outer sensor's 50 ms");
        for (int i = 0; i < 120; i++)
        {
            rig.publish(LoopRig.PV, 3.0);
            rig.tick();
        }
        assertEquals(Mode.SAFE, rig.loop.mode(), "older than its own 1 s limit: stale");
        assertEquals(TransitionCause.SENSOR, rig.loop.tripCause());
    }
}
