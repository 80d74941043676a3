package io.ironloop.firmware.telemetry;

import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.hal.Reading;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every signal published with absolute and relative time, by its policy, batched; a machine without loops publishes too. */
class SignalPublisherTest
{
    private static final long WALL_MS = 1_796_700_000_000L;

    private final List<String> topics = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final TelemetryLink capture = new TelemetryLink()
    {
        @Override
        public boolean offer(final String topic, final byte[] payload, final int length)
        {
            topics.add(topic);
            payloads.add(new String(payload, 0, length, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public int pump(final long nowNs)
        {
            return 0;
        }

        @Override
        public int backlog()
        {
            return 0;
        }

        @Override
        public boolean drain(final long timeoutMs)
        {
            return true;
        }

        @Override
        public void close()
        {
        }
    };

    private List<String> telemetry()
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++)
        {
            if (topics.get(i).endsWith("/telemetry"))
            {
                out.add(payloads.get(i));
            }
        }
        return out;
    }

    @Test
    void shouldPublishSensorsOfAMachineWithoutLoopsWithAbsoluteTimeInOneBatch()
    {
        final ProcessImage image = new ProcessImage("temperature", "vibration");
        final long[] nowMs = {WALL_MS};
        final SignalPublisher publisher = new SignalPublisher("retrofit", "ironloop/retrofit", image, null, capture, () -> nowMs[0], 0L,
            new PublishPolicy[] {PublishPolicy.onChange(0.5), PublishPolicy.periodic(1_000_000_000L)}, 32, new AtomicCounter[0], new String[0]);
        final Reading reading = new Reading();
        image.write(0, reading.ok(21.0, 100_000_000L));
        image.write(1, reading.ok(0.02, 100_000_000L));
        publisher.poll(100_000_000L);
        assertEquals(1, telemetry().size(), "both samples in one message");
        final String first = telemetry().get(0);
        assertTrue(first.contains("\"signal\":\"temperature\",\"ts\":" + WALL_MS + ",\"t\":0.100,\"v\":21.000000,\"status\":\"OK\""), first);
        assertTrue(first.contains("\"signal\":\"vibration\""), first);
        assertTrue(topics.contains("ironloop/retrofit/status") && topics.contains("ironloop/retrofit/health"));

        // Inside the deadband: nothing; the periodic one is not due yet.
        image.write(0, reading.ok(21.3, 200_000_000L));
        image.write(1, reading.ok(0.03, 200_000_000L));
        nowMs[0] += 100;
        publisher.poll(200_000_000L);
        assertEquals(1, telemetry().size());
        // Beyond the deadband: published, stamped with the sample's own time.
        image.write(0, reading.ok(21.6, 300_000_000L));
        nowMs[0] += 100;
        publisher.poll(300_000_000L);
        assertEquals(2, telemetry().size());
        assertTrue(telemetry().get(1).contains("\"signal\":\"temperature\",\"ts\":" + (WALL_MS + 200) + ",\"t\":0.300,\"v\":21.600000"), telemetry().get(1));
        assertTrue(!telemetry().get(1).contains("vibration"));
        // The periodic one after its period.
        nowMs[0] += 900;
        publisher.poll(1_200_000_000L);
        assertEquals(3, telemetry().size());
        assertTrue(telemetry().get(2).contains("\"signal\":\"vibration\""), telemetry().get(2));
        // A status change is always published, even inside the deadband.
        image.write(0, reading.fault(7, 1_300_000_000L));
        nowMs[0] += 100;
        publisher.poll(1_300_000_000L);
        assertTrue(telemetry().get(3).contains("\"signal\":\"temperature\"") && telemetry().get(3).contains("\"status\":\"FAULT\""), telemetry().get(3));
    }

    @Test
    void shouldPublishWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final ProcessImage image = new ProcessImage("a", "b", "c");
        final PublishPolicy[] policies = new PublishPolicy[3];
        java.util.Arrays.fill(policies, PublishPolicy.both(0.001, 1_000_000L));
        final long[] offered = new long[1];
        final TelemetryLink counting = new TelemetryLink()
        {
            @Override
            public boolean offer(final String topic, final byte[] payload, final int length)
            {
                offered[0] += length;
                return true;
            }

            @Override
            public int pump(final long nowNs)
            {
                return 0;
            }

            @Override
            public int backlog()
            {
                return 0;
            }

            @Override
            public boolean drain(final long timeoutMs)
            {
                return true;
            }

            @Override
            public void close()
            {
            }
        };
        final SignalPublisher publisher = new SignalPublisher("m", "ironloop/m", image, null, counting, () -> WALL_MS, 0L, policies, 32,
            new AtomicCounter[0], new String[0]);
        // The alarm paths too: a watched counter (the journal's) and the advisor's status, raised and cleared every 3 s.
        final org.agrona.concurrent.status.CountersManager counters = new org.agrona.concurrent.status.CountersManager(
            new org.agrona.concurrent.UnsafeBuffer(new byte[64 * 1024]), new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(16 * 1024)));
        final AtomicCounter journalAlarm = counters.newCounter("journal alarm");
        final AtomicCounter alarms = counters.newCounter("alarm messages published");
        final io.ironloop.control.advice.AdvisorStatus advisor = new io.ironloop.control.advice.AdvisorStatus();
        publisher.alarmWhile("journal", journalAlarm, "JOURNALING", "FULL", "FAILED").advisorAlarms(advisor, "pump", new String[] {"a", "b"})
            .countAlarmsIn(alarms);
        final int[] blamed = {1, 0};
        final Reading reading = new Reading();
        for (int i = 0; i < 20_000; i++)
        {
            image.write(i % 3, reading.ok(i * 0.01, i * 1_000_000L));
            toggleAlarms(i, advisor, journalAlarm, blamed);
            publisher.poll(i * 1_000_000L);
        }
        final long thread = Thread.currentThread().getId();
        // The least of three rounds: a JIT compilation or a safepoint may allocate once in a round; per-call allocation would be megabytes.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 20_000 + round * 100_000; i < 120_000 + round * 100_000; i++)
            {
                image.write(i % 3, reading.ok(i * 0.01, i * 1_000_000L));
                toggleAlarms(i, advisor, journalAlarm, blamed);
                publisher.poll(i * 1_000_000L);
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
        }
        assertTrue(offered[0] > 0);
        assertTrue(alarms.get() > 100, "the alarm paths ran: " + alarms.get() + " alarm messages");
        assertTrue(allocated < 1024, "poll allocated " + allocated + " bytes over 100000 calls");
    }

    private static void toggleAlarms(final int i, final io.ironloop.control.advice.AdvisorStatus advisor, final AtomicCounter journal, final int[] blamed)
    {
        if (i % 3_000 == 0)
        {
            final boolean on = (i / 3_000) % 2 == 0;
            advisor.write(i * 1_000_000L, on ? 9.0 : 1.0, on, 0.5, Double.NaN, Double.NaN, Double.NaN, blamed, 2);
            journal.set(on ? 2 : 0);
        }
    }

    @Test
    void shouldSplitBatchesAtTheirSize()
    {
        final ProcessImage image = new ProcessImage("a", "b", "c", "d", "e");
        final PublishPolicy[] policies = new PublishPolicy[5];
        java.util.Arrays.fill(policies, PublishPolicy.periodic(1_000_000L));
        final SignalPublisher publisher = new SignalPublisher("m", "ironloop/m", image, null, capture, () -> WALL_MS, 0L, policies, 2,
            new AtomicCounter[0], new String[0]);
        final Reading reading = new Reading();
        for (int i = 0; i < 5; i++)
        {
            image.write(i, reading.ok(i, 1_000L));
        }
        publisher.poll(1_000L);
        assertEquals(3, telemetry().size(), "5 samples in batches of 2");
        assertEquals(5, publisher.samples());
    }
}
