package io.ironloop.control.block;

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
