package io.ironloop.hal.pi4j;

import com.pi4j.library.gpiod.internal.GpioDContext;
import com.pi4j.library.gpiod.internal.GpioLine;
import com.pi4j.library.gpiod.internal.GpioLineEvent;
import com.pi4j.library.gpiod.internal.LineEvent;
import com.pi4j.library.gpiod.internal.LineRequestFlag;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.gpio.PulseCounter;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a GPIO line's rising edges from the kernel's gpiod edge events on a thread of its own, instead
 * of through Pi4J's {@code GpioDDigitalInput} listener. That class submits its event loop to a cached
 * thread pool and only then assigns the {@code Future} the loop checks ({@code inputListener != null}),
 * so a loop that starts first ends at once and no event is ever delivered (Pi4J #455, #478); it also
 * drops an event whose level equals the last one, which loses a pulse whose falling edge the kernel
 * dropped. Here the line is requested through the same native layer (Pi4J's {@code GpioDContext}), and
 * the reader's only loop condition, {@code running}, is set before {@link Thread#start()}: the race
 * cannot happen by construction.
 *
 * <p>Two checks keep the count honest. On a quiet line (no event for {@link #WAIT_NS}) the reader polls
 * the level and, when no event is pending, compares it with the level the events imply: a difference
 * that outlasts a second quiet wait (an event can trail its level change by the kernel's interrupt
 * thread latency) means the kernel dropped events (its per-line FIFO holds 16); a missed rising edge is
 * counted then, and every mismatch is counted in {@link #lostEdges()}. If the reader itself fails (the
 * line vanished, a native error) it marks the {@link PulseCounter} faulted, so the pulse input reads
 * FAULT; opening the pin again ({@link Pi4jBoard#pulseCounter}, from supervision's device reset)
 * re-requests the line and starts a new reader on the same counter, so a total carries on.
 *
 * <p>Edge times are the kernel's event timestamps (CLOCK_MONOTONIC, the base of {@link System#nanoTime()}
 * on Linux), moved into the board clock's time base by their age, so thread wake-up latency does not
 * jitter the measured periods.
 */
final class GpiodPulseReader implements Runnable
{
    /** How long the reader waits for an event before it checks the level (and whether to stop). */
    static final long WAIT_NS = 100_000_000L;
    private static final long MAX_EVENT_AGE_NS = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(GpiodPulseReader.class);

    private final int pin;
    private final BoardIo.Pull pull;
    private final PulseCounter counter;
    private final NanoClock clock;
    private final EdgeLine line;
    private volatile boolean running;
    private volatile long lostEdges;
    private volatile long events;
    private Thread thread;
    private boolean lastHigh;
    private boolean suspect;

    GpiodPulseReader(final int pin, final BoardIo.Pull pull, final PulseCounter counter, final NanoClock clock)
    {
        this(pin, pull, counter, clock, new Gpiod(pin));
    }

    GpiodPulseReader(final int pin, final BoardIo.Pull pull, final PulseCounter counter, final NanoClock clock, final EdgeLine line)
    {
        this.pin = pin;
        this.pull = pull;
        this.counter = counter;
        this.clock = clock;
        this.line = line;
    }

    /** Requests the line for both-edge events with its bias and starts the reader; may be called again after a failure. */
    synchronized void start() throws HardwareException
    {
        if (running)
        {
            return;
        }
        stop();
        try
        {
            line.request(pull);
            lastHigh = line.isHigh();
        }
        catch (final RuntimeException ex)
        {
            throw new HardwareException("cannot request GPIO " + pin + " for edge events through gpiod: " + ex.getMessage(), ex);
        }
        // set before the thread starts: the loop can never see a half-initialised reader (Pi4J #455/#478)
        running = true;
        counter.clearFault();
        thread = new Thread(this, "ironloop-pulse-gpio" + pin);
        thread.setDaemon(true);
        thread.start();
    }

    /** The counter this reader feeds (kept across re-registrations). */
    PulseCounter counter()
    {
        return counter;
    }

    /** True while the reader thread delivers events. */
    boolean isRunning()
    {
        return running;
    }

    /** Level changes seen by polling that no event reported (kernel FIFO overflow). */
    long lostEdges()
    {
        return lostEdges;
    }

    /** Edge events read from the kernel so far. */
    long events()
    {
        return events;
    }

    /** Stops the reader and frees its event buffer; the line request is released by Pi4J's gpiod context or the next request. */
    synchronized void stop()
    {
        running = false;
        final Thread reader = thread;
        if (reader == null)
        {
            return;
        }
        if (reader != Thread.currentThread())
        {
            try
            {
                reader.join(2 * WAIT_NS / 1_000_000L + 1_000L);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            if (reader.isAlive())
            {
                LOG.warn("pulse reader of GPIO {} did not stop; its event buffer is left to Pi4J's shutdown", pin);
                return;
            }
        }
        thread = null;
        line.freeEvents();
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                if (line.await(WAIT_NS))
                {
                    onEvent();
                }
                else
                {
                    checkLevel();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            if (running)
            {
                running = false;
                counter.fault(BusResult.IO_ERROR);
                LOG.error("pulse reader of GPIO {} stopped: {}; the pulse input reads FAULT until it is opened again", pin, ex.toString());
            }
        }
    }

    private void onEvent()
    {
        final boolean rising = line.readRising();
        events++;
        suspect = false;
        if (rising)
        {
            // every rising event is a pulse, even after another rising one (the falling edge between was dropped)
            final long ageNs = System.nanoTime() - line.eventTimeNs();
            counter.onEdge(clock.nanoTime() - (ageNs >= 0 && ageNs < MAX_EVENT_AGE_NS ? ageNs : 0L));
        }
        lastHigh = rising;
    }

    private void checkLevel()
    {
        final boolean high = line.isHigh();
        if (high == lastHigh || line.await(0L))
        {
            // consistent, or an event is queued and will say what happened
            suspect = false;
            return;
        }
        if (!suspect)
        {
            // The level changes before its event is queued (the edge interrupt is handled in a kernel
            // thread), so one quiet wait can fall between the two: judge only a mismatch that outlasts
            // a second wait, else an edge in flight would be counted twice.
            suspect = true;
            return;
        }
        suspect = false;
        lostEdges++;
        if (high)
        {
            counter.onEdge(clock.nanoTime());
        }
        lastHigh = high;
        LOG.warn("GPIO {}: level {} without an edge event (kernel event FIFO overflow?); {} lost so far", pin, high ? "high" : "low", lostEdges);
    }

    /** What the reader needs of a line: gpiod through Pi4J's native layer, or a test's fake. */
    interface EdgeLine
    {
        /** Requests the line for both-edge events with a bias (releasing an earlier request of ours first). */
        void request(BoardIo.Pull pull);

        /** True when an event is pending, waiting up to {@code timeoutNs}. */
        boolean await(long timeoutNs);

        /** Reads the pending event: true for a rising edge; its time is then {@link #eventTimeNs()}. */
        boolean readRising();

        /** CLOCK_MONOTONIC time of the event {@link #readRising()} read. */
        long eventTimeNs();

        /** The line's current level. */
        boolean isHigh();

        /** Frees the event buffer (the reader has stopped). */
        void freeEvents();
    }

    /** A line of the board's gpiochip through Pi4J's {@code GpioDContext} (the plugin's own native library). */
    static final class Gpiod implements EdgeLine
    {
        private final int pin;
        private final GpioDContext gpiod = GpioDContext.getInstance();
        private GpioLine line;
        private GpioLineEvent event;
        private boolean requested;

        Gpiod(final int pin)
        {
            this.pin = pin;
        }

        @Override
        public void request(final BoardIo.Pull pull)
        {
            line = gpiod.getOrOpenLine(pin);
            if (requested)
            {
                // our dead reader's request (re-registration after a failure)
                requested = false;
                gpiod.closeLine(line);
            }
            line.requestBothEdgeEventsFlags("ironloop-pulse-" + pin, flags(pull));
            requested = true;
            if (event == null)
            {
                event = gpiod.openLineEvent();
            }
        }

        @Override
        public boolean await(final long timeoutNs)
        {
            return line.eventWait(timeoutNs);
        }

        @Override
        public boolean readRising()
        {
            line.eventRead(event);
            return event.getType() == LineEvent.RISING_EDGE;
        }

        @Override
        public long eventTimeNs()
        {
            return event.getTimeNs();
        }

        @Override
        public boolean isHigh()
        {
            return line.getValue() == 1;
        }

        @Override
        public void freeEvents()
        {
            if (event != null)
            {
                gpiod.closeLineEvent(event);
                event = null;
            }
        }

        private static int flags(final BoardIo.Pull pull)
        {
            switch (pull)
            {
                case UP:
                    return LineRequestFlag.BIAS_PULL_UP.getVal();
                case DOWN:
                    return LineRequestFlag.BIAS_PULL_DOWN.getVal();
                default:
                    return LineRequestFlag.BIAS_DISABLE.getVal();
            }
        }
    }
}
