package io.ironloop.firmware.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paho5Link against a real Mosquitto: password file, ACL refusals seen as refused (MQTT 5 reason 135), reconnects, TLS. */
class MosquittoLinkTest
{
    private static final String ACL = "user board-a\ntopic readwrite ironloop/a/#\n\nuser observer\ntopic read ironloop/#\n";
    private static final String PASSWORD = "s3cret-board-a-pw";

    @TempDir
    Path dir;

    private static MqttClient subscriber(final String uri, final String user, final String password, final String filter,
        final List<String> received) throws Exception
    {
        final MqttClient client = new MqttClient(uri, "observer-" + System.nanoTime(), new MemoryPersistence());
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        client.setCallback(new MqttCallback()
        {
            @Override
            public void connectionLost(final Throwable cause)
            {
            }

            @Override
            public void messageArrived(final String topic, final MqttMessage message)
            {
                received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(final IMqttDeliveryToken token)
            {
            }
        });
        client.connect(options);
        client.subscribe(filter, 1);
        return client;
    }

    @Test
    void shouldSeeAPublishTheAclForbidsAsRefusedAndDeliverTheAllowedOne() throws Exception
    {
        Brokers.requireMosquitto(false);
        final Path passwordFile = dir.resolve("board-a.pw");
        Files.writeString(passwordFile, PASSWORD + "\n");
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"),
            new MosquittoProcess.Options().anonymous(false).user("board-a", PASSWORD).user("observer", "obs-pw").acl(ACL)))
        {
            final List<String> received = new CopyOnWriteArrayList<>();
            final MqttClient observer = subscriber(broker.uri(), "observer", "obs-pw", "ironloop/#", received);
            final Acknowledgements answers = new Acknowledgements(64);
            final MqttSettings settings = MqttSettings.plain(broker.uri(), "board-a-test", 1).withProtocol(MqttSettings.Protocol.V5)
                .withCredentials("board-a", passwordFile, null);
            try (Paho5Link link = new Paho5Link(settings, 64, 256, Map.of()))
            {
                link.acknowledgeInto(answers);
                assertTrue(link.connect(5_000), "connected with the password from the file");
                assertTrue(link.publish(1, "ironloop/a/telemetry", "ok".getBytes(StandardCharsets.UTF_8), 2));
                assertTrue(link.publish(2, "ironloop/b/telemetry", "forbidden".getBytes(StandardCharsets.UTF_8), 9));
                final long[] seen = new long[4];
                assertTrue(Brokers.until(() -> seen[0] == 2, 5_000, () ->
                {
                    link.pump(System.nanoTime());
                    seen[0] += answers.drainTo(sequence -> seen[(int)sequence + 1]++, 16);
                }), "both publishes answered");
                assertEquals(1, answers.refused(), "the ACL's refusal is seen as refused, not as delivered");
                assertEquals(1, link.refused());
                assertTrue(Brokers.until(() -> received.size() == 1, 5_000, () -> { }));
                assertEquals(List.of("ironloop/a/telemetry ok"), received, "the forbidden one never reached a subscriber");
            }
            observer.disconnect();
            observer.close();
        }
    }

    @Test
    void shouldRetryAWrongPasswordWithBackoffWithoutLoggingThePassword() throws Exception
    {
        Brokers.requireMosquitto(false);
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"),
            new MosquittoProcess.Options().anonymous(false).user("board-a", PASSWORD).acl(ACL)))
        {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            final String wrong = "wrong-pw-must-not-appear";
            final MqttSettings settings = MqttSettings.plain(broker.uri(), "board-a-test", 1).withProtocol(MqttSettings.Protocol.V5)
                .withCredentials("board-a", null, "IRONLOOP_TEST_MQTT_PASSWORD");
            try (Paho5Link link = new Paho5Link(settings, 64, 256, Map.of("IRONLOOP_TEST_MQTT_PASSWORD", wrong)))
            {
                assertFalse(link.connect(3_000));
                assertTrue(Brokers.until(() -> link.connectFailures() >= 2, 10_000, () -> link.pump(System.nanoTime())), "retried");
                assertFalse(link.isConnected());
                assertTrue(link.lastProblem().contains("135") || link.lastProblem().contains("134") || link.lastProblem().toLowerCase().contains("auth"),
                    link.lastProblem());
                System.err.flush();
            }
            try (Paho5Link link = new Paho5Link(settings, 64, 256, Map.of("IRONLOOP_TEST_MQTT_PASSWORD", PASSWORD)))
            {
                assertTrue(link.connect(5_000), "the right password from the environment connects");
            }
        }
        finally
        {
            System.setErr(err);
        }
        final String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("connect failed"), log);
        assertFalse(log.contains("wrong-pw-must-not-appear"), log);
        assertFalse(log.contains(PASSWORD), log);
    }

    @Test
    void shouldReconnectAfterTheBrokerRestartsAndKeepItsThreadsBounded() throws Exception
    {
        Brokers.requireMosquitto(false);
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options()))
        {
            final MqttSettings settings = MqttSettings.plain(broker.uri(), "board-restart", 1).withProtocol(MqttSettings.Protocol.V5);
            try (Paho5Link link = new Paho5Link(settings, 64, 256, Map.of()))
            {
                // The first connect is made by pump alone: no connect() call needed.
                assertTrue(Brokers.until(link::isConnected, 5_000, () -> link.pump(System.nanoTime())));
                final int threadsAfterFirst = pahoThreads();
                for (int i = 0; i < 4; i++)
                {
                    broker.restart();
                    final long before = link.connections();
                    assertTrue(Brokers.until(() -> link.connections() > before, 40_000, () -> link.pump(System.nanoTime())),
                        "reconnected after restart " + (i + 1));
                }
                assertEquals(5, link.connections());
                assertTrue(pahoThreads() <= Paho5Link.THREADS, "Paho's threads stay within its executor: " + pahoThreads());
                assertTrue(pahoThreads() <= Math.max(threadsAfterFirst, Paho5Link.THREADS));
            }
            assertTrue(Brokers.until(() -> pahoThreads() == 0, 5_000, () -> { }), "close ends Paho's threads");
        }
    }

    @Test
    void shouldKeepRetryingWhenTheFirstConnectFindsNoBroker() throws Exception
    {
        final int port = EmbeddedBroker.freePort();
        // auto: MQTT 5 first; the embedded broker (Moquette) answers that it does not speak it, so 3.1.1 takes over.
        final MqttSettings settings = MqttSettings.plain("tcp://127.0.0.1:" + port, "board-nobroker", 1);
        try (MqttLink link = new MqttLink(settings, 64, 256, Map.of()))
        {
            assertFalse(link.connect(1_000));
            final long start = System.nanoTime();
            link.pump(start);
            assertTrue(System.nanoTime() - start < 50_000_000L, "pump does not block while the broker is absent");
            try (EmbeddedBroker broker = EmbeddedBroker.start(port))
            {
                assertTrue(Brokers.until(link::isConnected, 20_000, () -> link.pump(System.nanoTime())), "connected once a broker appeared");
                assertEquals("3.1.1", link.protocol());
            }
        }
    }

    @Test
    void shouldSpeakMqtt5ToMosquittoWithAuto() throws Exception
    {
        Brokers.requireMosquitto(false);
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options());
            MqttLink link = new MqttLink(MqttSettings.plain(broker.uri(), "board-auto", 1), 64, 256, Map.of()))
        {
            assertTrue(link.connect(5_000));
            assertEquals("5", link.protocol());
        }
    }

    @Test
    void shouldFallBackTo311WithinTheFirstConnectAgainstTheEmbeddedBroker() throws Exception
    {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.freePort());
            MqttLink link = new MqttLink(MqttSettings.plain(broker.uri(), "board-embedded", 1), 64, 256, Map.of()))
        {
            assertTrue(link.connect(5_000), String.valueOf(link.lastProblem()));
            assertEquals("3.1.1", link.protocol());
            assertTrue(link.offer("ironloop/x/telemetry", new byte[] {'1'}, 1));
            assertTrue(Brokers.until(() -> link.published() == 1, 5_000, () -> link.pump(System.nanoTime())));
        }
    }

    @Test
    void shouldHoldTheFirstConnectUntilABrokerStartingInTheBackgroundIsUp() throws Exception
    {
        final java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
        try (EmbeddedBroker broker = EmbeddedBroker.startInBackground(EmbeddedBroker.freePort());
            MqttLink link = new MqttLink(MqttSettings.plain(broker.uri(), "board-background", 1)
                .withProtocol(MqttSettings.Protocol.V3_1_1), 64, 256, Map.of()))
        {
            link.holdConnectUntil(() -> ready.get() && broker.isStarted());
            assertTrue(link.offer("ironloop/x/telemetry", new byte[] {'1'}, 1));
            for (int i = 0; i < 1_000; i++)
            {
                assertEquals(0, link.pump(System.nanoTime()));
            }
            // Held: no attempt, so no failure counted or logged for a broker that is still starting.
            assertEquals(0, link.connectFailures());
            assertEquals(0, link.connections());
            assertEquals(1, link.backlog());
            assertTrue(broker.awaitStarted(10_000), String.valueOf(broker.failure()));
            ready.set(true);
            assertTrue(Brokers.until(() -> link.published() == 1, 5_000, () -> link.pump(System.nanoTime())));
            assertEquals(1, link.connections());
        }
    }

    @Test
    void shouldStopABrokerClosedWhileItIsStillStarting() throws Exception
    {
        final int port = EmbeddedBroker.freePort();
        EmbeddedBroker.startInBackground(port).close();
        // The start finished before the stop: nothing listens on the port afterwards.
        try (java.net.ServerSocket socket = new java.net.ServerSocket())
        {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void shouldLetTheEmbeddedBrokerAcceptAClientWithoutAClientId() throws Exception
    {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.freePort()))
        {
            final MqttClient anonymous = new MqttClient(broker.uri(), "", new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            anonymous.connect(options);
            assertTrue(anonymous.isConnected());
            anonymous.disconnect();
            anonymous.close();
        }
    }

    static int pahoThreads()
    {
        return (int)Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("mqtt-paho5")).count();
    }
}
