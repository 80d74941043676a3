package io.ironloop.firmware.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Mosquitto broker run as a child process on loopback, for the real-broker tests and
 * {@code bench mqtt}: a generated config on a free port, optionally a password file (made with
 * {@code mosquitto_passwd}), an ACL and a TLS listener. {@link #restart} stops and starts it on the same
 * port. Not for production: a plant runs its own broker.
 */
public final class MosquittoProcess implements AutoCloseable
{
    private final Path directory;
    private final Path config;
    private final int port;
    private final int tlsPort;
    private Process process;

    /** What the generated config contains. */
    public static final class Options
    {
        private final List<String[]> users = new ArrayList<>();
        private String acl;
        private Path caFile;
        private Path certFile;
        private Path keyFile;
        private boolean requireCertificate;
        private boolean anonymous = true;
        private int maxInflight = 1000;
        private boolean persistence;

        public Options user(final String name, final String password)
        {
            users.add(new String[] {name, password});
            return this;
        }

        /** ACL file text (Mosquitto's format: {@code user NAME}, {@code topic write T}, {@code pattern readwrite T/%u}). */
        public Options acl(final String text)
        {
            this.acl = text;
            return this;
        }

        public Options anonymous(final boolean allowed)
        {
            this.anonymous = allowed;
            return this;
        }

        /** A TLS listener on a second port with these PEM files; {@code requireCertificate} for mutual TLS. */
        public Options tls(final Path ca, final Path cert, final Path key, final boolean requireClientCertificate)
        {
            this.caFile = ca;
            this.certFile = cert;
            this.keyFile = key;
            this.requireCertificate = requireClientCertificate;
            return this;
        }

        /** Keeps sessions and queued messages across a {@link #restart} (saved at a clean stop). */
        public Options persistence(final boolean keep)
        {
            this.persistence = keep;
            return this;
        }

        public Options maxInflight(final int messages)
        {
            this.maxInflight = messages;
            return this;
        }
    }

    /** The mosquitto binary, or null when it is not installed. */
    public static Path binary()
    {
        for (final String candidate : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto"})
        {
            if (Files.isExecutable(Path.of(candidate)))
            {
                return Path.of(candidate);
            }
        }
        final String path = System.getenv("PATH");
        if (path != null)
        {
            for (final String dir : path.split(":"))
            {
                final Path at = Path.of(dir, "mosquitto");
                if (Files.isExecutable(at))
                {
                    return at;
                }
            }
        }
        return null;
    }

    private MosquittoProcess(final Path directory, final Options options) throws IOException
    {
        this.directory = directory;
        this.port = EmbeddedBroker.freePort();
        this.tlsPort = options.caFile != null ? EmbeddedBroker.freePort() : -1;
        final StringBuilder text = new StringBuilder();
        if ("root".equals(System.getProperty("user.name")))
        {
            // As root Mosquitto drops to user 'mosquitto' and then cannot read 0600 files made here.
            text.append("user root\n");
        }
        text.append(options.persistence ? "persistence true\npersistence_location " + directory + "/\nautosave_interval 0\n" : "persistence false\n");
        text.append("log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n");
        text.append("per_listener_settings false\n");
        text.append("max_inflight_messages ").append(options.maxInflight).append('\n');
        // No limit on what the broker queues for a slow or reconnecting subscriber: a full queue makes Mosquitto
        // drop QoS 1 messages it has already acknowledged to the publisher, which a test or the bench would count
        // as lost by the firmware (seen in bench mqtt: about 20 000 messages over the 100 000 queue limit).
        text.append("max_queued_messages 0\n");
        text.append("allow_anonymous ").append(options.anonymous).append('\n');
        if (!options.users.isEmpty())
        {
            final Path passwords = directory.resolve("passwords");
            Files.writeString(passwords, "", StandardCharsets.UTF_8);
            for (final String[] user : options.users)
            {
                run(List.of(passwd().toString(), "-b", passwords.toString(), user[0], user[1]));
            }
            text.append("password_file ").append(passwords).append('\n');
        }
        if (options.acl != null)
        {
            final Path acl = directory.resolve("acl");
            Files.writeString(acl, options.acl, StandardCharsets.UTF_8);
            text.append("acl_file ").append(acl).append('\n');
        }
        text.append("listener ").append(port).append(" 127.0.0.1\n");
        if (options.caFile != null)
        {
            text.append("listener ").append(tlsPort).append(" 127.0.0.1\n");
            text.append("cafile ").append(options.caFile).append('\n');
            text.append("certfile ").append(options.certFile).append('\n');
            text.append("keyfile ").append(options.keyFile).append('\n');
            text.append("require_certificate ").append(options.requireCertificate).append('\n');
        }
        this.config = directory.resolve("mosquitto.conf");
        Files.writeString(config, text.toString(), StandardCharsets.UTF_8);
    }

    /** Writes the config into {@code directory} and starts the broker; waits until it listens. */
    public static MosquittoProcess start(final Path directory, final Options options) throws IOException
    {
        if (binary() == null)
        {
            throw new IOException("mosquitto is not installed (apt-get install mosquitto)");
        }
        Files.createDirectories(directory);
        final MosquittoProcess broker = new MosquittoProcess(directory, options);
        broker.startProcess();
        return broker;
    }

    private static Path passwd() throws IOException
    {
        final Path mosquitto = binary();
        for (final Path candidate : new Path[] {mosquitto.resolveSibling("mosquitto_passwd"), Path.of("/usr/bin/mosquitto_passwd")})
        {
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        throw new IOException("mosquitto_passwd not found beside " + mosquitto);
    }

    private static void run(final List<String> command) throws IOException
    {
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!child.waitFor(30, TimeUnit.SECONDS) || child.exitValue() != 0)
            {
                throw new IOException(command.get(0) + " failed: " + out);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }

    private void startProcess() throws IOException
    {
        process = new ProcessBuilder(binary().toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("mosquitto.log").toFile())
            .start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0)
        {
            if (!process.isAlive())
            {
                throw new IOException("mosquitto exited at start: " + Files.readString(directory.resolve("mosquitto.log")));
            }
            if (listening(port) && (tlsPort < 0 || listening(tlsPort)))
            {
                return;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s: " + Files.readString(directory.resolve("mosquitto.log")));
    }

    private static boolean listening(final int port)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 5 s). */
    public void stop()
    {
        if (process == null)
        {
            return;
        }
        process.destroy();
        try
        {
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts the broker on the same ports (clients see a broker restart). */
    public void restart() throws IOException
    {
        stop();
        startProcess();
    }

    public boolean isRunning()
    {
        return process != null && process.isAlive();
    }

    public int port()
    {
        return port;
    }

    public int tlsPort()
    {
        return tlsPort;
    }

    public String uri()
    {
        return "tcp://127.0.0.1:" + port;
    }

    /** The TLS listener's URI by name, so the broker certificate's DNS name {@code localhost} is verified. */
    public String tlsUri()
    {
        return "ssl://localhost:" + tlsPort;
    }

    public Path log()
    {
        return directory.resolve("mosquitto.log");
    }

    @Override
    public void close()
    {
        stop();
    }
}
