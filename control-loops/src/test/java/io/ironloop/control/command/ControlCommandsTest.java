package io.ironloop.control.command;

import io.ironloop.control.mode.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ControlCommandsTest
{
    @Test
    void shouldQueueValidCommandsUntilThePoolIsExhausted()
    {
        final ControlCommands commands = new ControlCommands(2, 4);
        final long first = commands.setpoint(CommandSource.CLI, 1, 0, 4.5);
        assertEquals(CommandAnswer.PENDING, commands.answer(first));
        assertEquals(CommandAnswer.PENDING, commands.answer(commands.mode(CommandSource.MQTT, 2, 1, Mode.MANUAL)));
        assertEquals(CommandAnswer.PENDING, commands.answer(commands.reset(CommandSource.PAGE, 3, 1)));
        assertEquals(CommandAnswer.PENDING, commands.answer(commands.setpoint(CommandSource.LOCAL, 0, 1, -2.0)));
        assertEquals(4, commands.depth());
        assertEquals(CommandAnswer.QUEUE_FULL, commands.answer(commands.setpoint(CommandSource.CLI, 1, 0, 1.0)));
        assertEquals(4, commands.depth());
    }

    @Test
    void shouldRefuseCommandsForUnknownLoopsOrNonFiniteValuesAtOnce()
    {
        final ControlCommands commands = new ControlCommands(1, 4);
        assertEquals(CommandAnswer.NO_SUCH_LOOP, commands.answer(commands.setpoint(CommandSource.CLI, 1, 1, 1.0)));
        assertEquals(CommandAnswer.NO_SUCH_LOOP, commands.answer(commands.setpoint(CommandSource.CLI, 1, -1, 1.0)));
        assertEquals(CommandAnswer.NOT_FINITE, commands.answer(commands.setpoint(CommandSource.CLI, 1, 0, Double.NaN)));
        assertEquals(CommandAnswer.NOT_FINITE, commands.answer(commands.manualOutput(CommandSource.CLI, 1, 0, Double.POSITIVE_INFINITY)));
        assertEquals(CommandAnswer.NOT_ALLOWED, commands.answer(commands.mode(CommandSource.CLI, 1, 0, null)));
        assertEquals(CommandAnswer.NO_SUCH_LOOP, commands.answer(commands.reset(CommandSource.CLI, 1, 3)));
        assertEquals(0, commands.depth());
    }

    @Test
    void shouldTellAnUnknownTicketFromAPendingOne()
    {
        final ControlCommands commands = new ControlCommands(1, 4);
        assertEquals(CommandAnswer.UNKNOWN, commands.answer(12345L));
        final long ticket = commands.reset(CommandSource.CLI, 1, 0);
        assertEquals(CommandAnswer.PENDING, commands.await(ticket, 1_000_000L), "nobody applies it: the wait times out");
    }
}
