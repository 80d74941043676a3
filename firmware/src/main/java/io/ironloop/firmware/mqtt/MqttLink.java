package io.ironloop.firmware.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The firmware's broker connection, whichever Paho client serves it: MQTT 5 ({@link Paho5Link}) where
 * the broker speaks it, so refused publishes are seen as refused; MQTT 3.1.1 ({@link PahoLink})
 * otherwise. With {@code protocol: auto} it starts with MQTT 5 and moves to 3.1.1 for good when the
 * broker answers the CONNECT with "unacceptable protocol version" (Moquette 0.17, older brokers).
 * Another client library can replace both behind this class. Used by the telemetry thread, except
 * {@link #subscribe} and {@link #send} (any thread).
 */
public final class MqttLink implements TelemetryLink, AcknowledgingLink, MqttSession
{
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    private final MqttSettings settings;
    private final int capacity;
    private final int maxPayload;
    private final Map<String, String> environment;
    private final Map<String, BiConsumer<String, byte[]>> subscriptions = new LinkedHashMap<>();
    private volatile Paho5Link v5;
    private volatile PahoLink v3;
    private volatile Acknowledgements acknowledgements;
    private volatile WillSource willSource;
    private BooleanSupplier connectGate;

    public MqttLink(final MqttSettings settings, final int capacity, final int maxPayload, final Map<String, String> environment) throws IOException
    {
        this.settings = settings;
        this.capacity = capacity;
        this.maxPayload = maxPayload;
        this.environment = Map.copyOf(environment);
        if (settings.protocol() == MqttSettings.Protocol.V3_1_1)
        {
            this.v3 = new PahoLink(settings, capacity, maxPayload, environment);
        }
        else
        {
            this.v5 = new Paho5Link(settings, capacity, maxPayload, environment);
        }
    }

    /**
     * Holds the first connection from {@link #pump} until {@code ready} says so (a broker starting in
     * this process, {@link EmbeddedBroker#startInBackground}): messages queue meanwhile, and the link
     * logs no refused connects and counts no connect failures for a broker that is still starting.
     * Call before the link is pumped.
     */
    public void holdConnectUntil(final BooleanSupplier ready)
    {
        this.connectGate = ready;
    }

    /** The hold of {@link #holdConnectUntil} while it still holds, else null (another link to the same broker can share it). */
    public BooleanSupplier connectHold()
    {
        return connectGate;
    }

    /** The protocol in use now: 5 or 3.1.1 (with auto, 5 until the broker refuses it). */
    public String protocol()
    {
        return v3 != null ? "3.1.1" : "5";
    }

    public void acknowledgeInto(final Acknowledgements answers)
    {
        this.acknowledgements = answers;
        if (v5 != null)
        {
            v5.acknowledgeInto(answers);
        }
        else
        {
            v3.acknowledgeInto(answers);
        }
    }

    /** Asks {@code source} for the Will before every CONNECT, the first and each reconnect (before {@link #connect}). */
    public void willFrom(final WillSource source)
    {
        this.willSource = source;
        if (v5 != null)
        {
            v5.willFrom(source);
        }
        else
        {
            v3.willFrom(source);
        }
    }

    /** First connection at start-up (outside any loop): waits up to {@code timeoutMs}, falling back to 3.1.1 on the way with auto. */
    public boolean connect(final long timeoutMs)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        if (v5 != null)
        {
            if (v5.connect(timeoutMs))
            {
                return true;
            }
            if (!switchIfRefused())
            {
                return false;
            }
        }
        return v3.connect(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
    }

    private boolean switchIfRefused()
    {
        final Paho5Link old = v5;
        if (old == null || settings.protocol() != MqttSettings.Protocol.AUTO || !old.protocolRefused() || old.isConnected())
        {
            return false;
        }
        try
        {
            final PahoLink next = new PahoLink(settings.withProtocol(MqttSettings.Protocol.V3_1_1), capacity, maxPayload, environment);
            if (acknowledgements != null)
            {
                next.acknowledgeInto(acknowledgements);
            }
            if (willSource != null)
            {
                next.willFrom(willSource);
            }
            synchronized (subscriptions)
            {
                subscriptions.forEach(next::subscribe);
            }
            old.transferTo(next);
            v3 = next;
            v5 = null;
            old.close();
            LOG.info("MQTT {} as {}: the broker does not speak MQTT 5; using MQTT 3.1.1 (a publish its ACL refuses is not seen as refused)",
                settings.uri(), settings.clientId());
            return true;
        }
        catch (final IOException ex)
        {
            LOG.warn("MQTT {}: cannot fall back to MQTT 3.1.1: {}", settings.uri(), ex.getMessage());
            return false;
        }
    }

    @Override
    public boolean offer(final String topic, final byte[] payload, final int length)
    {
        final Paho5Link five = v5;
        return five != null ? five.offer(topic, payload, length) : v3.offer(topic, payload, length);
    }

    @Override
    public boolean publish(final long sequence, final String topic, final byte[] payload, final int length)
    {
        final Paho5Link five = v5;
        return five != null ? five.publish(sequence, topic, payload, length) : v3.publish(sequence, topic, payload, length);
    }

    @Override
    public int pump(final long nowNs)
    {
        final BooleanSupplier gate = connectGate;
        if (gate != null)
        {
            if (!gate.getAsBoolean())
            {
                return 0;
            }
            connectGate = null;
        }
        final Paho5Link five = v5;
        if (five != null)
        {
            final int work = five.pump(nowNs);
            if (!five.isConnected() && five.protocolRefused())
            {
                switchIfRefused();
            }
            return work;
        }
        return v3.pump(nowNs);
    }

    /** Forgets every message queued and not yet handed to the broker (telemetry thread); returns how many. */
    public int discardQueued()
    {
        final Paho5Link five = v5;
        return five != null ? five.discardQueued() : v3.discardQueued();
    }

    @Override
    public int backlog()
    {
        final Paho5Link five = v5;
        return five != null ? five.backlog() : v3.backlog();
    }

    @Override
    public boolean drain(final long timeoutMs)
    {
        final Paho5Link five = v5;
        return five != null ? five.drain(timeoutMs) : v3.drain(timeoutMs);
    }

    @Override
    public boolean isConnected()
    {
        final Paho5Link five = v5;
        return five != null ? five.isConnected() : v3.isConnected();
    }

    @Override
    public long connections()
    {
        // A switch happens only before the first MQTT 5 connection, so 3.1.1's count continues it.
        final Paho5Link five = v5;
        return five != null ? five.connections() : v3.connections();
    }

    @Override
    public void subscribe(final String filter, final BiConsumer<String, byte[]> handler)
    {
        synchronized (subscriptions)
        {
            subscriptions.put(filter, handler);
        }
        final Paho5Link five = v5;
        if (five != null)
        {
            five.subscribe(filter, handler);
        }
        else
        {
            v3.subscribe(filter, handler);
        }
    }

    @Override
    public boolean send(final String topic, final byte[] payload, final int qos)
    {
        final Paho5Link five = v5;
        return five != null ? five.send(topic, payload, qos) : v3.send(topic, payload, qos);
    }

    /** Publishes the broker refused (MQTT 5 only; 0 with 3.1.1, which cannot tell). */
    public long refused()
    {
        final Paho5Link five = v5;
        return five != null ? five.refused() : 0;
    }

    public long connectFailures()
    {
        final Paho5Link five = v5;
        return five != null ? five.connectFailures() : v3.connectFailures();
    }

    public String lastProblem()
    {
        final Paho5Link five = v5;
        return five != null ? five.lastProblem() : v3.lastProblem();
    }

    public long published()
    {
        final Paho5Link five = v5;
        return five != null ? five.published() : v3.published();
    }

    public MqttSettings settings()
    {
        return settings;
    }

    /**
     * Closes so that the broker publishes the Will: with MQTT 5 a DISCONNECT with reason code 0x04; with
     * 3.1.1, which has no such DISCONNECT, a plain close (the caller publishes the Will's message itself first).
     *
     * @return true when the broker publishes the Will (MQTT 5)
     */
    public boolean closeWithWill()
    {
        final Paho5Link five = v5;
        if (five != null)
        {
            five.closeWithWill();
            return true;
        }
        close();
        return false;
    }

    @Override
    public void close()
    {
        final Paho5Link five = v5;
        if (five != null)
        {
            five.close();
        }
        final PahoLink three = v3;
        if (three != null)
        {
            three.close();
        }
    }
}
