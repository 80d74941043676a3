package io.ironloop.hil.demo;

import io.ironloop.firmware.mqtt.EmbeddedBroker;
import io.ironloop.hil.Repo;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped pump station publishes Sparkplug B beside JSON from the real firmware run, bdSeq kept in --state-dir. */
class SparkplugDemoTest
{
    @TempDir
    Path state;

    @Test
    @DisplayName("demo publishes NBIRTH, DBIRTH, DDATA and (clean stop, MQTT 3.1.1) NDEATH; bdSeq persists across runs (topics-nbirth-bdseq-increment)")
    void shouldPublishSparkplugFromTheDemoAndKeepBdSeqAcrossRuns() throws Exception
    {
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.freePort()))
        {
            final List<String> topics = new CopyOnWriteArrayList<>();
            final List<Payload> payloads = new CopyOnWriteArrayList<>();
            final List<String> json = new CopyOnWriteArrayList<>();
            final MqttClient subscriber = new MqttClient(broker.uri(), "sparkplug-host", new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            subscriber.connect(options);
            subscriber.subscribe("spBv1.0/#", 1, (topic, message) ->
            {
                topics.add(topic);
                payloads.add(Payload.parseFrom(message.getPayload()));
            });
            subscriber.subscribe("ironloop/pump-station/telemetry", 1, (topic, message) -> json.add(new String(message.getPayload(), StandardCharsets.UTF_8)));

            for (int run = 0; run < 2; run++)
            {
                final Repo.Cli cli = Repo.ironloop("demo", "--fast", "--seconds", "5", "--broker", broker.uri(), "--state-dir", state.toString());
                assertEquals(0, cli.exitCode(), cli.out() + cli.err());
                assertTrue(cli.out().contains("sparkplug B edge node spBv1.0/ironloop/NBIRTH/pump-station"), cli.out());
                final int deaths = run + 1;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (topics.stream().filter(t -> t.contains("/NDEATH/")).count() < deaths && System.nanoTime() - deadline < 0)
                {
                    Thread.onSpinWait();
                }
            }
            subscriber.disconnect();
            subscriber.close();

            assertEquals("spBv1.0/ironloop/NBIRTH/pump-station", topics.get(0), topics.toString());
            assertEquals("spBv1.0/ironloop/DBIRTH/pump-station/pump", topics.get(1), topics.toString());
            assertTrue(topics.contains("spBv1.0/ironloop/DDATA/pump-station/pump"), topics.toString());
            assertTrue(!json.isEmpty(), "JSON telemetry beside Sparkplug");
            final long first = bdSeq(topics, payloads, "/NBIRTH/", 0);
            assertEquals(first, bdSeq(topics, payloads, "/NDEATH/", 0), "the NDEATH of the first run ends its NBIRTH");
            // Every CONNECT packet takes the next bdSeq; against this 3.1.1-only broker, protocol auto's refused MQTT 5 CONNECT is one too.
            final long second = bdSeq(topics, payloads, "/NBIRTH/", 1);
            assertTrue(second > first && second <= first + 2, "the second run's bdSeq " + second + " follows the first's " + first);
            assertTrue(Files.isRegularFile(state.resolve("sparkplug/pump-station.bdseq")));
        }
    }

    private static long bdSeq(final List<String> topics, final List<Payload> payloads, final String type, final int nth)
    {
        int seen = 0;
        for (int i = 0; i < topics.size(); i++)
        {
            if (topics.get(i).contains(type) && seen++ == nth)
            {
                return payloads.get(i).getMetricsList().stream().filter(m -> m.getName().equals("bdSeq")).findFirst().orElseThrow().getLongValue();
            }
        }
        throw new AssertionError("no " + type + " #" + nth + " in " + topics);
    }
}
