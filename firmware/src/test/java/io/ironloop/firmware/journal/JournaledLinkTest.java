package io.ironloop.firmware.journal;

import io.ironloop.firmware.mqtt.AcknowledgingLink;
import io.ironloop.firmware.mqtt.Acknowledgements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ironloop.firmware.journal.JournalRecords.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournaledLinkTest
{
    private static final String TOPIC = "ironloop/pump-station/telemetry";
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final FakeLink link = new FakeLink();
    private final Acknowledgements acknowledgements = new Acknowledgements(1024);
    private long nowNs = 1_000 * MS;

    private JournaledLink open(final JournalConfig config, final double backlogPerSecond) throws IOException
    {
        return new JournaledLink(Journal.open(config), link, acknowledgements, () -> nowNs, () -> 1_764_633_600_000_000_000L + nowNs,
            backlogPerSecond);
    }

    private static byte[] payload(final int i)
    {
        return ("{\"n\":" + i + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean offer(final JournaledLink journaled, final int i)
    {
        final byte[] payload = payload(i);
        return journaled.offer(TOPIC, payload, payload.length);
    }

    @Test
    void shouldJournalEveryMessageSendItLiveAndReleaseItOnAcknowledgement() throws IOException
    {
        link.connect();
        try (JournaledLink journaled = open(config(dir), 100))
        {
            journaled.pump(nowNs);
            for (int i = 0; i < 10; i++)
            {
                assertTrue(offer(journaled, i));
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), link.sequences);
            assertEquals("{\"n\":3}", link.payloads.get(3));
            assertEquals(10, journaled.backlog(), "sent is not released");
            for (long s = 9; s >= 0; s--)
            {
                acknowledgements.acknowledged(s);
            }
            journaled.pump(nowNs);
            assertEquals(0, journaled.backlog());
            assertEquals(10, journaled.journal().watermark());
            assertEquals(10, journaled.live());
            assertEquals(0, journaled.replayed());
        }
    }

    @Test
    void shouldReplayTheUnacknowledgedInOrderAfterAReconnectBesideLiveDataAtTheConfiguredRate() throws IOException
    {
        link.connect();
        try (JournaledLink journaled = open(config(dir), 100))
        {
            journaled.pump(nowNs);
            for (int i = 0; i < 100; i++)
            {
                offer(journaled, i);
            }
            for (long s = 49; s >= 0; s--)
            {
                if (s != 10)
                {
                    acknowledgements.acknowledged(s);
                }
            }
            acknowledgements.acknowledged(77);
            journaled.pump(nowNs);
            link.disconnect();
            for (int i = 100; i < 200; i++)
            {
                offer(journaled, i);
            }
            assertEquals(100, link.sequences.size(), "nothing goes to a link that is down");

            link.connect();
            link.sequences.clear();
            final List<Long> expected = new ArrayList<>();
            expected.add(10L);
            for (long s = 50; s < 200; s++)
            {
                if (s != 77)
                {
                    expected.add(s);
                }
            }
            final List<Long> live = new ArrayList<>();
            // One second of 10 ms duty cycles with a live message in each: about 100 backlog messages go.
            for (int cycle = 0; cycle < 100; cycle++)
            {
                journaled.pump(nowNs);
                final int before = link.sequences.size();
                offer(journaled, 1000 + cycle);
                assertEquals(before + 1, link.sequences.size(), "live data goes at once");
                live.add(link.sequences.remove(before));
                nowNs += 10 * MS;
            }
            assertEquals(expected.subList(0, link.sequences.size()), link.sequences, "backlog in order, acknowledged skipped");
            assertTrue(link.sequences.size() >= 95 && link.sequences.size() <= 111, "rate limited: " + link.sequences.size());
            for (int cycle = 0; cycle < 100; cycle++)
            {
                journaled.pump(nowNs);
                nowNs += 10 * MS;
            }
            assertEquals(expected, link.sequences, "the whole backlog, once, in order");
            assertEquals(200, live.get(0));
            assertEquals(expected.size(), journaled.replayed());
        }
    }

    @Test
    void shouldReplayTheUnacknowledgedBacklogAfterARestart() throws IOException
    {
        link.connect();
        try (JournaledLink journaled = open(config(dir), 1000))
        {
            journaled.pump(nowNs);
            for (int i = 0; i < 50; i++)
            {
                offer(journaled, i);
            }
            for (long s = 0; s < 20; s++)
            {
                acknowledgements.acknowledged(s);
            }
            journaled.pump(nowNs);
        }
        final FakeLink restarted = new FakeLink();
        restarted.connect();
        try (JournaledLink journaled = new JournaledLink(Journal.open(config(dir)), restarted, acknowledgements, () -> nowNs,
            () -> nowNs, 1000))
        {
            assertEquals(30, journaled.backlog());
            for (int cycle = 0; cycle < 10; cycle++)
            {
                journaled.pump(nowNs);
                nowNs += 10 * MS;
            }
            assertEquals(30, restarted.sequences.size());
            for (int i = 0; i < 30; i++)
            {
                assertEquals(20 + i, restarted.sequences.get(i));
                assertEquals("{\"n\":" + (20 + i) + "}", restarted.payloads.get(i));
                assertEquals(TOPIC, restarted.topics.get(i));
            }
        }
    }

    @Test
    void shouldSendFromTheBacklogWhatTheLinkCouldNotTakeLive() throws IOException
    {
        link.connect();
        link.capacity = 5;
        try (JournaledLink journaled = open(config(dir), 1000))
        {
            journaled.pump(nowNs);
            for (int i = 0; i < 10; i++)
            {
                assertTrue(offer(journaled, i), "journaled, so accepted");
            }
            assertEquals(5, link.sequences.size());
            link.capacity = Integer.MAX_VALUE;
            for (int cycle = 0; cycle < 5; cycle++)
            {
                nowNs += 10 * MS;
                journaled.pump(nowNs);
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), link.sequences);
        }
    }

    @Test
    void shouldKeepSendingLiveUnjournaledWhenTheDiskIsFull() throws IOException
    {
        final Path devFull = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(devFull), "needs /dev/full");
        link.connect();
        try (JournaledLink journaled = open(config(dir), 1000))
        {
            // Every write to the segment the journal opens first fails with ENOSPC, as on a full disk.
            Files.createSymbolicLink(dir.resolve(Journal.segmentName(0)), devFull);
            assertTrue(offer(journaled, 0));
            journaled.pump(nowNs);
            assertTrue(journaled.journal().alarm());
            assertEquals(JournalState.FAILED, journaled.journal().state());
            for (int i = 1; i < 10; i++)
            {
                assertTrue(offer(journaled, i), "the caller carries on");
            }
            assertEquals(10, link.sequences.size(), "live data still goes out");
            assertEquals(AcknowledgingLink.NO_SEQUENCE, link.sequences.get(9));
            assertEquals(9, journaled.unjournaled());
            assertEquals(0, journaled.backlog());
        }
    }

    @Test
    void shouldSendOnlyWhatSurvivedEvictionAfterALongOutage() throws IOException
    {
        try (JournaledLink journaled = open(config(dir).maxBytes(4 * 64 * 1024), 100_000))
        {
            for (int i = 0; i < 20_000; i++)
            {
                offer(journaled, i);
            }
            final Journal journal = journaled.journal();
            assertTrue(journal.evictedRecords() > 0, "the outage outgrew the budget");
            assertEquals(journal.watermark(), journal.evictedRecords(), "every evicted record counted");
            final long kept = journal.backlogDepth();

            link.connect();
            for (int cycle = 0; cycle < 200 && journaled.replayed() < kept; cycle++)
            {
                journaled.pump(nowNs);
                nowNs += 10 * MS;
            }
            assertEquals(kept, link.sequences.size());
            for (int i = 0; i < link.sequences.size(); i++)
            {
                assertEquals(journal.watermark() + i, link.sequences.get(i), "oldest surviving first, in order");
            }
            assertEquals(19_999, link.sequences.get(link.sequences.size() - 1));
        }
    }

    @Test
    void shouldReleaseAMessageTheBrokerRefusedForGoodAndCountIt() throws IOException
    {
        link.connect();
        try (JournaledLink journaled = open(config(dir), 100))
        {
            journaled.pump(nowNs);
            offer(journaled, 0);
            offer(journaled, 1);
            acknowledgements.refused(0);
            acknowledgements.acknowledged(1);
            journaled.pump(nowNs);
            assertEquals(0, journaled.backlog());
            assertEquals(1, acknowledgements.refused());
        }
    }

    @Test
    void shouldTakeAcknowledgementsFromTheClientsThread() throws Exception
    {
        link.connect();
        try (JournaledLink journaled = open(config(dir), 1000))
        {
            journaled.pump(nowNs);
            for (int i = 0; i < 500; i++)
            {
                offer(journaled, i);
            }
            final Thread callback = new Thread(() ->
            {
                // Out of order in blocks, as an in-flight window answers.
                for (long block = 0; block < 500; block += 10)
                {
                    for (long s = block + 9; s >= block; s--)
                    {
                        while (!acknowledgements.acknowledged(s))
                        {
                            Thread.onSpinWait();
                        }
                    }
                }
            }, "mqtt-callback");
            callback.start();
            final long deadline = System.nanoTime() + 10_000 * MS;
            while (journaled.backlog() > 0 && System.nanoTime() - deadline < 0)
            {
                journaled.pump(nowNs);
                Thread.onSpinWait();
            }
            callback.join(10_000);
            assertEquals(0, journaled.backlog());
            assertEquals(500, journaled.journal().watermark());
            assertEquals(0, acknowledgements.dropped());
        }
    }

    @Test
    void shouldOfferAndReleaseWithoutAllocating() throws IOException
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CountingLink counting = new CountingLink();
        try (JournaledLink journaled = new JournaledLink(Journal.open(config(dir).segmentBytes(64 * 1024 * 1024)
            .maxBytes(128L * 1024 * 1024)), counting, acknowledgements, () -> nowNs, () -> nowNs, 100))
        {
            final byte[] payload = payload(123);
            final long[] sequence = {0};
            final Runnable cycle = () ->
            {
                journaled.offer(TOPIC, payload, payload.length);
                acknowledgements.acknowledged(sequence[0]++);
                nowNs += MS;
                journaled.pump(nowNs);
            };
            for (int i = 0; i < 20_000; i++)
            {
                cycle.run();
            }
            long fewest = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++)
                {
                    cycle.run();
                }
                fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, fewest, "bytes allocated by 10,000 offer, acknowledge, pump cycles");
            assertEquals(0, journaled.backlog());
            assertFalse(journaled.journal().alarm());
        }
    }

    /** A link that records what it is given. */
    private static final class FakeLink implements AcknowledgingLink
    {
        final List<Long> sequences = new ArrayList<>();
        final List<String> topics = new ArrayList<>();
        final List<String> payloads = new ArrayList<>();
        int capacity = Integer.MAX_VALUE;
        private boolean connected;
        private long connections;

        void connect()
        {
            connected = true;
            connections++;
        }

        void disconnect()
        {
            connected = false;
        }

        @Override
        public boolean publish(final long sequence, final String topic, final byte[] payload, final int length)
        {
            if (!connected || sequences.size() >= capacity)
            {
                return false;
            }
            sequences.add(sequence);
            topics.add(topic);
            payloads.add(new String(payload, 0, length, StandardCharsets.US_ASCII));
            return true;
        }

        @Override
        public int pump(final long nowNs)
        {
            return 0;
        }

        @Override
        public boolean isConnected()
        {
            return connected;
        }

        @Override
        public long connections()
        {
            return connections;
        }

        @Override
        public void close()
        {
        }
    }

    /** A connected link that only counts, so the allocation check sees the journal's side alone. */
    private static final class CountingLink implements AcknowledgingLink
    {
        long published;

        @Override
        public boolean publish(final long sequence, final String topic, final byte[] payload, final int length)
        {
            published++;
            return true;
        }

        @Override
        public int pump(final long nowNs)
        {
            return 0;
        }

        @Override
        public boolean isConnected()
        {
            return true;
        }

        @Override
        public long connections()
        {
            return 1;
        }

        @Override
        public void close()
        {
        }
    }
}
