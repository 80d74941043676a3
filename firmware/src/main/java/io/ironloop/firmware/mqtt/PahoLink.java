package io.ironloop.firmware.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Telemetry over Paho's v3 {@link MqttAsyncClient}, hedged against its known problems: we own the
 * executor (so close() really ends Paho's threads), we never use its automatic reconnect (we
 * reconnect ourselves with capped exponential backoff from {@link #pump}), and we keep our own
 * bounded queue in front of its in-flight window, so a slow or absent broker holds messages here
 * instead of failing publishes. Used by one thread (the telemetry agent).
 * <p>
 * It is also the {@link AcknowledgingLink} under a journal: a message published with a sequence
 * carries it as the Paho user context, and the broker's acknowledgement (PUBACK at QoS 1) reports it
 * to the {@link Acknowledgements} given to {@link #acknowledgeInto}. At QoS 0 Paho reports a message
 * delivered once it is written to the socket, so journaling needs QoS 1 or 2.
 */
public final class PahoLink implements TelemetryLink, AcknowledgingLink, MqttSession
{
    private static final Logger LOG = LoggerFactory.getLogger(PahoLink.class);
    private static final int MAX_IN_FLIGHT = 1000;

    private final String serverUri;
    private final int qos;
    private final ScheduledExecutorService executor;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final String[] topics;
    private final byte[][] slots;
    private final int[] lengths;
    private final long[] sequences;
    private int head;
    private int size;

    private volatile boolean connected;
    private volatile boolean connecting;
    /** Written only by Paho's callback thread (connect success), read by the telemetry thread. */
    private volatile long connections;
    private volatile WillSource willSource;
    private volatile Acknowledgements acknowledgements;
    private long nextConnectNs;
    private boolean firstAttempt = true;
    private final Backoff backoff;
    private final String clientId;
    private final java.util.Map<String, java.util.function.BiConsumer<String, byte[]>> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String lastProblem;
    private final java.util.concurrent.atomic.AtomicLong connectFailures = new java.util.concurrent.atomic.AtomicLong();
    private long published;
    private long failures;

    /** @throws java.io.IOException when the URI or client id is unusable (Paho's exception stays in here) */
    public PahoLink(final String serverUri, final String clientId, final int qos, final int capacity, final int maxPayload)
        throws java.io.IOException
    {
        this(MqttSettings.plain(serverUri, clientId, qos).withProtocol(MqttSettings.Protocol.V3_1_1), capacity, maxPayload, java.util.Map.of());
    }

    /** MQTT 3.1.1 with the settings' credentials and TLS; @throws java.io.IOException when unusable (a clear sentence) */
    public PahoLink(final MqttSettings settings, final int capacity, final int maxPayload, final java.util.Map<String, String> environment)
        throws java.io.IOException
    {
        final String serverUri = settings.uri();
        final String clientId = settings.clientId();
        this.serverUri = serverUri;
        this.clientId = clientId;
        this.qos = settings.qos();
        this.backoff = new Backoff(Paho5Link.MIN_BACKOFF_NS, Paho5Link.MAX_BACKOFF_NS, clientId.hashCode() * 31L + System.nanoTime());
        // Paho runs its receiver, sender and callback loops as long-lived tasks on this executor, plus
        // pings and connect work: it needs more threads than that or it stalls silently.
        this.executor = Executors.newScheduledThreadPool(6, runnable ->
        {
            final Thread thread = new Thread(runnable, "mqtt-paho");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            this.client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence(),
                new ScheduledExecutorPingSender(executor), executor);
        }
        catch (final MqttException | IllegalArgumentException ex)
        {
            executor.shutdownNow();
            throw new java.io.IOException("cannot use MQTT broker '" + serverUri + "': " + ex.getMessage(), ex);
        }
        this.client.setCallback(new MqttCallback()
        {
            @Override
            public void connectionLost(final Throwable cause)
            {
                connected = false;
                LOG.info("MQTT {} as {}: connection lost ({}); reconnecting with backoff", serverUri, clientId,
                    cause == null ? "unknown" : cause.getMessage());
            }

            @Override
            public void messageArrived(final String topic, final MqttMessage message)
            {
                for (final java.util.Map.Entry<String, java.util.function.BiConsumer<String, byte[]>> entry : subscriptions.entrySet())
                {
                    if (Paho5Link.matches(entry.getKey(), topic))
                    {
                        entry.getValue().accept(topic, message.getPayload());
                    }
                }
            }

            @Override
            public void deliveryComplete(final IMqttDeliveryToken token)
            {
                final Acknowledgements answers = acknowledgements;
                if (answers != null && token.getUserContext() instanceof Long)
                {
                    answers.acknowledged((Long)token.getUserContext());
                }
            }
        });
        try
        {
            if (settings.username() != null)
            {
                options.setUserName(settings.username());
            }
            final byte[] password = settings.password(environment);
            if (password != null)
            {
                options.setPassword(new String(password, java.nio.charset.StandardCharsets.UTF_8).toCharArray());
            }
            if (settings.tls())
            {
                options.setSocketFactory(Tls.socketFactory(settings, environment));
                options.setHttpsHostnameVerificationEnabled(true);
            }
        }
        catch (final java.io.IOException ex)
        {
            try
            {
                client.close(true);
            }
            catch (final MqttException closing)
            {
                LOG.debug("MQTT close: {}", closing.getMessage());
            }
            executor.shutdownNow();
            throw ex;
        }
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(MAX_IN_FLIGHT);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(30);
        this.topics = new String[capacity];
        this.slots = new byte[capacity][maxPayload];
        this.lengths = new int[capacity];
        this.sequences = new long[capacity];
    }

    /** Where broker acknowledgements of sequenced messages go (set before the first {@link #publish}). */
    public void acknowledgeInto(final Acknowledgements acknowledgements)
    {
        this.acknowledgements = acknowledgements;
    }

    /** Starts connecting and waits up to {@code timeoutMs} for the first connection (start-up only). */
    public boolean connect(final long timeoutMs)
    {
        startConnect(System.nanoTime());
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!connected && connecting && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(1_000_000L);
        }
        return connected;
    }

    @Override
    public boolean offer(final String topic, final byte[] payload, final int length)
    {
        return enqueue(NO_SEQUENCE, topic, payload, length);
    }

    /** Queues a journaled message while connected; the journal keeps it while we are not. */
    @Override
    public boolean publish(final long sequence, final String topic, final byte[] payload, final int length)
    {
        return connected && enqueue(sequence, topic, payload, length);
    }

    private boolean enqueue(final long sequence, final String topic, final byte[] payload, final int length)
    {
        if (size == slots.length || length > slots[0].length)
        {
            return false;
        }
        final int index = (head + size) % slots.length;
        System.arraycopy(payload, 0, slots[index], 0, length);
        lengths[index] = length;
        topics[index] = topic;
        sequences[index] = sequence;
        size++;
        return true;
    }

    @Override
    public int pump(final long nowNs)
    {
        if (!connected)
        {
            if (!connecting && (firstAttempt || nowNs - nextConnectNs >= 0))
            {
                startConnect(nowNs);
            }
            return 0;
        }
        int sent = 0;
        while (size > 0)
        {
            try
            {
                // Paho keeps a reference to the payload until delivered, so it gets its own copy.
                final long sequence = sequences[head];
                client.publish(topics[head], Arrays.copyOf(slots[head], lengths[head]), qos, false,
                    sequence == NO_SEQUENCE ? null : Long.valueOf(sequence), null);
            }
            catch (final MqttException ex)
            {
                if (ex.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT)
                {
                    failures++;
                    connected = false;
                    if (failures < 10 || failures % 1000 == 0)
                    {
                        LOG.warn("MQTT publish to {} failed ({} so far): {}", serverUri, failures, ex.getMessage());
                    }
                    // Only a real disconnect clears Paho's state (message ids included) with a clean session.
                    try
                    {
                        client.disconnectForcibly(0, 1_000, false);
                    }
                    catch (final MqttException | RuntimeException dropped)
                    {
                        LOG.debug("MQTT {}: forced disconnect: {}", serverUri, dropped.getMessage());
                    }
                }
                break;
            }
            head = (head + 1) % slots.length;
            size--;
            sent++;
            published++;
        }
        return sent;
    }

    /** Asks {@code source} for the Will before every CONNECT from now on (set before the first connect). */
    public void willFrom(final WillSource source)
    {
        this.willSource = source;
    }

    private void startConnect(final long nowNs)
    {
        firstAttempt = false;
        connecting = true;
        final WillSource source = willSource;
        if (source != null)
        {
            final WillSource.Will will = source.nextWill();
            if (will != null)
            {
                options.setWill(will.topic(), will.payload(), will.qos(), will.retained());
            }
        }
        final long delayNs = backoff.nextDelayNs();
        nextConnectNs = nowNs + delayNs;
        try
        {
            client.connect(options, null, new IMqttActionListener()
            {
                @Override
                public void onSuccess(final IMqttToken token)
                {
                    backoff.reset();
                    connections++;
                    lastProblem = null;
                    connected = true;
                    connecting = false;
                    LOG.info("MQTT {} as {}: connected (MQTT 3.1.1, connection {})", serverUri, clientId, connections);
                    for (final String filter : subscriptions.keySet())
                    {
                        subscribeNow(filter);
                    }
                }

                @Override
                public void onFailure(final IMqttToken token, final Throwable cause)
                {
                    connectFailures.incrementAndGet();
                    final String problem = Paho5Link.describe(cause);
                    if (!problem.equals(lastProblem))
                    {
                        LOG.info("MQTT {} as {}: connect failed ({}); retrying with backoff, next in {} ms", serverUri, clientId, problem,
                            delayNs / 1_000_000);
                    }
                    lastProblem = problem;
                    connecting = false;
                }
            });
        }
        catch (final MqttException ex)
        {
            connecting = false;
            if (ex.getReasonCode() == MqttException.REASON_CODE_CLIENT_CONNECTED)
            {
                connected = true;
                return;
            }
            connectFailures.incrementAndGet();
            final String problem = Paho5Link.describe(ex);
            if (!problem.equals(lastProblem))
            {
                LOG.info("MQTT {} as {}: connect failed ({}); retrying with backoff", serverUri, clientId, problem);
            }
            lastProblem = problem;
        }
    }

    @Override
    public void subscribe(final String filter, final java.util.function.BiConsumer<String, byte[]> handler)
    {
        subscriptions.put(filter, handler);
        if (connected)
        {
            subscribeNow(filter);
        }
    }

    private void subscribeNow(final String filter)
    {
        try
        {
            client.subscribe(filter, 1);
        }
        catch (final MqttException ex)
        {
            LOG.warn("MQTT {}: cannot subscribe to {}: {}", serverUri, filter, ex.getMessage());
        }
    }

    @Override
    public boolean send(final String topic, final byte[] payload, final int sendQos)
    {
        if (!connected)
        {
            return false;
        }
        try
        {
            client.publish(topic, payload, sendQos, false);
            return true;
        }
        catch (final MqttException ex)
        {
            return false;
        }
    }

    public long connectFailures()
    {
        return connectFailures.get();
    }

    /** The latest connect failure, or null once connected. */
    public String lastProblem()
    {
        return lastProblem;
    }

    /** Forgets every queued message (telemetry thread; a Sparkplug session's DATA must not go out on the next one); returns how many. */
    public int discardQueued()
    {
        final int discarded = size;
        head = 0;
        size = 0;
        return discarded;
    }

    @Override
    public int backlog()
    {
        return size;
    }

    /** Messages handed to the broker so far. */
    public long published()
    {
        return published;
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
    public boolean drain(final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0)
        {
            pump(System.nanoTime());
            if (size == 0 && client.getPendingDeliveryTokens().length == 0)
            {
                return true;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return false;
    }

    @Override
    public void close()
    {
        try
        {
            if (client.isConnected())
            {
                client.disconnect(1000).waitForCompletion(2000);
            }
        }
        catch (final MqttException ex)
        {
            LOG.debug("MQTT disconnect: {}", ex.getMessage());
        }
        try
        {
            client.close(true);
        }
        catch (final MqttException ex)
        {
            LOG.debug("MQTT close: {}", ex.getMessage());
        }
        executor.shutdownNow();
    }
}
