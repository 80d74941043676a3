package io.ironloop.firmware.mqtt;

import io.ironloop.firmware.journal.Journal;
import io.ironloop.firmware.journal.JournalConfig;
import io.ironloop.firmware.journal.JournaledLink;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mutual TLS against Mosquitto with a CA made at test time; a broker restart mid-run loses nothing the journal holds. */
class MosquittoTlsAndRestartTest
{
    @TempDir
    Path dir;

    @Test
    void shouldConnectWithAClientCertificateAndRefuseWithoutOneOrWithAForeignCa() throws Exception
    {
        Brokers.requireMosquitto(true);
        final Brokers.Pki pki = Brokers.Pki.create(dir.resolve("pki"));
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"),
            new MosquittoProcess.Options().tls(pki.ca(), pki.serverCert(), pki.serverKey(), true)))
        {
            final MqttSettings base = MqttSettings.plain(broker.tlsUri(), "board-tls", 1).withProtocol(MqttSettings.Protocol.V5);
            try (MqttLink pem = new MqttLink(base.withTls(pki.ca(), pki.clientCert(), pki.clientKey(), null, null), 16, 128, Map.of()))
            {
                assertTrue(pem.connect(10_000), "mutual TLS with PEM files: " + pem.lastProblem());
            }
            try (MqttLink p12 = new MqttLink(base.withClientId("board-tls-p12").withTls(pki.ca(), null, null, pki.clientP12(), "P12_PW"), 16, 128,
                Map.of("P12_PW", Brokers.Pki.P12_PASSWORD)))
            {
                assertTrue(p12.connect(10_000), "mutual TLS with a PKCS12 store: " + p12.lastProblem());
            }
            try (MqttLink noCert = new MqttLink(base.withClientId("board-tls-nocert").withTls(pki.ca(), null, null, null, null), 16, 128, Map.of()))
            {
                assertFalse(noCert.connect(5_000), "the broker requires a client certificate");
                assertTrue(Brokers.until(() -> noCert.connectFailures() >= 2, 10_000, () -> noCert.pump(System.nanoTime())), "and it retries");
                assertTrue(noCert.lastProblem() != null && !noCert.lastProblem().isBlank());
            }
            try (MqttLink foreign = new MqttLink(base.withClientId("board-tls-foreign").withTls(pki.otherCa(), pki.clientCert(), pki.clientKey(), null, null),
                16, 128, Map.of()))
            {
                assertFalse(foreign.connect(5_000), "a broker certificate from another CA is not trusted");
                assertTrue(foreign.lastProblem().contains("PKIX") || foreign.lastProblem().toLowerCase().contains("certificat"), foreign.lastProblem());
            }
        }
    }

    @Test
    void shouldLoseNothingWhenTheBrokerRestartsMidRunAndCountDuplicates() throws Exception
    {
        Brokers.requireMosquitto(false);
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options().persistence(true)))
        {
            // A subscriber with a persistent session: the broker keeps what arrives for it while it reconnects.
            final Map<Integer, Integer> seen = new ConcurrentHashMap<>();
            final AtomicLong messages = new AtomicLong();
            final MqttClient subscriber = new MqttClient(broker.uri(), "restart-observer", new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            options.setMaxReconnectDelay(200);
            subscriber.setCallback(new MqttCallbackExtended()
            {
                @Override
                public void connectComplete(final boolean reconnect, final String serverUri)
                {
                }

                @Override
                public void connectionLost(final Throwable cause)
                {
                }

                @Override
                public void messageArrived(final String topic, final MqttMessage message)
                {
                    messages.incrementAndGet();
                    seen.merge(Integer.parseInt(new String(message.getPayload(), StandardCharsets.UTF_8)), 1, Integer::sum);
                }

                @Override
                public void deliveryComplete(final IMqttDeliveryToken token)
                {
                }
            });
            subscriber.connect(options);
            subscriber.subscribe("ironloop/restart/#", 1);

            final Acknowledgements answers = new Acknowledgements(4096);
            final MqttLink mqtt = new MqttLink(MqttSettings.plain(broker.uri(), "board-journal", 1), 4096, 64, Map.of());
            mqtt.acknowledgeInto(answers);
            final Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).fsync(false));
            final int total = 3000;
            try (JournaledLink link = new JournaledLink(journal, mqtt, answers, new SystemNanoClock(), new SystemEpochNanoClock(), 20_000))
            {
                assertTrue(mqtt.connect(5_000));
                for (int i = 0; i < total; i++)
                {
                    final byte[] payload = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
                    assertTrue(link.offer("ironloop/restart/telemetry", payload, payload.length));
                    link.pump(System.nanoTime());
                    if (i == total / 2)
                    {
                        broker.restart();
                    }
                }
                assertTrue(Brokers.until(() -> seen.size() == total && journal.backlogDepth() == 0, 60_000, () -> link.pump(System.nanoTime())),
                    "every sample arrived: " + seen.size() + " of " + total + ", backlog " + journal.backlogDepth());
                assertTrue(mqtt.connections() >= 2, "the link reconnected after the restart");
            }
            final long duplicates = messages.get() - seen.size();
            assertEquals(0, total - seen.size(), "lost");
            assertTrue(duplicates >= 0, "duplicates counted: " + duplicates);
            subscriber.disconnect();
            subscriber.close();
        }
    }
}
