package io.ironloop.control.mode;

import io.ironloop.control.command.CommandSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModeMachineTest
{
    private final TransitionLog log = new TransitionLog(8);
    private final List<String> drained = new ArrayList<>();

    private void drain()
    {
        log.drain((timeNs, loop, from, to, cause, detail, accepted, source, sourceId) ->
            drained.add(timeNs + " " + loop + " " + from + "->" + to + " " + cause + " " + detail + (accepted ? "" : " refused")
                + " " + source + " " + sourceId));
    }

    @Test
    void shouldAllowOnlyTheListedTransitionsAndRecordEach()
    {
        final ModeMachine modes = new ModeMachine(2, Mode.OFF, log, null);
        assertFalse(modes.request(1, Mode.ADVISED, TransitionCause.OPERATOR, 0, CommandSource.CLI, 7), "OFF -> ADVISED must pass through AUTO");
        assertTrue(modes.request(2, Mode.AUTO, TransitionCause.OPERATOR, 0, CommandSource.CLI, 7));
        assertTrue(modes.request(3, Mode.ADVISED, TransitionCause.OPERATOR, 0, CommandSource.CLI, 7));
        assertTrue(modes.forceSafe(4, TransitionCause.INTERLOCK, 1));
        assertFalse(modes.forceSafe(5, TransitionCause.WATCHDOG, 0), "already SAFE");
        assertFalse(modes.request(6, Mode.AUTO, TransitionCause.OPERATOR, 0, CommandSource.CLI, 7), "SAFE is left only by a reset");
        assertTrue(modes.reset(7, Mode.MANUAL, CommandSource.MQTT, 3));
        assertEquals(Mode.MANUAL, modes.mode());
        drain();
        assertEquals(List.of(
            "1 2 OFF->ADVISED OPERATOR 0 refused CLI 7",
            "2 2 OFF->AUTO OPERATOR 0 CLI 7",
            "3 2 AUTO->ADVISED OPERATOR 0 CLI 7",
            "4 2 ADVISED->SAFE INTERLOCK 1 SYSTEM 0",
            "6 2 SAFE->AUTO OPERATOR 0 refused CLI 7",
            "7 2 SAFE->MANUAL RESET 0 MQTT 3"), drained);
    }

    @Test
    void shouldRefuseAResetOfALoopThatIsNotLatched()
    {
        final ModeMachine modes = new ModeMachine(0, Mode.OFF, log, null);
        assertFalse(modes.reset(1, Mode.AUTO, CommandSource.PAGE, 1), "a reset never starts a loop that was not latched");
        assertEquals(Mode.OFF, modes.mode());
        drain();
        assertEquals(List.of("1 0 OFF->AUTO RESET 0 refused PAGE 1"), drained);
    }

    @Test
    void shouldDropRatherThanBlockWhenTheRingIsFull()
    {
        final ModeMachine modes = new ModeMachine(0, Mode.OFF, log, null);
        for (int i = 0; i < 10; i++)
        {
            modes.request(i, i % 2 == 0 ? Mode.AUTO : Mode.OFF, TransitionCause.OPERATOR, 0, CommandSource.CLI, 7);
        }
        assertEquals(8, log.recorded());
        assertEquals(2, log.dropped());
        drain();
        assertEquals(8, drained.size());
        modes.request(11, Mode.AUTO, TransitionCause.OPERATOR, 0, CommandSource.CLI, 7);
        assertEquals(9, log.recorded(), "room again after draining");
    }
}
