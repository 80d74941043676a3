package io.ironloop.firmware.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * An in-process MQTT broker (Moquette) for demos and tests, bound to loopback only. A real plant
 * points {@code --broker} at its own Mosquitto, EMQX or HiveMQ instead.
 */
public final class EmbeddedBroker implements AutoCloseable
{
    private final Server server = new Server();
    private final int port;

    private EmbeddedBroker(final int port) throws IOException
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
        server.startServer(new MemoryConfig(properties));
        this.port = port;
    }

    /** Starts a broker on {@code port}; when that port is taken, on a free one (the caller prints which). */
    public static EmbeddedBroker start(final int preferredPort) throws IOException
    {
        final int port = isFree(preferredPort) ? preferredPort : freePort();
        return new EmbeddedBroker(port);
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
        server.stopServer();
    }
}
