package io.ironloop.hal.pi4j;

import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.ManualClock;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.gpio.PulseCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gpiod pulse reader's loop on a scripted line (the kernel side runs in the board-vm suite):
 * events pending at registration are delivered, every rising event counts, a level that changed
 * without an event is recovered and reported, and a failed reader faults its counter until it is
 * started again on the same count.
 */
class GpiodPulseReaderTest
{
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final PulseCounter counter = new PulseCounter();
    private final ScriptedLine line = new ScriptedLine();
    private final GpiodPulseReader reader = new GpiodPulseReader(23, BoardIo.Pull.DOWN, counter, clock, line);

    @AfterEach
    void stopReader()
    {
        reader.stop();
    }

    @Test
    void shouldDeliverEdgesThatHappenedBeforeTheReaderThreadRan() throws HardwareException
    {
        // the kernel queues events from the request on; Pi4J's loop may never read them (#455/#478)
        for (int i = 0; i < 5; i++)
        {
            line.pulse();
        }

        reader.start();

        await().atMost(PATIENCE).until(() -> counter.count() == 5);
        assertEquals(10, reader.events());
        assertEquals(BoardIo.Pull.DOWN, line.pull);
    }

    @Test
    void shouldCountARisingEventThatFollowsAnotherRisingOne() throws HardwareException
    {
        reader.start();

        // the falling edge between the two was dropped by the kernel: still two pulses
        line.events.add(true);
        line.events.add(true);
        line.events.add(false);

        await().atMost(PATIENCE).until(() -> reader.events() == 3);
        assertEquals(2, counter.count());
    }

    @Test
    void shouldCountAndReportARisingEdgeThatOnlyPollingSaw() throws HardwareException
    {
        reader.start();

        // the line went high and no event came (kernel FIFO overflow)
        line.high = true;

        await().atMost(PATIENCE).until(() -> counter.count() == 1);
        assertEquals(1, reader.lostEdges());
        assertEquals(0, reader.events());

        // back low: one more lost edge, no pulse
        line.high = false;
        await().atMost(PATIENCE).until(() -> reader.lostEdges() == 2);
        assertEquals(1, counter.count());
    }

    @Test
    void shouldNotCountTwiceAnEdgeWhoseEventTrailsItsLevel() throws HardwareException
    {
        reader.start();

        // the level is high at one quiet check, its rising event comes during the next wait
        line.trailingEvent = true;
        line.high = true;

        await().atMost(PATIENCE).until(() -> counter.count() == 1);
        final int polls = line.polls.get();
        await().atMost(PATIENCE).until(() -> line.polls.get() >= polls + 3);
        assertEquals(1, counter.count());
        assertEquals(0, reader.lostEdges());
        assertEquals(1, reader.events());
    }

    @Test
    void shouldFaultTheCounterWhenTheReaderFailsAndCarryOnAfterStartingAgain() throws HardwareException
    {
        reader.start();
        line.pulse();
        await().atMost(PATIENCE).until(() -> counter.count() == 1);

        line.broken = true;

        await().atMost(PATIENCE).until(() -> counter.errorCode() == BusResult.IO_ERROR);
        assertFalse(reader.isRunning());

        line.broken = false;
        reader.start();

        assertTrue(reader.isRunning());
        assertEquals(0, counter.errorCode());
        assertEquals(2, line.requests.get(), "the line was requested again");
        line.pulse();
        await().atMost(PATIENCE).until(() -> counter.count() == 2);
    }

    @Test
    void shouldNameThePinWhenTheLineCannotBeRequested()
    {
        line.broken = true;

        final HardwareException refused = assertThrows(HardwareException.class, reader::start);

        assertTrue(refused.getMessage().startsWith("cannot request GPIO 23 for edge events through gpiod: "), refused.getMessage());
        assertFalse(reader.isRunning());
    }

    @Test
    void shouldStopTheThreadAndFreeTheEventBuffer() throws HardwareException
    {
        reader.start();

        reader.stop();

        assertFalse(reader.isRunning());
        assertEquals(1, line.freed.get());
        line.pulse();
        assertEquals(0, counter.count());
    }

    /** A line whose events and level a test scripts; it fails every call while {@code broken}. */
    private static final class ScriptedLine implements GpiodPulseReader.EdgeLine
    {
        final LinkedBlockingQueue<Boolean> events = new LinkedBlockingQueue<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger freed = new AtomicInteger();
        final AtomicInteger polls = new AtomicInteger();
        volatile boolean high;
        volatile boolean trailingEvent;
        private boolean deliverOnNextWait;
        volatile boolean broken;
        volatile BoardIo.Pull pull;
        private Boolean pending;

        void pulse()
        {
            events.add(true);
            events.add(false);
        }

        @Override
        public void request(final BoardIo.Pull pull)
        {
            failIfBroken();
            this.pull = pull;
            requests.incrementAndGet();
        }

        @Override
        public boolean await(final long timeoutNs)
        {
            failIfBroken();
            if (timeoutNs == 0 && trailingEvent)
            {
                // the reader has just found no event for the level it polled: it comes during the next wait
                trailingEvent = false;
                deliverOnNextWait = true;
            }
            else if (timeoutNs > 0 && deliverOnNextWait)
            {
                deliverOnNextWait = false;
                events.add(true);
            }
            if (pending == null)
            {
                try
                {
                    pending = events.poll(timeoutNs, TimeUnit.NANOSECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return pending != null;
        }

        @Override
        public boolean readRising()
        {
            final boolean rising = pending;
            pending = null;
            return rising;
        }

        @Override
        public long eventTimeNs()
        {
            return System.nanoTime();
        }

        @Override
        public boolean isHigh()
        {
            failIfBroken();
            polls.incrementAndGet();
            return high;
        }

        @Override
        public void freeEvents()
        {
            freed.incrementAndGet();
        }

        private void failIfBroken()
        {
            if (broken)
            {
                throw new IllegalStateException("c_gpiod_line_event_wait failed: -19 (No such device)");
            }
        }
    }
}
