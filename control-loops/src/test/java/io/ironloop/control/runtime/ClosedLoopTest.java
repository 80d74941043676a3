package io.ironloop.control.runtime;

import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.block.Pid;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.output.OutputImage;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.hal.Reading;
import io.ironloop.hal.bus.BusResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosedLoopTest
{
    private static final long PERIOD_NS = 10_000_000L;
    private final VirtualClock clock = new VirtualClock(0);
    private final ProcessImage image = new ProcessImage("pv");
    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
    private final RecordingActuator actuator = new RecordingActuator(0.0);
    private final OutputChannel channel = new OutputImage(new OutputChannel(actuator, OutputChannel.DEFAULT_FAULT_AFTER,
        counters.newCounter("write failures", 0), counters.newCounter("status", 0))).channel(0);
    private final ClosedLoop loop = new ClosedLoop("loop", 0, new Pid(0.5, 0.5, 0, 0, 0, 0, 1, 0), channel, 4.0,
        50_000_000L, 100_000_000L, -1.0, 9.0,
        counters.newCounter("mode", 0), counters.newCounter("trips", 0), counters.newCounter("errors", 0)).startMode(Mode.AUTO);
    private final ControlAgent agent = new ControlAgent(clock, PERIOD_NS, image, new TelemetryChannel(64 * 1024),
        new ControlCounters(counters), loop);
    private final Reading reading = new Reading();

    @Test
    void shouldControlWhileTheMeasurementIsGood()
    {
        agent.onStart();
        tick(2.0);
        assertEquals(Mode.AUTO, loop.mode());
        assertTrue(actuator.lastValue() > 0.0);
    }

    @Test
    void shouldTripToSafeWithinOneTickOnAFaultedSensor()
    {
        startUp();
        clock.advanceTo(agent.nextDeadlineNs());
        reading.fault(BusResult.NACK, clock.nanoTime());
        image.write(0, reading);
        work();
        assertEquals(Mode.SAFE, loop.mode());
        assertEquals(0.0, actuator.lastValue());
    }

    @Test
    void shouldTripOnNanAndNeverCommandIt()
    {
        startUp();
        tick(Double.NaN);
        assertEquals(Mode.SAFE, loop.mode());
        assertFalse(actuator.sawNonFinite(), "every commanded value is finite");
        assertEquals(0.0, actuator.lastValue());
    }

    @Test
    void shouldTripOnAStaleMeasurementAndLatchUntilReset()
    {
        startUp();
        clock.advanceBy(60_000_000L); // older than the 50 ms limit, no new sample
        work();
        assertEquals(Mode.SAFE, loop.mode());
        tick(2.0);
        assertEquals(Mode.SAFE, loop.mode(), "a good sample alone does not leave SAFE");
        final long reset = agent.commands().reset(CommandSource.CLI, 1, 0);
        tick(2.0);
        assertEquals(CommandAnswer.ACCEPTED, agent.commands().answer(reset));
        assertEquals(Mode.OFF, loop.mode(), "a reset leads to OFF, never straight back to AUTO");
    }

    @Test
    void shouldTripOnTheHighLimit()
    {
        startUp();
        tick(9.5);
        assertEquals(Mode.SAFE, loop.mode());
    }

    @Test
    void shouldHoldTheSafeValueWithoutTrippingDuringStartUp()
    {
        agent.onStart();
        work(); // no sample yet
        assertEquals(Mode.AUTO, loop.mode());
        assertEquals(0.0, actuator.lastValue());
        clock.advanceBy(200_000_000L); // past the grace period, still nothing
        work();
        assertEquals(Mode.SAFE, loop.mode());
    }

    /** Runs good ticks past the 100 ms start-up grace, during which a bad sample only holds the safe value. */
    /** A control duty cycle, then the output written as the bus agent would. */
    private void work()
    {
        agent.doWork();
        channel.flush(clock.nanoTime(), false);
    }

    private void startUp()
    {
        agent.onStart();
        for (int i = 0; i < 15; i++)
        {
            tick(2.0);
        }
        assertEquals(Mode.AUTO, loop.mode());
    }

    private void tick(final double pv)
    {
        clock.advanceTo(agent.nextDeadlineNs());
        image.write(0, reading.ok(pv, clock.nanoTime()));
        work();
    }
}
