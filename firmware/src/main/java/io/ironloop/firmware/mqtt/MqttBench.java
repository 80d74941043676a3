package io.ironloop.firmware.mqtt;

import io.ironloop.firmware.journal.Journal;
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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code ironloop bench mqtt} (here beside the transport, since only this package may use Paho): against a local Mosquitto it starts, (1) raw Paho publishing batches at
 * QoS 1 as fast as it can (the baseline), (2) the firmware's path (journal + {@link MqttLink}) publishing
 * batched samples at QoS 1 as fast as it can in a child JVM ({@link BenchPublisher}) with the broker restarted
 * mid-run and the child killed with SIGKILL mid-run and started again on the same journal, counting every
 * sample a persistent-session subscriber receives against what the journal says was journaled (lost,
 * duplicates), and (3) samples at 1 kHz through the same path in this JVM, one per message, after a second of
 * the same traffic as warm-up, timed from creation to the subscriber (p99). Each sample is {@code seq:nanoTime}.
 */
public final class MqttBench
{
    /** One SIGKILL of the publisher: what it had reported committed, what the reopened journal holds, its exit status. */
    public record Kill(long committedBeforeKill, long recoveredAfterKill, int exitStatus)
    {
    }

    /** The figures of one run. */
    public record Result(
        int batch, double seconds, double rawSamplesPerSecond, long rawSamples, double samplesPerSecond, long generated, long received,
        long lost, long duplicates, int brokerRestarts, int firmwareKills, double p99LatencyMs, double p50LatencyMs, long latencySamples,
        String protocol, long journaled, long committedLostAtKills, List<Kill> kills, double firmwareDownSeconds, double phaseSeconds)
    {
    }

    private static final long CHILD_START_MS = 60_000;
    private static final long CHILD_DONE_MS = 180_000;

    private MqttBench()
    {
    }

    public static Result run(final Path parent, final double seconds, final int batch, final int restarts) throws IOException
    {
        return run(parent, seconds, batch, restarts, 1);
    }

    /**
     * @param kills SIGKILLs of the publishing JVM during the firmware phase, each followed by a restart on the same journal
     */
    public static Result run(final Path parent, final double seconds, final int batch, final int restarts, final int kills) throws IOException
    {
        final Path dir = Files.createTempDirectory(parent, "ironloop-bench-mqtt");
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options().persistence(true).maxInflight(1000)))
        {
            final long[] raw = raw(broker.uri(), seconds, batch);
            final Subscriber subscriber = new Subscriber(broker.uri(), "bench/firmware/#");
            try
            {
                final Firmware firmware = firmware(dir, broker, subscriber, seconds, batch, restarts, kills);
                final long unique = subscriber.uniqueBelow(firmware.journaled);
                final long received = subscriber.received();
                subscriber.reset();
                final Histogram latency;
                final String protocol;
                final Acknowledgements answers = new Acknowledgements(1 << 16);
                final MqttLink mqtt = new MqttLink(MqttSettings.plain(broker.uri(), "ironloop-bench-latency", 1), 1 << 15, 128, Map.of());
                mqtt.acknowledgeInto(answers);
                final Journal journal = Journal.open(BenchPublisher.journalConfig(dir.resolve("journal-latency")));
                try (JournaledLink link = new JournaledLink(journal, mqtt, answers, new SystemNanoClock(), new SystemEpochNanoClock(), 50_000))
                {
                    if (!mqtt.connect(5_000))
                    {
                        throw new IOException("cannot connect to the bench broker: " + mqtt.lastProblem());
                    }
                    latency = latency(link, subscriber, seconds, firmware.journaled);
                    protocol = firmware.protocol != null ? firmware.protocol : mqtt.protocol();
                }
                long committedLost = 0;
                for (final Kill kill : firmware.kills)
                {
                    committedLost += Math.max(0, kill.committedBeforeKill() - kill.recoveredAfterKill()) * batch;
                }
                return new Result(batch, seconds, raw[0] / (raw[1] / 1e9), raw[0], firmware.journaled / (firmware.runNs / 1e9),
                    firmware.journaled, received, firmware.journaled - unique, received - unique, restarts, firmware.kills.size(),
                    latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99.0) / 1e6,
                    latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50.0) / 1e6, latency.getTotalCount(), protocol,
                    firmware.journaled, committedLost, List.copyOf(firmware.kills), firmware.downNs / 1e9, firmware.runNs / 1e9);
            }
            finally
            {
                subscriber.close();
            }
        }
        finally
        {
            delete(dir);
        }
    }

    /** What the firmware phase measured: samples journaled (all of them, after the last publisher drained), time, kills. */
    private record Firmware(long journaled, long runNs, String protocol, List<Kill> kills, long downNs)
    {
    }

    /**
     * The firmware phase: the publisher JVM on the bench's journal, the broker restarts and the kills spread
     * evenly over the phase (a restart first when there are both), then the last publisher's drain and the
     * subscriber's catching up; the sustained rate counts all of that (JVM starts included).
     */
    private static Firmware firmware(
        final Path dir, final MosquittoProcess broker, final Subscriber subscriber, final double seconds, final int batch,
        final int restarts, final int kills) throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        final int events = restarts + kills;
        final List<Kill> done = new ArrayList<>();
        int runs = 0;
        Publisher publisher = Publisher.start(dir, journalDir, broker.uri(), batch, -Math.round(seconds * 1000), runs++);
        try
        {
            publisher.awaitStarted();
            // The phase starts when the first publisher publishes; a restarted one's JVM start counts against the rate.
            final long start = System.nanoTime();
            // Publishing time is the phase's length; the time a killed publisher is down pushes the later events back.
            long downNs = 0;
            final String protocol = publisher.protocol;
            int restarted = 0;
            int killed = 0;
            for (int e = 0; e < events; e++)
            {
                final long at = start + downNs + (long)(seconds * 1e9 * (e + 1) / (events + 1));
                while (System.nanoTime() - at < 0)
                {
                    LockSupport.parkNanos(Math.min(10_000_000L, at - System.nanoTime()));
                }
                final boolean kill = killed < kills && (restarted >= restarts || (e & 1) == 1);
                if (!kill)
                {
                    broker.restart();
                    restarted++;
                    continue;
                }
                // Mid-stream: the publisher has committed something of its own before it is killed.
                publisher.awaitCommittedPast(publisher.startedAt);
                final long committed = publisher.committed();
                final long leftMs = Math.max(1, publisher.deadlineMs - System.currentTimeMillis());
                final long killedAt = System.nanoTime();
                final int status = publisher.kill();
                final long recovered;
                try (Journal journal = Journal.open(BenchPublisher.journalConfig(journalDir)))
                {
                    recovered = journal.nextSequence();
                }
                done.add(new Kill(committed, recovered, status));
                killed++;
                publisher = Publisher.start(dir, journalDir, broker.uri(), batch, -leftMs, runs++);
                publisher.awaitStarted();
                downNs += System.nanoTime() - killedAt;
                if (publisher.startedAt != recovered)
                {
                    throw new IOException("the restarted publisher resumed at record " + publisher.startedAt + ", the journal holds " + recovered);
                }
            }
            publisher.awaitDone();
            final long journaledRecords;
            try (Journal journal = Journal.open(BenchPublisher.journalConfig(journalDir)))
            {
                journaledRecords = journal.nextSequence();
            }
            final long journaled = journaledRecords * batch;
            final long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() - drainEnd < 0 && subscriber.uniqueBelow(journaled) < journaled)
            {
                LockSupport.parkNanos(1_000_000L);
            }
            return new Firmware(journaled, System.nanoTime() - start, protocol, done, downNs);
        }
        finally
        {
            publisher.kill();
        }
    }

    /** One sample per millisecond through the journal, one per message; creation-to-subscriber time. */
    private static Histogram latency(final JournaledLink link, final Subscriber subscriber, final double seconds, final long firstSeq)
    {
        // This JVM's link is new here (the throughput phase ran in the publisher JVM): a second of the same
        // traffic on a topic the subscriber ignores first, so the figure is not the JIT compiling Paho and the journal.
        pace(link, "bench/firmware/warmup", 0, Math.min(seconds, 1));
        final long seq = pace(link, "bench/firmware/latency", firstSeq, Math.min(seconds, 10));
        final long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - drainEnd < 0 && subscriber.unique() < seq - firstSeq)
        {
            link.pump(System.nanoTime());
            LockSupport.parkNanos(1_000_000L);
        }
        return subscriber.latency();
    }

    /** One sample a millisecond for {@code seconds}, one per message; returns the next sequence. */
    private static long pace(final JournaledLink link, final String topic, final long firstSeq, final double seconds)
    {
        final byte[] payload = new byte[64];
        final StringBuilder text = new StringBuilder(64);
        long seq = firstSeq;
        final long start = System.nanoTime();
        final long end = start + (long)(seconds * 1e9);
        long next = start;
        while (System.nanoTime() - end < 0)
        {
            final long now = System.nanoTime();
            if (now - next >= 0)
            {
                next += 1_000_000L;
                text.setLength(0);
                text.append(seq++).append(':').append(now).append(';');
                link.offer(topic, payload, ascii(text, payload));
            }
            link.pump(now);
            LockSupport.parkNanos(50_000L);
        }
        return seq;
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

    static int ascii(final CharSequence text, final byte[] into)
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

    /** One publisher JVM: its protocol lines read on a thread of its own, its standard error in a log file. */
    private static final class Publisher
    {
        private final Process process;
        private final Path log;
        private final Thread reader;
        private final Object lock = new Object();
        private long startedAt = -1;
        private long committed = -1;
        private String protocol;
        private long deadlineMs;
        private String doneLine;
        private boolean ended;

        private Publisher(final Process process, final Path log)
        {
            this.process = process;
            this.log = log;
            this.reader = new Thread(this::read, "bench-publisher-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Publisher start(final Path dir, final Path journal, final String uri, final int batch, final long deadlineMs, final int run)
            throws IOException
        {
            final Path log = dir.resolve("publisher-" + run + ".log");
            final Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-Xmx512m", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"),
                BenchPublisher.class.getName(), uri, journal.toString(), Integer.toString(batch), Long.toString(deadlineMs)))
                .redirectError(log.toFile())
                .start();
            return new Publisher(process, log);
        }

        private void read()
        {
            try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    synchronized (lock)
                    {
                        final String[] words = line.split(" ");
                        if (words[0].equals("started") && words.length >= 4)
                        {
                            startedAt = Long.parseLong(words[1]);
                            committed = startedAt;
                            protocol = words[2];
                            deadlineMs = Long.parseLong(words[3]);
                        }
                        else if (words[0].equals("committed") && words.length >= 2)
                        {
                            committed = Long.parseLong(words[1]);
                        }
                        else if (words[0].equals("done"))
                        {
                            doneLine = line;
                        }
                        lock.notifyAll();
                    }
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                // The pipe breaks when the publisher is killed: that is the end of its output.
            }
            synchronized (lock)
            {
                ended = true;
                lock.notifyAll();
            }
        }

        private void await(final java.util.function.BooleanSupplier condition, final long timeoutMs, final String what) throws IOException
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            synchronized (lock)
            {
                while (!condition.getAsBoolean())
                {
                    final long leftNs = deadline - System.nanoTime();
                    if (ended || leftNs <= 0)
                    {
                        throw new IOException("bench publisher " + what + " did not happen" + (ended ? " (it exited)" : " in time")
                            + "; its log: " + tail());
                    }
                    try
                    {
                        lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs)));
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", ex);
                    }
                }
            }
        }

        void awaitStarted() throws IOException
        {
            await(() -> startedAt >= 0, CHILD_START_MS, "start");
        }

        void awaitCommittedPast(final long sequence) throws IOException
        {
            await(() -> committed > sequence, CHILD_START_MS, "commit past record " + sequence);
        }

        long committed()
        {
            synchronized (lock)
            {
                return committed;
            }
        }

        /** SIGKILL (on Linux {@link Process#destroyForcibly()} is kill -9): no shutdown hook, no close, no last commit. */
        int kill() throws IOException
        {
            process.destroyForcibly();
            try
            {
                if (!process.waitFor(60, TimeUnit.SECONDS))
                {
                    throw new IOException("the bench publisher did not die");
                }
                reader.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
            return process.exitValue();
        }

        void awaitDone() throws IOException
        {
            try
            {
                if (!process.waitFor(CHILD_DONE_MS, TimeUnit.MILLISECONDS))
                {
                    throw new IOException("the bench publisher did not finish its drain in " + CHILD_DONE_MS + " ms; its log: " + tail());
                }
                reader.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
            synchronized (lock)
            {
                if (process.exitValue() != 0 || doneLine == null || !doneLine.endsWith("drained=true"))
                {
                    throw new IOException("the bench publisher ended with status " + process.exitValue() + " (" + doneLine + "); its log: " + tail());
                }
            }
        }

        private String tail()
        {
            try
            {
                final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
            }
            catch (final IOException ex)
            {
                return "(unreadable: " + ex.getMessage() + ")";
            }
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
            if (topic.endsWith("/warmup"))
            {
                return;
            }
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

        /** Distinct samples seen among {@code 0 .. n-1}. */
        synchronized long uniqueBelow(final long n)
        {
            return seen.get(0, (int)Math.min(Integer.MAX_VALUE, n)).cardinality();
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
