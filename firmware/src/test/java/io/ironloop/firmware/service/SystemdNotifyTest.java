package io.ironloop.firmware.service;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sd_notify over a real unix datagram socket, and the rule for READY and WATCHDOG. */
class SystemdNotifyTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverAMessageToTheSocketNamedInNotifySocket() throws Exception
    {
        try (NotifyReceiver receiver = new NotifyReceiver(dir.resolve("notify"), 2_000);
            SystemdNotify notify = SystemdNotify.forSocket(receiver.name()))
        {
            assertTrue(notify.enabled());
            assertTrue(notify.send("STATUS=commissioning"));
            assertEquals("STATUS=commissioning", receiver.receive());
        }
    }

    @Test
    void shouldDoNothingOutsideSystemd()
    {
        final SystemdNotify notify = SystemdNotify.forSocket(null);
        assertFalse(notify.enabled());
        assertFalse(notify.send("READY=1"));
    }

    @Test
    void shouldRefuseARelativeOrOverlongSocketName()
    {
        assertThrows(IllegalArgumentException.class, () -> SystemdNotify.forSocket("run/notify"));
        assertThrows(IllegalArgumentException.class, () -> SystemdNotify.forSocket("/" + "x".repeat(120)));
    }

    @Test
    void shouldCountAMessageToAVanishedSocketAsAFailure() throws Exception
    {
        final String name;
        try (NotifyReceiver receiver = new NotifyReceiver(dir.resolve("gone"), 100))
        {
            name = receiver.name();
        }
        try (SystemdNotify notify = SystemdNotify.forSocket(name))
        {
            assertFalse(notify.send("WATCHDOG=1"));
            assertEquals(1, notify.failures());
        }
    }

    @Test
    void shouldEncodeAnAbstractNameWithALeadingNulAndNoTerminator()
    {
        final byte[] address = new byte[SystemdNotify.SOCKADDR_UN_SIZE];
        assertEquals(2 + 5, SystemdNotify.encodeAddress("@sd/x", address));
        assertEquals(0, address[2]);
        assertArrayEquals("sd/x".getBytes(), java.util.Arrays.copyOfRange(address, 3, 7));
        assertEquals(2 + 6 + 1, SystemdNotify.encodeAddress("/run/x", address));
        assertEquals(0, address[8]);
    }

    @Test
    void shouldHonourWatchdogUsecOnlyForThisProcess()
    {
        assertEquals(5_000_000, ServiceHealth.watchdogUsec("5000000", null, 42));
        assertEquals(5_000_000, ServiceHealth.watchdogUsec("5000000", "42", 42));
        assertEquals(0, ServiceHealth.watchdogUsec("5000000", "43", 42));
        assertEquals(0, ServiceHealth.watchdogUsec("soon", null, 42));
        assertEquals(0, ServiceHealth.watchdogUsec(null, null, 42));
        assertEquals(0, ServiceHealth.watchdogUsec("-1", null, 42));
    }

    @Test
    void shouldSayReadyAfterTheFirstTickAndPingOnlyWhileTheControlAgentRuns() throws Exception
    {
        final CountersManager counters = new CountersManager(new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(ByteBuffer.allocateDirect(4096)));
        final AtomicCounter cycles = counters.newCounter("cycles");
        final List<String> log = new ArrayList<>();
        try (NotifyReceiver receiver = new NotifyReceiver(dir.resolve("health"), 200);
            SystemdNotify notify = SystemdNotify.forSocket(receiver.name()))
        {
            // WatchdogSec=1s: a ping at most every 500 ms.
            final ServiceHealth health = new ServiceHealth(notify, cycles, 1_000_000, 0, log::add);
            health.poll(100 * MS);
            assertFalse(health.ready(), "no tick yet");
            assertNull(receiver.receive(), "nothing before the first tick");

            cycles.increment();
            health.poll(350 * MS);
            assertTrue(health.ready());
            assertEquals("READY=1", receiver.receive());
            assertEquals("WATCHDOG=1", receiver.receive());
            assertEquals(List.of("first control tick 350 ms after the JVM started"), log);
            assertEquals(350 * MS, health.timeToFirstTickNs());

            cycles.increment();
            health.poll(600 * MS);
            assertNull(receiver.receive(), "half the interval has not passed");

            health.poll(900 * MS);
            assertEquals("WATCHDOG=1", receiver.receive(), "the counter moved: ping");

            health.poll(1500 * MS);
            assertNull(receiver.receive(), "the control agent stood still: no ping");
            assertEquals(1, health.withheld());

            cycles.increment();
            health.poll(2100 * MS);
            assertEquals("WATCHDOG=1", receiver.receive(), "moving again: pings again");
            assertEquals(3, health.pings());

            health.stopping();
            assertEquals("STOPPING=1", receiver.receive());
        }
    }
}
