package io.ironloop.hil.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.firmware.mqtt.EmbeddedBroker;
import io.ironloop.hil.Repo;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Telemetry reaches a subscriber on the broker, in order and complete. */
class MqttTelemetryTest
{
    @Test
    void shouldDeliverEveryTelemetryMessageToASubscriber() throws Exception
    {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.freePort()))
        {
            final List<String> payloads = new CopyOnWriteArrayList<>();
            final int expected = 101; // 10 s at 10 Hz, t = 0.0 .. 10.0
            final CountDownLatch received = new CountDownLatch(expected);
            final MqttClient subscriber = new MqttClient(broker.uri(), "test-subscriber", new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            subscriber.connect(options);
            subscriber.subscribe("ironloop/pump-station", 1, (topic, message) ->
            {
                payloads.add(new String(message.getPayload(), java.nio.charset.StandardCharsets.US_ASCII));
                received.countDown();
            });

            final Repo.Cli run = Repo.ironloop("demo", "--fast", "--seconds", "10", "--broker", broker.uri());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(received.await(20, TimeUnit.SECONDS), "received " + payloads.size() + " of " + expected);
            subscriber.disconnect();
            subscriber.close();

            assertEquals(expected, payloads.size());
            final ObjectMapper json = new ObjectMapper();
            double lastT = -1;
            for (final String payload : payloads)
            {
                final JsonNode message = json.readTree(payload);
                assertEquals("pump-station", message.get("machine").asText());
                assertTrue(message.get("t").asDouble() > lastT, "in order");
                lastT = message.get("t").asDouble();
            }
            assertEquals(10.0, lastT, 1e-9);
        }
    }
}
