package io.ironloop.firmware.journal;

import io.ironloop.firmware.mqtt.AcknowledgingLink;
import io.ironloop.firmware.mqtt.Acknowledgements;
import io.ironloop.firmware.mqtt.EmbeddedBroker;
import io.ironloop.firmware.mqtt.PahoLink;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static io.ironloop.firmware.journal.JournalRecords.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal over Paho and a real (embedded) broker: what was offered while the broker was absent arrives, in order. */
class JournaledPahoLinkTest
{
    private static final String TOPIC = "ironloop/pump-station/telemetry";

    @TempDir
    Path dir;

    @Test
    void shouldDeliverWhatWasJournaledDuringABrokerOutageAndReleaseItOnPuback() throws Exception
    {
        final int port = EmbeddedBroker.freePort();
        final Acknowledgements acknowledgements = new Acknowledgements(4096);
        final PahoLink paho = new PahoLink("tcp://127.0.0.1:" + port, "journal-test", 1, 1024, 512);
        paho.acknowledgeInto(acknowledgements);
        // As the firmware starts it: the first attempt, then pump() retries with backoff.
        assertFalse(paho.connect(5000), "no broker yet");
        try (JournaledLink link = new JournaledLink(Journal.open(config(dir).fsync(true).fsyncIntervalNs(1_000_000L)), paho, acknowledgements, System::nanoTime,
            new SystemEpochNanoClock(), 1000))
        {
            for (int i = 0; i < 100; i++)
            {
                offer(link, i);
                link.pump(System.nanoTime());
            }
            assertEquals(100, link.backlog(), "no broker: everything waits in the journal");

            try (EmbeddedBroker broker = EmbeddedBroker.start(port))
            {
                assertEquals(port, broker.port());
                final List<String> received = new CopyOnWriteArrayList<>();
                final MqttClient subscriber = new MqttClient(broker.uri(), "journal-test-subscriber", new MemoryPersistence());
                final MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                subscriber.connect(options);
                subscriber.subscribe(TOPIC, 1, (topic, message) -> received.add(new String(message.getPayload(), StandardCharsets.US_ASCII)));

                pumpUntil(link, () -> link.backlog() == 0);
                assertEquals(100, link.replayed());
                for (int i = 100; i < 200; i++)
                {
                    offer(link, i);
                    link.pump(System.nanoTime());
                }
                pumpUntil(link, () -> link.backlog() == 0 && received.size() >= 200);
                subscriber.disconnect();
                subscriber.close();

                assertEquals(200, received.size());
                for (int i = 0; i < 200; i++)
                {
                    assertEquals("{\"n\":" + i + "}", received.get(i), "in order, none lost");
                }
                assertEquals(200, link.journal().watermark(), "every message released by its PUBACK");
                assertEquals(0, link.journal().backlogAgeNs(System.currentTimeMillis() * 1_000_000L));
            }
        }
    }

    private static void offer(final JournaledLink link, final int i)
    {
        final byte[] payload = ("{\"n\":" + i + "}").getBytes(StandardCharsets.US_ASCII);
        link.offer(TOPIC, payload, payload.length);
    }

    private static void pumpUntil(final JournaledLink link, final BooleanSupplier done)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, () -> "timed out; backlog " + link.backlog() + ", replayed " + link.replayed() +
                ", live " + link.live() + ", watermark " + link.journal().watermark());
            link.pump(System.nanoTime());
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
