package io.ironloop.control.output;

import io.ironloop.control.block.Pid;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.hal.bus.BusResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputChannelTest
{
    private static final double SAFE = 0.1;

    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 1024)));
    private final ScriptedActuator actuator = new ScriptedActuator("heater", SAFE);
    private final AtomicCounter failures = counters.newCounter("actuator write failures: heater");
    private final AtomicCounter status = counters.newCounter("actuator status: heater");
    private final OutputChannel channel = new OutputChannel(actuator, 3, failures, status);
    private final OutputImage image = new OutputImage(channel);

    @Test
    void shouldRefuseASecondLoopOnOneActuator()
    {
        newLoop("first");
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> newLoop("second"));
        assertTrue(refused.getMessage().contains("'heater' is already claimed by loop 'first'"), refused.getMessage());
        assertEquals("first", channel.claimant());
    }

    @Test
    void shouldWriteTheCommandedValueOnlyWhenItChanges()
    {
        channel.command(0.7);
        assertEquals(1, channel.flush(0L, false));
        assertEquals(0.7, actuator.lastValue());
        channel.command(0.7);
        assertEquals(0, channel.flush(1L, false), "same value: no bus transfer");
        assertEquals(1, channel.flush(2L, true), "a refresh writes it again");
        assertEquals(2, actuator.calls());
    }

    @Test
    void shouldWriteTheSafeValueWhileLatchedWhateverIsCommanded()
    {
        channel.command(0.7);
        channel.flush(0L, false);
        channel.latch(OutputChannel.LATCH_OPERATOR);
        channel.command(0.9);
        channel.flush(1L, false);
        assertEquals(SAFE, actuator.lastValue());
        assertEquals(OutputChannel.STATUS_LATCHED, status.get());

        channel.release();
        channel.flush(2L, false);
        assertEquals(0.9, actuator.lastValue());
        assertEquals(OutputChannel.STATUS_OK, status.get());
    }

    @Test
    void shouldKeepTheShutdownLatchThroughAReset()
    {
        channel.latch(OutputChannel.LATCH_SHUTDOWN | OutputChannel.LATCH_LAST_RESORT);
        channel.release();
        assertEquals(OutputChannel.LATCH_SHUTDOWN, channel.latchReasons());
        channel.command(0.9);
        channel.flush(0L, false);
        assertEquals(SAFE, actuator.lastValue());
    }

    @Test
    void shouldCountFailedWritesAndFaultAfterThreeInARow()
    {
        actuator.answer(BusResult.NACK);
        channel.command(0.5);
        channel.flush(0L, false);
        channel.flush(1L, false);
        assertEquals(2, failures.get());
        assertFalse(channel.faulted(), "two failures are not yet a fault");
        assertEquals(0.5, actuator.lastAttempted(), "a failed write is retried at the next flush");

        channel.flush(2L, false);
        assertEquals(3, failures.get());
        assertTrue(channel.faulted());
        assertEquals(BusResult.NACK, channel.lastError());
        assertEquals(OutputChannel.LATCH_WRITE_FAULT, channel.latchReasons());
        assertEquals(OutputChannel.STATUS_FAULT, status.get());

        actuator.answer(0);
        channel.flush(3L, false);
        assertFalse(channel.faulted(), "the device answers again");
        assertEquals(SAFE, actuator.lastValue(), "but the output stays latched safe until a reset");
        assertEquals(OutputChannel.STATUS_LATCHED, status.get());
    }

    @Test
    void shouldCountOnlyConsecutiveFailuresTowardsAFault()
    {
        channel.command(0.5);
        for (int i = 0; i < 10; i++)
        {
            actuator.answer(i % 2 == 0 ? BusResult.TIMEOUT : 0);
            channel.flush(i, true);
        }
        assertEquals(5, failures.get());
        assertFalse(channel.faulted());
    }

    @Test
    void shouldDriveEveryChannelSafeAndReportAFailedWrite()
    {
        final ScriptedActuator dead = new ScriptedActuator("valve", 0.0);
        dead.answer(BusResult.NACK);
        final OutputChannel valve = new OutputChannel(dead, 3, counters.newCounter("f"), counters.newCounter("s"));
        final OutputChannel heater = new OutputChannel(new ScriptedActuator("fan", 0.0), 3, counters.newCounter("f"), counters.newCounter("s"));
        final OutputImage two = new OutputImage(heater, valve);
        final int[] results = two.driveSafe(() -> 0L, 1_000_000L, OutputChannel.LATCH_SHUTDOWN);
        assertEquals(0, results[0]);
        assertEquals(BusResult.NACK, results[1]);
        assertEquals(OutputImage.SAFE_WRITE_ATTEMPTS, dead.calls(), "the failed write was retried once");
        assertTrue(heater.latched() && valve.latched());
    }

    private ClosedLoop newLoop(final String id)
    {
        return new ClosedLoop(id, 0, new Pid(1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0), channel, 1.0, 50_000_000L, 0L, -1.0, 9.0,
            counters.newCounter("mode"), counters.newCounter("trips"), counters.newCounter("errors"));
    }
}
