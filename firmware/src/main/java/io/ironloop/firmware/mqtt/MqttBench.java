package io.ironloop.firmware.mqtt;

import io.ironloop.firmware.journal.Journal;
import io.ironloop.firmware.journal.JournalConfig;
import io.ironloop.firmware.journal.JournaledLink;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code ironloop bench mqtt} (here beside the transport, since only this package may use Paho): against a local Mosquitto it starts, (1) raw Paho publishing batches at
 * QoS 1 as fast as it can (the baseline), (2) the firmware's path (journal + {@link MqttLink}) publishing
 * batched samples at QoS 1 as fast as it can with the broker restarted mid-run, counting every sample a
 * persistent-session subscriber receives (lost, duplicates), and (3) samples at 1 kHz through the same
 * path, one per message, timed from creation to the subscriber (p99). Each sample is {@code seq:nanoTime}.
 * The firmware is not killed in this run (firmwareKills 0): the kill -9 recovery is the journal's own test.
 */
public final class MqttBench
{
    /** The figures of one run. */
    public record Result(
        int batch, double seconds, double rawSamplesPerSecond, long rawSamples, double samplesPerSecond, long generated, long received,
        long lost, long duplicates, int brokerRestarts, int firmwareKills, double p99LatencyMs, double p50LatencyMs, long latencySamples,
        String protocol)
    {
    }

    private MqttBench()
    {
    }

    public static Result run(final Path parent, final double seconds, final int batch, final int restarts) throws IOException
    {
        final Path dir = Files.createTempDirectory(parent, "ironloop-bench-mqtt");
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options().persistence(true).maxInflight(1000)))
        {
            final long[] raw = raw(broker.uri(), seconds, batch);
            final Subscriber subscriber = new Subscriber(broker.uri(), "bench/firmware/#");
            final Acknowledgements answers = new Acknowledgements(1 << 16);
            final MqttLink mqtt = new MqttLink(MqttSettings.plain(broker.uri(), "ironloop-bench", 1), 1 << 15, 32 * batch + 64, Map.of());
            mqtt.acknowledgeInto(answers);
            final Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")));
            long generated = 0;
            final long runNs;
            try (JournaledLink link = new JournaledLink(journal, mqtt, answers, new SystemNanoClock(), new SystemEpochNanoClock(), 50_000))
            {
                if (!mqtt.connect(5_000))
                {
                    throw new IOException("cannot connect to the bench broker: " + mqtt.lastProblem());
                }
                final StringBuilder text = new StringBuilder(32 * batch);
                final byte[] payload = new byte[32 * batch + 64];
                final long start = System.nanoTime();
                final long end = start + (long)(seconds * 1e9);
                final long[] restartAt = new long[restarts];
                for (int i = 0; i < restarts; i++)
                {
                    restartAt[i] = start + (long)(seconds * 1e9 * (i + 1) / (restarts + 1));
                }
                int restarted = 0;
                while (System.nanoTime() - end < 0)
                {
                    text.setLength(0);
                    final long now = System.nanoTime();
                    for (int i = 0; i < batch; i++)
                    {
                        text.append(generated++).append(':').append(now).append(';');
                    }
                    final int length = ascii(text, payload);
                    while (!link.offer("bench/firmware/telemetry", payload, length))
                    {
                        link.pump(System.nanoTime());
                    }
                    link.pump(System.nanoTime());
                    if (restarted < restarts && System.nanoTime() - restartAt[restarted] >= 0)
                    {
                        broker.restart();
                        restarted++;
                    }
                }
                final long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (System.nanoTime() - drainEnd < 0 && (journal.backlogDepth() > 0 || subscriber.unique() < generated))
                {
                    link.pump(System.nanoTime());
                    LockSupport.parkNanos(1_000_000L);
                }
                // Sustained: everything generated counts only once the subscriber has it (the drain is part of the time).
                runNs = System.nanoTime() - start;
                final long unique = subscriber.unique();
                final long received = subscriber.received();
                subscriber.reset();
                final Histogram latency = latency(link, subscriber, seconds, generated);
                subscriber.close();
                return new Result(batch, seconds, raw[0] / (raw[1] / 1e9), raw[0], generated / (runNs / 1e9), generated, received,
                    generated - unique, received - unique, restarts, 0,
                    latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99.0) / 1e6,
                    latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50.0) / 1e6, latency.getTotalCount(), mqtt.protocol());
            }
        }
        finally
        {
            delete(dir);
        }
    }

    /** One sample per millisecond through the journal, one per message; creation-to-subscriber time. */
    private static Histogram latency(final JournaledLink link, final Subscriber subscriber, final double seconds, final long firstSeq)
    {
        final byte[] payload = new byte[64];
        final StringBuilder text = new StringBuilder(64);
        long seq = firstSeq;
        final long start = System.nanoTime();
        final long end = start + (long)(Math.min(seconds, 10) * 1e9);
        long next = start;
        while (System.nanoTime() - end < 0)
        {
            final long now = System.nanoTime();
            if (now - next >= 0)
            {
                next += 1_000_000L;
                text.setLength(0);
                text.append(seq++).append(':').append(now).append(';');
                link.offer("bench/firmware/latency", payload, ascii(text, payload));
            }
            link.pump(now);
            LockSupport.parkNanos(50_000L);
        }
        final long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - drainEnd < 0 && subscriber.unique() < seq - firstSeq)
        {
            link.pump(System.nanoTime());
            LockSupport.parkNanos(1_000_000L);
        }
        return subscriber.latency();
    }

    private static long[] raw(final String uri, final double seconds, final int batch) throws IOException
    {
        try
        {
            final MqttAsyncClient client = new MqttAsyncClient(uri, "ironloop-bench-raw", new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            client.connect(options).waitForCompletion(5_000);
            final StringBuilder text = new StringBuilder(32 * batch);
            long samples = 0;
            final long start = System.nanoTime();
            final long end = start + (long)(seconds * 1e9);
            while (System.nanoTime() - end < 0)
            {
                text.setLength(0);
                final long now = System.nanoTime();
                for (int i = 0; i < batch; i++)
                {
                    text.append(samples + i).append(':').append(now).append(';');
                }
                try
                {
                    client.publish("bench/raw/telemetry", text.toString().getBytes(StandardCharsets.US_ASCII), 1, false);
                    samples += batch;
                }
                catch (final MqttException ex)
                {
                    // Paho refuses while its window is full, and (a known Paho 1.2.5 behaviour under a fast
                    // publisher) while the ids of acknowledged messages are not yet released: wait, retry.
                    if (ex.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT
                        && ex.getReasonCode() != MqttException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE)
                    {
                        throw ex;
                    }
                    Thread.onSpinWait();
                }
            }
            final long elapsed = System.nanoTime() - start;
            client.disconnect().waitForCompletion(5_000);
            client.close();
            return new long[] {samples, elapsed};
        }
        catch (final MqttException ex)
        {
            throw new IOException("raw Paho baseline failed: " + ex.getMessage(), ex);
        }
    }

    private static int ascii(final CharSequence text, final byte[] into)
    {
        final int length = Math.min(text.length(), into.length);
        for (int i = 0; i < length; i++)
        {
            into[i] = (byte)text.charAt(i);
        }
        return length;
    }

    private static void delete(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            // best effort
        }
    }

    /** A persistent-session QoS 1 subscriber counting samples by sequence. */
    private static final class Subscriber implements MqttCallback
    {
        private final MqttAsyncClient client;
        private final BitSet seen = new BitSet();
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong unique = new AtomicLong();
        private Histogram latency = new Histogram(60_000_000_000L, 3);

        Subscriber(final String uri, final String filter) throws IOException
        {
            try
            {
                client = new MqttAsyncClient(uri, "ironloop-bench-subscriber", new MemoryPersistence());
                client.setCallback(this);
                final MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(false);
                options.setAutomaticReconnect(true);
                options.setMaxReconnectDelay(200);
                options.setMaxInflight(1000);
                client.connect(options).waitForCompletion(5_000);
                client.subscribe(filter, 1).waitForCompletion(5_000);
            }
            catch (final MqttException ex)
            {
                throw new IOException("bench subscriber: " + ex.getMessage(), ex);
            }
        }

        @Override
        public void connectionLost(final Throwable cause)
        {
        }

        @Override
        public synchronized void messageArrived(final String topic, final MqttMessage message)
        {
            final long now = System.nanoTime();
            final String text = new String(message.getPayload(), StandardCharsets.US_ASCII);
            int from = 0;
            while (from < text.length())
            {
                final int colon = text.indexOf(':', from);
                final int semi = text.indexOf(';', colon);
                if (colon < 0 || semi < 0)
                {
                    break;
                }
                final int seq = (int)Long.parseLong(text, from, colon, 10);
                final long sent = Long.parseLong(text, colon + 1, semi, 10);
                received.incrementAndGet();
                if (!seen.get(seq))
                {
                    seen.set(seq);
                    unique.incrementAndGet();
                    if (topic.endsWith("/latency"))
                    {
                        latency.recordValue(Math.max(0, Math.min(now - sent, 60_000_000_000L - 1)));
                    }
                }
                from = semi + 1;
            }
        }

        @Override
        public void deliveryComplete(final IMqttDeliveryToken token)
        {
        }

        long received()
        {
            return received.get();
        }

        long unique()
        {
            return unique.get();
        }

        synchronized void reset()
        {
            received.set(0);
            unique.set(0);
        }

        synchronized Histogram latency()
        {
            return latency.copy();
        }

        void close()
        {
            try
            {
                client.disconnect().waitForCompletion(2_000);
                client.close();
            }
            catch (final MqttException ex)
            {
                // best effort
            }
        }
    }
}
