package io.ironloop.control.runtime;

import io.ironloop.control.mode.Mode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ControlCommandsTest
{
    @Test
    void shouldQueueValidCommandsUntilThePoolIsExhausted()
    {
        final ControlCommands commands = new ControlCommands(2, 4);
        assertEquals(ControlCommands.ACCEPTED, commands.setpoint(0, 4.5));
        assertEquals(ControlCommands.ACCEPTED, commands.mode(1, Mode.MANUAL));
        assertEquals(ControlCommands.ACCEPTED, commands.reset(1));
        assertEquals(ControlCommands.ACCEPTED, commands.setpoint(1, -2.0));
        assertEquals(4, commands.depth());
        assertEquals(ControlCommands.QUEUE_FULL, commands.setpoint(0, 1.0));
        assertEquals(4, commands.depth());
    }

    @Test
    void shouldRefuseCommandsForUnknownLoopsOrNonFiniteSetpoints()
    {
        final ControlCommands commands = new ControlCommands(1, 4);
        assertEquals(ControlCommands.INVALID, commands.setpoint(1, 1.0));
        assertEquals(ControlCommands.INVALID, commands.setpoint(-1, 1.0));
        assertEquals(ControlCommands.INVALID, commands.setpoint(0, Double.NaN));
        assertEquals(ControlCommands.INVALID, commands.setpoint(0, Double.POSITIVE_INFINITY));
        assertEquals(ControlCommands.INVALID, commands.mode(0, null));
        assertEquals(ControlCommands.INVALID, commands.reset(3));
        assertEquals(0, commands.depth());
    }
}
