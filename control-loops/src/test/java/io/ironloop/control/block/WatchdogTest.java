package io.ironloop.control.block;

import io.ironloop.control.runtime.FixedRateSchedule;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchdogTest
{
    private static final long MS = 1_000_000L;
    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(8 * 1024)));
    private final AtomicCounter overruns = counters.newCounter("overruns");
    private final AtomicCounter acquisition = counters.newCounter("acquisition cycles");
    private final AtomicCounter missed = counters.newCounter("missed deadlines");

    /**
     * Runs a 10 ms schedule whose every tick takes {@code load} periods of work, on virtual time, as the
     * control agent does: the tick starts when due (or when the last one ended), accounts itself and
     * checks the watchdog. Returns the tick at which the watchdog tripped, or -1.
     */
    private int overload(final Watchdog watchdog, final double load, final int ticks)
    {
        final FixedRateSchedule schedule = new FixedRateSchedule(10 * MS);
        schedule.start(0);
        long now = 0;
        for (int i = 0; i < ticks; i++)
        {
            now = Math.max(now, schedule.deadlineNs());
            final long overrunsBefore = schedule.overruns();
            schedule.onTick(now);
            if (schedule.lastMissed())
            {
                missed.increment();
            }
            if (schedule.overruns() != overrunsBefore)
            {
                overruns.increment();
            }
            if (watchdog.check(now))
            {
                return i;
            }
            now += Math.round(load * 10 * MS);
        }
        return -1;
    }

    @Test
    void shouldTripOnASustainedOneAndAHalfTimesOverload()
    {
        final Watchdog watchdog = new Watchdog(overruns, 5, missed, 50, 10, new AtomicCounter[0], new String[0], 0);
        final int tripped = overload(watchdog, 1.5, 1_000);
        assertTrue(tripped > 0 && tripped <= 20, "more than 10 of the last 50 ticks missed: tripped at tick " + tripped);
        assertEquals(Watchdog.Reason.MISSED_DEADLINES, watchdog.reason());
    }

    @Test
    void shouldNotTripOnOverrunsAloneUnderThatOverloadWhichIsWhyTheWindowExists()
    {
        final Watchdog consecutiveOnly = new Watchdog(overruns, 5, new AtomicCounter[0], new String[0], 0);
        assertEquals(-1, overload(consecutiveOnly, 1.5, 1_000), "overruns alternate with late ticks: never five in a row");
    }

    @Test
    void shouldNotTripOnALightLoad()
    {
        final Watchdog watchdog = new Watchdog(overruns, 5, missed, 50, 10, new AtomicCounter[0], new String[0], 0);
        assertEquals(-1, overload(watchdog, 0.9, 10_000));
    }

    @Test
    void shouldTripAfterKConsecutiveOverrunsButNotAfterScatteredOnes()
    {
        final Watchdog watchdog = new Watchdog(overruns, 3, new AtomicCounter[0], new String[0], 0);
        watchdog.check(0);
        long now = 0;
        for (int i = 0; i < 10; i++)
        {
            overruns.increment();
            assertFalse(watchdog.check(now += 10 * MS), "a scattered overrun");
            assertFalse(watchdog.check(now += 10 * MS));
        }
        overruns.increment();
        assertFalse(watchdog.check(now += 10 * MS));
        overruns.increment();
        assertFalse(watchdog.check(now += 10 * MS));
        overruns.increment();
        assertTrue(watchdog.check(now += 10 * MS), "third overrun in a row");
        assertEquals(Watchdog.Reason.OVERRUNS, watchdog.reason());
        assertTrue(watchdog.check(now += 10 * MS), "latched");
        watchdog.reset();
        assertFalse(watchdog.check(now += 10 * MS));
    }

    @Test
    void shouldTripWhenAHeartbeatStalls()
    {
        final Watchdog watchdog = new Watchdog(overruns, 3, new AtomicCounter[] {acquisition}, new String[] {"acquisition-i2c-1"}, 100 * MS);
        long now = 0;
        watchdog.check(now);
        for (int i = 0; i < 50; i++)
        {
            acquisition.increment();
            assertFalse(watchdog.check(now += 10 * MS));
        }
        for (int i = 0; i < 10; i++)
        {
            assertFalse(watchdog.check(now += 10 * MS), "stalled for " + (i + 1) * 10 + " ms");
        }
        assertTrue(watchdog.check(now += 10 * MS));
        assertEquals(Watchdog.Reason.STALLED_AGENT, watchdog.reason());
        assertEquals("acquisition-i2c-1", watchdog.stalledAgent());
    }
}
