package io.ironloop.firmware.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Telemetry over Paho's MQTT 5 client, so that a publish the broker refuses (PUBACK reason code 0x80 or
 * more, such as 135 not authorized by an ACL) is seen as refused and counted instead of released as
 * delivered. Reconnect is ours: from {@link #pump}, with jittered exponential backoff per connection
 * ({@link Backoff}), including when the very first connect fails; Paho's automatic reconnect is off.
 * Paho runs on our own fixed executor, so its threads are bounded and end at {@link #close}. One INFO
 * line per connection state change; the password is never logged. The telemetry thread calls
 * {@link #offer}, {@link #publish} and {@link #pump}; {@link #send} and {@link #subscribe} may be called
 * from any thread (command answers).
 */
public final class Paho5Link implements TelemetryLink, AcknowledgingLink, MqttSession
{
    private static final Logger LOG = LoggerFactory.getLogger(Paho5Link.class);
    public static final long MIN_BACKOFF_NS = 250_000_000L;
    public static final long MAX_BACKOFF_NS = 30_000_000_000L;
    /** Paho's long-lived loops (receiver, sender, callback) plus pings and connect work. */
    static final int THREADS = 6;

    private final MqttSettings settings;
    private final ScheduledExecutorService executor;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();
    private final Backoff backoff;
    private final Map<String, BiConsumer<String, byte[]>> subscriptions = new ConcurrentHashMap<>();
    private final String[] topics;
    private final byte[][] slots;
    private final int[] lengths;
    private final long[] sequences;
    private int head;
    private int size;

    private volatile boolean connected;
    private volatile boolean connecting;
    private volatile boolean closed;
    private volatile long connections;
    private volatile Acknowledgements acknowledgements;
    private volatile String lastProblem;
    private volatile WillSource willSource;
    private volatile boolean protocolRefused;
    private long nextConnectNs;
    private boolean firstAttempt = true;
    private long published;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private final MqttActionListener delivery = new MqttActionListener()
    {
        @Override
        public void onSuccess(final IMqttToken token)
        {
            final Object context = token.getUserContext();
            final int[] codes = token.getReasonCodes();
            final boolean ok = codes == null || codes.length == 0 || codes[0] < 0x80;
            if (!ok)
            {
                noteRefusal(codes[0], token.getTopics());
            }
            report(context, ok);
        }

        @Override
        public void onFailure(final IMqttToken token, final Throwable cause)
        {
            if (cause instanceof MqttException && ((MqttException)cause).getReasonCode() >= 0x80 && ((MqttException)cause).getReasonCode() < 0x100)
            {
                noteRefusal(((MqttException)cause).getReasonCode(), token.getTopics());
                report(token.getUserContext(), false);
            }
            // Otherwise the connection went: the journal replays from its watermark after the reconnect.
        }
    };

    /** @throws IOException when the URI, client id or TLS material is unusable (a clear sentence, Paho's exception inside) */
    public Paho5Link(final MqttSettings settings, final int capacity, final int maxPayload, final Map<String, String> environment) throws IOException
    {
        this.settings = settings;
        this.backoff = new Backoff(MIN_BACKOFF_NS, MAX_BACKOFF_NS, settings.clientId().hashCode() * 31L + System.nanoTime());
        this.executor = Executors.newScheduledThreadPool(THREADS, runnable ->
        {
            final Thread thread = new Thread(runnable, "mqtt-paho5");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            this.client = new MqttAsyncClient(settings.uri(), settings.clientId(), new MemoryPersistence(), new TimerPingSender(executor), executor);
        }
        catch (final MqttException | IllegalArgumentException ex)
        {
            executor.shutdownNow();
            throw new IOException("cannot use MQTT broker '" + settings.uri() + "': " + ex.getMessage(), ex);
        }
        try
        {
            if (settings.username() != null)
            {
                options.setUserName(settings.username());
            }
            final byte[] password = settings.password(environment);
            if (password != null)
            {
                options.setPassword(password);
            }
            if (settings.tls())
            {
                options.setSocketFactory(Tls.socketFactory(settings, environment));
                options.setHttpsHostnameVerificationEnabled(true);
            }
        }
        catch (final IOException ex)
        {
            closeQuietly();
            throw ex;
        }
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(30);
        options.setReceiveMaximum(1000);
        client.setCallback(new MqttCallback()
        {
            @Override
            public void disconnected(final MqttDisconnectResponse response)
            {
                lost(response == null ? "disconnected" : "disconnected by the broker: " + response);
            }

            @Override
            public void mqttErrorOccurred(final MqttException exception)
            {
                LOG.warn("MQTT {}: {}", settings.uri(), exception.getMessage());
            }

            @Override
            public void messageArrived(final String topic, final MqttMessage message)
            {
                for (final Map.Entry<String, BiConsumer<String, byte[]>> entry : subscriptions.entrySet())
                {
                    if (matches(entry.getKey(), topic))
                    {
                        entry.getValue().accept(topic, message.getPayload());
                    }
                }
            }

            @Override
            public void deliveryComplete(final IMqttToken token)
            {
                // answered per publish by the delivery listener
            }

            @Override
            public void connectComplete(final boolean reconnect, final String serverUri)
            {
            }

            @Override
            public void authPacketArrived(final int reasonCode, final MqttProperties properties)
            {
            }
        });
        this.topics = new String[capacity];
        this.slots = new byte[capacity][maxPayload];
        this.lengths = new int[capacity];
        this.sequences = new long[capacity];
    }

    private void lost(final String why)
    {
        if (connected)
        {
            connected = false;
            losses.incrementAndGet();
            LOG.info("MQTT {} as {}: connection lost ({}); reconnecting with backoff", settings.uri(), settings.clientId(), why);
        }
    }

    /**
     * Ends Paho's session for real after a failed publish: with clean start, only a disconnect clears its
     * client state. Marking the link down alone left Paho connected with every message id still taken
     * ("no new message IDs being available" once ids leaked), and each reconnect attempt failed the same
     * way: the link never recovered (bench mqtt, 07:39 UTC 2026-12-02). The journal replays what was in flight.
     */
    private void dropSession()
    {
        try
        {
            client.disconnectForcibly(0, DISCONNECT_TIMEOUT_MS, false);
        }
        catch (final MqttException | RuntimeException ex)
        {
            LOG.debug("MQTT {}: forced disconnect: {}", settings.uri(), ex.getMessage());
        }
    }

    private static final long DISCONNECT_TIMEOUT_MS = 1_000;

    private void noteRefusal(final int code, final String[] topicsOf)
    {
        final long count = refused.incrementAndGet();
        if (count <= 10 || Long.bitCount(count) == 1)
        {
            LOG.warn("MQTT {}: the broker refused a publish to {} with reason code {} ({} refused so far)", settings.uri(),
                topicsOf == null ? "?" : String.join(",", topicsOf), code, count);
        }
    }

    private void report(final Object context, final boolean ok)
    {
        final Acknowledgements answers = acknowledgements;
        if (answers != null && context instanceof Long)
        {
            if (ok)
            {
                answers.acknowledged((Long)context);
            }
            else
            {
                answers.refused((Long)context);
            }
        }
    }

    /** Where broker answers of sequenced messages go (set before the first {@link #publish}). */
    public void acknowledgeInto(final Acknowledgements acknowledgements)
    {
        this.acknowledgements = acknowledgements;
    }

    /** Starts connecting and waits up to {@code timeoutMs} for the first connection (start-up only, outside loops). */
    public boolean connect(final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (!connected && !connecting)
        {
            startConnect(System.nanoTime());
        }
        while (!connected && connecting && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(1_000_000L);
        }
        return connected;
    }

    /**
     * Subscribes to {@code filter} now (when connected) and again after every reconnect; {@code handler}
     * runs on Paho's callback thread, so it must hand work off rather than block.
     */
    @Override
    public void subscribe(final String filter, final BiConsumer<String, byte[]> handler)
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
            LOG.warn("MQTT {}: cannot subscribe to {}: {}", settings.uri(), filter, ex.getMessage());
        }
    }

    /** Publishes at once, unjournaled (command answers; any thread); false when not connected or refused locally. */
    @Override
    public boolean send(final String topic, final byte[] payload, final int qos)
    {
        if (!connected)
        {
            return false;
        }
        try
        {
            client.publish(topic, payload, qos, false, null, delivery);
            return true;
        }
        catch (final MqttException ex)
        {
            return false;
        }
    }

    @Override
    public boolean offer(final String topic, final byte[] payload, final int length)
    {
        return enqueue(NO_SEQUENCE, topic, payload, length);
    }

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
            if (!connecting && !closed && (firstAttempt || nowNs - nextConnectNs >= 0))
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
                final long sequence = sequences[head];
                client.publish(topics[head], Arrays.copyOf(slots[head], lengths[head]), settings.qos(), false,
                    sequence == NO_SEQUENCE ? null : Long.valueOf(sequence), delivery);
            }
            catch (final MqttException ex)
            {
                if (ex.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT)
                {
                    lost("publish failed: " + ex.getMessage());
                    dropSession();
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
                final MqttMessage message = new MqttMessage(will.payload());
                message.setQos(will.qos());
                message.setRetained(will.retained());
                options.setWill(will.topic(), message);
            }
        }
        // The next attempt's time is set before the answer, so a slow failure cannot retry at once.
        final long delayNs = backoff.nextDelayNs();
        nextConnectNs = nowNs + delayNs;
        try
        {
            client.connect(options, null, new MqttActionListener()
            {
                @Override
                public void onSuccess(final IMqttToken token)
                {
                    connections++;
                    lastProblem = null;
                    connected = true;
                    connecting = false;
                    LOG.info("MQTT {} as {}: connected (MQTT 5, connection {})", settings.uri(), settings.clientId(), connections);
                    for (final String filter : subscriptions.keySet())
                    {
                        subscribeNow(filter);
                    }
                }

                @Override
                public void onFailure(final IMqttToken token, final Throwable cause)
                {
                    connectFailures.incrementAndGet();
                    if (cause instanceof MqttException && (((MqttException)cause).getReasonCode() == MqttException.REASON_CODE_INVALID_RETURN_CODE
                        || ((MqttException)cause).getReasonCode() == 0x84 || ((MqttException)cause).getReasonCode() == MqttException.REASON_CODE_UNSUPPORTED_PROTOCOL_VERSION))
                    {
                        protocolRefused = true;
                    }
                    final String problem = describe(cause);
                    if (!problem.equals(lastProblem))
                    {
                        LOG.info("MQTT {} as {}: connect failed ({}); retrying with backoff, next in {} ms", settings.uri(), settings.clientId(),
                            problem, delayNs / 1_000_000);
                    }
                    lastProblem = problem;
                    connecting = false;
                }
            });
        }
        catch (final MqttException ex)
        {
            connecting = false;
            if (ex.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_CONNECTED)
            {
                connected = true;
                return;
            }
            connectFailures.incrementAndGet();
            final String problem = describe(ex);
            if (!problem.equals(lastProblem))
            {
                LOG.info("MQTT {} as {}: connect failed ({}); retrying with backoff", settings.uri(), settings.clientId(), problem);
            }
            lastProblem = problem;
        }
    }

    /** A sentence for a connect failure: the broker's reason, or the socket's/TLS's cause. */
    static String describe(final Throwable cause)
    {
        if (cause == null)
        {
            return "unknown";
        }
        final StringBuilder text = new StringBuilder();
        if (cause instanceof MqttException && ((MqttException)cause).getReasonCode() > 0)
        {
            text.append("reason code ").append(((MqttException)cause).getReasonCode()).append(": ");
        }
        text.append(cause.getMessage());
        Throwable inner = cause.getCause();
        while (inner != null)
        {
            text.append("; ").append(inner.getClass().getSimpleName()).append(": ").append(inner.getMessage());
            inner = inner.getCause();
        }
        return text.toString();
    }

    static boolean matches(final String filter, final String topic)
    {
        final String[] f = filter.split("/", -1);
        final String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++)
        {
            if (f[i].equals("#"))
            {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i])))
            {
                return false;
            }
        }
        return f.length == t.length;
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

    public long published()
    {
        return published;
    }

    /** Publishes the broker refused with a reason code of 0x80 or more. */
    public long refused()
    {
        return refused.get();
    }

    public long connectFailures()
    {
        return connectFailures.get();
    }

    /** Connections that were lost after being established. */
    public long losses()
    {
        return losses.get();
    }

    /** True when the broker answered the CONNECT in a way that says it does not speak MQTT 5 (a 3.1.1 broker). */
    public boolean protocolRefused()
    {
        return protocolRefused;
    }

    /** Hands the messages still queued here to {@code other} (when switching protocol before any connection). */
    public void transferTo(final TelemetryLink other)
    {
        while (size > 0)
        {
            if (sequences[head] == NO_SEQUENCE)
            {
                other.offer(topics[head], slots[head], lengths[head]);
            }
            head = (head + 1) % slots.length;
            size--;
        }
    }

    /** The latest connect failure, or null once connected. */
    public String lastProblem()
    {
        return lastProblem;
    }

    public MqttSettings settings()
    {
        return settings;
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
            if (size == 0 && client.getPendingTokens().length == 0)
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
        close(0);
    }

    /**
     * Closes with DISCONNECT reason code 0x04 ("disconnect with Will message"): the broker publishes this
     * connection's Will (a Sparkplug edge node's NDEATH) as if the connection had died.
     */
    public void closeWithWill()
    {
        close(0x04);
    }

    private void close(final int reasonCode)
    {
        closed = true;
        try
        {
            if (client.isConnected())
            {
                client.disconnect(1000, null, null, reasonCode, new MqttProperties()).waitForCompletion(2000);
            }
        }
        catch (final MqttException ex)
        {
            LOG.debug("MQTT disconnect: {}", ex.getMessage());
        }
        closeQuietly();
        if (connected)
        {
            connected = false;
        }
        LOG.info("MQTT {} as {}: closed", settings.uri(), settings.clientId());
    }

    private void closeQuietly()
    {
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
