package io.ironloop.hil.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.firmware.mqtt.EmbeddedBroker;
import io.ironloop.hil.Repo;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a state directory, telemetry goes through the store-and-forward journal: what a run could not
 * deliver because the broker was down is sent by the next run, beside its own live data.
 */
class JournaledTelemetryTest
{
    @TempDir
    Path state;

    @Test
    void shouldDeliverTelemetryJournaledDuringAnOutageOnTheNextRun() throws Exception
    {
        final int perRun = 101; // 10 s at 10 Hz, t = 0.0 .. 10.0
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        final Repo.Cli outage = Repo.ironloop("demo", "--fast", "--seconds", "10", "--state-dir", state.toString(),
            "--broker", "tcp://127.0.0.1:" + closedPort);
        assertEquals(0, outage.exitCode(), outage.out() + outage.err());
        assertTrue(outage.out().contains("0 message(s) waiting from before"), outage.out());

        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.freePort()))
        {
            final List<String> payloads = new CopyOnWriteArrayList<>();
            final CountDownLatch received = new CountDownLatch(2 * perRun);
            final MqttClient subscriber = new MqttClient(broker.uri(), "journal-test-subscriber", new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            subscriber.connect(options);
            subscriber.subscribe("ironloop/pump-station", 1, (topic, message) ->
            {
                payloads.add(new String(message.getPayload(), StandardCharsets.US_ASCII));
                received.countDown();
            });

            final Repo.Cli next = Repo.ironloop("demo", "--fast", "--seconds", "10", "--state-dir", state.toString(),
                "--broker", broker.uri());
            assertEquals(0, next.exitCode(), next.out() + next.err());
            // The loop's samples and, beside them, the JSON topics' messages (signals, status, health) of the outage run.
            final java.util.regex.Matcher waiting = java.util.regex.Pattern.compile("(\\d+) message\\(s\\) waiting from before").matcher(next.out());
            assertTrue(waiting.find() && Integer.parseInt(waiting.group(1)) >= perRun, next.out());
            assertTrue(received.await(30, TimeUnit.SECONDS), "received " + payloads.size() + " of " + 2 * perRun);
            subscriber.disconnect();
            subscriber.close();

            final ObjectMapper json = new ObjectMapper();
            final Map<String, Integer> perTime = new TreeMap<>();
            for (final String payload : payloads)
            {
                perTime.merge(json.readTree(payload).get("t").asText(), 1, Integer::sum);
            }
            assertEquals(perRun, perTime.size(), "every sample time of a 10 s run: " + perTime.keySet());
            perTime.forEach((t, count) -> assertTrue(count >= 2, "t=" + t + " arrived from both runs, " + count + " time(s)"));
        }
    }
}
