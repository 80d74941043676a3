package io.ironloop.firmware.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-process MQTT broker (Moquette) for demos and tests, bound to loopback only. A real plant
 * points {@code --broker} at its own Mosquitto, EMQX or HiveMQ instead.
 */
public final class EmbeddedBroker implements AutoCloseable
{
    private final int port;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Server server;
    private volatile Throwable failure;
    private Thread starter;

    private EmbeddedBroker(final int port)
    {
        this.port = port;
    }

    private void startServer() throws IOException
    {
        final Properties properties = new Properties();
        properties.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        properties.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        properties.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        properties.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        // Dashboards and quick tools often connect without a client id; the broker assigns one.
        properties.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        properties.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        properties.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        properties.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, "65536");
        // No phoning home from a plant controller, and no files in the working directory.
        properties.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        properties.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        properties.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        final Server moquette = new Server();
        moquette.startServer(new MemoryConfig(properties));
        server = moquette;
    }

    /** Starts a broker on {@code port}; when that port is taken, on a free one (the caller prints which). */
    public static EmbeddedBroker start(final int preferredPort) throws IOException
    {
        final EmbeddedBroker broker = new EmbeddedBroker(isFree(preferredPort) ? preferredPort : freePort());
        try
        {
            broker.startServer();
        }
        finally
        {
            broker.started.countDown();
        }
        return broker;
    }

    /**
     * Chooses the port now and starts the broker on a thread of its own, so that a firmware's control
     * starts without waiting for Moquette and Netty to load (a few hundred milliseconds); clients hold
     * their first connection until {@link #isStarted()} ({@code MqttLink.holdConnectUntil}).
     */
    public static EmbeddedBroker startInBackground(final int preferredPort) throws IOException
    {
        return prepare(preferredPort).startInBackground();
    }

    /** Chooses the port (the preferred one when free) without starting: {@link #startInBackground()} starts. */
    public static EmbeddedBroker prepare(final int preferredPort) throws IOException
    {
        return new EmbeddedBroker(isFree(preferredPort) ? preferredPort : freePort());
    }

    /** Starts this prepared broker on a thread of its own (once; later calls do nothing). */
    public synchronized EmbeddedBroker startInBackground()
    {
        if (starter != null || isStarted())
        {
            return this;
        }
        final EmbeddedBroker broker = this;
        final Thread thread = new Thread(() ->
        {
            try
            {
                broker.startServer();
            }
            catch (final Throwable ex)
            {
                broker.failure = ex;
                org.slf4j.LoggerFactory.getLogger(EmbeddedBroker.class).error("embedded MQTT broker on {} did not start: {}", broker.uri(), ex.toString());
            }
            finally
            {
                broker.started.countDown();
            }
        }, "mqtt-broker-start");
        thread.setDaemon(true);
        starter = thread;
        thread.start();
        return this;
    }

    /** True once the broker has started or failed to ({@link #failure()} says which). */
    public boolean isStarted()
    {
        return started.getCount() == 0;
    }

    /** Waits for the start; true when the broker runs. */
    public boolean awaitStarted(final long timeoutMs)
    {
        try
        {
            return started.await(timeoutMs, TimeUnit.MILLISECONDS) && server != null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why the broker did not start, or null. */
    public Throwable failure()
    {
        return failure;
    }

    /** A free loopback port. */
    public static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(final int port)
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    public int port()
    {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}. */
    public String uri()
    {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close()
    {
        final Thread thread;
        synchronized (this)
        {
            thread = starter;
        }
        if (thread != null)
        {
            // A start still under way finishes first: stopping a half-started Moquette leaves its threads behind.
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        final Server running = server;
        if (running != null)
        {
            running.stopServer();
        }
    }
}
