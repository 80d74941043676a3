package io.ironloop.control.runtime;

import io.ironloop.control.block.Pid;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.loop.AdviceSlot;
import io.ironloop.control.loop.SafetyEnvelope;
import io.ironloop.control.mode.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The advisor seam: advice in a slot, clamped by the safety envelope, used only in ADVISED and only while fresh. */
class AdvisorInputTest
{
    private static final long SECOND = 1_000_000_000L;

    private final LoopRig rig = new LoopRig(new Pid(0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0), 0.0, 4.0, 0L);
    private final AdviceSlot slot = new AdviceSlot();
    private final SafetyEnvelope envelope = new SafetyEnvelope(-0.5, 0.5, 2 * SECOND);

    private void tick()
    {
        rig.publish(LoopRig.PV, 3.0);
        rig.tick();
    }

    @Test
    void shouldClampAdviceToTheEnvelopeAndIgnoreItWhenExpiredOldOrNotANumber()
    {
        rig.loop.advisor(slot, envelope).setpointRange(0.0, 4.2);
        tick();
        slot.write(0.3, rig.clock.nanoTime(), rig.clock.nanoTime() + 10 * SECOND);
        tick();
        assertEquals(4.0, rig.loop.activeSetpoint(), "AUTO ignores advice");

        final long advised = rig.mode(Mode.ADVISED);
        tick();
        assertEquals(CommandAnswer.ACCEPTED, rig.answer(advised));
        assertEquals(4.2, rig.loop.activeSetpoint(), 1e-12, "4.0 + 0.3, then held inside the setpoint range");

        slot.write(-2.0, rig.clock.nanoTime(), rig.clock.nanoTime() + 10 * SECOND);
        tick();
        assertEquals(3.5, rig.loop.activeSetpoint(), 1e-12, "trim clamped to -0.5");
        assertEquals(1, envelope.clamped());

        slot.write(Double.NaN, rig.clock.nanoTime(), rig.clock.nanoTime() + 10 * SECOND);
        tick();
        assertEquals(4.0, rig.loop.activeSetpoint(), "NaN advice: the deterministic setpoint, same tick");

        slot.write(0.2, rig.clock.nanoTime(), rig.clock.nanoTime() + 100_000_000L);
        tick();
        assertEquals(4.2, rig.loop.activeSetpoint(), 1e-12);
        for (int i = 0; i < 20; i++)
        {
            tick();
        }
        assertEquals(4.0, rig.loop.activeSetpoint(), "expired after 100 ms");

        slot.write(0.2, rig.clock.nanoTime(), rig.clock.nanoTime() + 60 * SECOND);
        for (int i = 0; i < 250; i++)
        {
            tick();
        }
        assertEquals(4.0, rig.loop.activeSetpoint(), "older than the envelope's 2 s, whatever the advice says of itself");
        assertEquals(3, envelope.ignored(), "NaN, expired, too old: each counted once");
        assertEquals(Mode.ADVISED, rig.loop.mode());
    }
}
