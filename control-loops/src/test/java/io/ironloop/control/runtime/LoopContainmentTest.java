package io.ironloop.control.runtime;

import io.ironloop.control.block.Pid;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.mode.TransitionLog;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.output.OutputImage;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.hal.Reading;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One loop's step that throws sends that loop SAFE; the other loops still run and write. */
class LoopContainmentTest
{
    private static final long PERIOD_NS = 10_000_000L;

    @Test
    void shouldSendOnlyTheThrowingLoopSafeWhileTheOtherStillWrites()
    {
        final VirtualClock clock = new VirtualClock(0L);
        final ProcessImage image = new ProcessImage("a", "b");
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        final ControlCounters controlCounters = new ControlCounters(counters);
        final TransitionLog log = new TransitionLog(64);
        final RecordingActuator broken = new RecordingActuator(0.0);
        final RecordingActuator healthy = new RecordingActuator(0.0);
        final OutputChannel brokenOutput = new OutputChannel(broken, OutputChannel.DEFAULT_FAULT_AFTER,
            counters.newCounter("failures a"), counters.newCounter("status a"));
        final OutputChannel healthyOutput = new OutputChannel(healthy, OutputChannel.DEFAULT_FAULT_AFTER,
            counters.newCounter("failures b"), counters.newCounter("status b"));
        new OutputImage(brokenOutput, healthyOutput);
        // A wiring bug outside any control block: the first loop reads a process-image slot that does not exist.
        final ClosedLoop first = new ClosedLoop("first", 7, new Pid(0.5, 0.5, 0, 0, 0, 0, 1, 0), brokenOutput, 4.0, 50_000_000L, 0L, -10, 10,
            counters.newCounter("mode a"), counters.newCounter("trips a"), counters.newCounter("errors a"))
            .transitions(log, 0).startMode(Mode.AUTO);
        final ClosedLoop second = new ClosedLoop("second", 1, new Pid(0.5, 0.5, 0, 0, 0, 0, 1, 0), healthyOutput, 4.0, 50_000_000L, 0L, -10, 10,
            counters.newCounter("mode b"), counters.newCounter("trips b"), counters.newCounter("errors b"))
            .transitions(log, 1).startMode(Mode.AUTO);
        final ControlAgent agent = new ControlAgent(clock, PERIOD_NS, image, new TelemetryChannel(1 << 16), controlCounters, first, second);
        agent.onStart();
        final Reading reading = new Reading();
        for (int i = 0; i < 50; i++)
        {
            image.write(0, reading.ok(3.0, clock.nanoTime()));
            image.write(1, reading.ok(3.0, clock.nanoTime()));
            agent.doWork();
            brokenOutput.flush(clock.nanoTime(), false); // as the bus agent does after the tick
            healthyOutput.flush(clock.nanoTime(), false);
            clock.advanceBy(PERIOD_NS);
        }
        assertEquals(Mode.SAFE, first.mode());
        assertEquals(Mode.AUTO, second.mode());
        assertTrue(healthy.writes() >= 40, "the other loop's output kept changing: " + healthy.writes() + " writes");
        assertTrue(healthy.lastValue() > 0.0);
        assertEquals(0.0, broken.lastValue(), "the throwing loop's actuator got its safe value");
        assertTrue(brokenOutput.latched(), "and its output is latched safe");
        assertEquals(50, controlCounters.loopErrors().get(), "every tick whose step threw is counted");
        final StringBuilder causes = new StringBuilder();
        log.drain((t, loop, from, to, cause, detail, ok, source, id) -> causes.append(loop).append(' ').append(to).append(' ').append(cause));
        assertEquals("0 SAFE " + TransitionCause.LOOP_ERROR, causes.toString(), "logged once, off the control thread");
    }
}
