package io.ironloop.firmware.sparkplug;

import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.command.CommandPolicy;
import io.ironloop.firmware.command.JsonCommandGateway;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.mqtt.MosquittoProcess;
import io.ironloop.firmware.mqtt.MqttLink;
import io.ironloop.firmware.mqtt.MqttSettings;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The pump station on a virtual clock (lockstep, stepped by the test thread), its edge node on a real
 * broker, and a subscriber that records every Sparkplug message with its QoS and retain flag.
 */
final class SparkplugRig implements AutoCloseable
{
    static final long STEP_NS = 100_000_000L;
    static final long WALL_BASE_MS = 1_760_000_000_000L;

    final VirtualClock clock = new VirtualClock(0L);
    final Machine machine;
    final MachineConfig config;
    final CountersFile counters;
    final LockstepRunner runner;
    final JsonCommandGateway gateway;
    EdgeNode node;

    SparkplugRig(final Path dir, final String name, final MachineConfig.Sparkplug sparkplug, final CommandPolicy policy) throws Exception
    {
        final MachineSetup setup = MachineSetup.load(pumpStation(), null);
        this.config = setup.machine();
        this.counters = CountersFile.create(CountersFile.fileFor(dir, name), 512);
        this.machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters.manager());
        final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
        agents.add(machine.control());
        this.runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0]));
        this.gateway = new JsonCommandGateway(machine.control(), policy, counters.manager(), System::currentTimeMillis);
        this.sparkplug = sparkplug;
    }

    private final MachineConfig.Sparkplug sparkplug;

    static MachineConfig.Sparkplug sparkplug(final String primaryHost)
    {
        return sparkplug(primaryHost, 0.0);
    }

    static MachineConfig.Sparkplug sparkplug(final String primaryHost, final double deadband)
    {
        return new MachineConfig.Sparkplug(true, "plant", "pump-station", "pump", primaryHost, deadband, 10_000, "sparkplug");
    }

    /** A new edge node (a "firmware start") on {@code uri}, keeping its bdSeq in {@code stateDir}. */
    EdgeNode start(final String uri, final MqttSettings.Protocol protocol, final Path stateDir) throws IOException
    {
        return start(uri, protocol, stateDir, null);
    }

    /** As above, with an advisor's findings among the device's metrics when {@code advisor} is not null. */
    EdgeNode start(final String uri, final MqttSettings.Protocol protocol, final Path stateDir,
        final io.ironloop.control.advice.AdvisorStatus advisor) throws IOException
    {
        final MqttLink link = new MqttLink(MqttSettings.plain(uri, "pump-station-spb", 0).withProtocol(protocol), 64, 16 * 1024, Map.of());
        final int slots = machine.image().size();
        final String[] units = new String[slots];
        final double[] deadbands = new double[slots];
        for (int slot = 0; slot < slots; slot++)
        {
            units[slot] = machine.sensor(machine.image().name(slot)) == null ? null : machine.sensor(machine.image().name(slot)).unit().symbol();
            deadbands[slot] = sparkplug.deadband();
        }
        node = new EdgeNode(sparkplug, config.name(), machine.image(), units, new String[] {"bar"}, deadbands, machine.control(),
            machine.counters().overruns(), link, new BdSeqStore(BdSeqStore.fileFor(stateDir, config.name())),
            () -> WALL_BASE_MS + clock.nanoTime() / 1_000_000L, 10.0, 16 * 1024, null, advisor, "pump");
        node.commands(new SparkplugCommands(node, gateway, link, config.telemetry().topic()));
        gateway.rebirthBy(node::requestRebirth);
        return node;
    }

    /** One telemetry period: the machine runs 100 ms of virtual time, then the edge node polls. */
    void step()
    {
        synchronized (this)
        {
            runner.runFor(STEP_NS);
            node.poll(clock.nanoTime());
        }
    }

    /** Steps until {@code condition} holds (messages arrive on Paho's threads) or 20 s of real time pass. */
    boolean until(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0)
        {
            step();
            if (condition.getAsBoolean())
            {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        return condition.getAsBoolean();
    }

    static Path pumpStation()
    {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent())
        {
            final Path file = at.resolve("board-configs/machines/pump-station.yaml");
            if (Files.isRegularFile(file))
            {
                return file;
            }
        }
        throw new IllegalStateException("board-configs/machines/pump-station.yaml not found");
    }

    static void requireMosquitto()
    {
        if (MosquittoProcess.binary() != null)
        {
            return;
        }
        if ("1".equals(System.getenv("IRONLOOP_REQUIRE_SHARED")))
        {
            Assertions.fail("mosquitto is not installed and IRONLOOP_REQUIRE_SHARED=1 requires the real-broker tests");
        }
        Assumptions.abort("skipped: mosquitto is not installed (apt-get install mosquitto; .ci/run installs it)");
    }

    @Override
    public void close()
    {
        if (node != null)
        {
            node.close();
        }
        runner.close();
        machine.close();
        counters.close();
    }

    /** One message as the subscriber saw it. */
    record Received(String topic, byte[] bytes, int qos, boolean retained)
    {
        Payload payload()
        {
            try
            {
                return Payload.parseFrom(bytes);
            }
            catch (final IOException ex)
            {
                throw new AssertionError("not a Sparkplug payload on " + topic, ex);
            }
        }

        String type()
        {
            return topic.split("/")[2];
        }

        long bdSeq()
        {
            return payload().getMetricsList().stream().filter(m -> m.getName().equals("bdSeq")).findFirst()
                .orElseThrow(() -> new AssertionError("no bdSeq in " + topic)).getLongValue();
        }
    }

    /** A plain MQTT 3.1.1 client on {@code spBv1.0/#} and the machine's reply topics. */
    static final class Subscriber implements AutoCloseable
    {
        final List<Received> messages = new CopyOnWriteArrayList<>();
        final List<String> replies = new CopyOnWriteArrayList<>();
        final MqttClient client;

        Subscriber(final String uri, final String id) throws MqttException
        {
            client = new MqttClient(uri, id, new MemoryPersistence());
            client.setCallback(new MqttCallback()
            {
                @Override
                public void connectionLost(final Throwable cause)
                {
                }

                @Override
                public void messageArrived(final String topic, final MqttMessage message)
                {
                    if (topic.startsWith("spBv1.0/") && !topic.startsWith("spBv1.0/STATE/"))
                    {
                        messages.add(new Received(topic, message.getPayload(), message.getQos(), message.isRetained()));
                    }
                    else if (topic.contains("/reply/"))
                    {
                        replies.add(new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }

                @Override
                public void deliveryComplete(final IMqttDeliveryToken token)
                {
                }
            });
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            client.subscribe(new String[] {"spBv1.0/#", "ironloop/+/reply/#"}, new int[] {1, 1});
        }

        List<Received> of(final String type)
        {
            return messages.stream().filter(m -> m.type().equals(type)).collect(Collectors.toList());
        }

        void publish(final String topic, final byte[] payload, final int qos, final boolean retained) throws MqttException
        {
            client.publish(topic, payload, qos, retained);
        }

        @Override
        public void close() throws MqttException
        {
            if (client.isConnected())
            {
                client.disconnect();
            }
            client.close();
        }
    }

    /**
     * A TCP relay in front of the broker: {@link #cut} drops every connection through it without a
     * DISCONNECT, as a power cut or a pulled cable would.
     */
    static final class Relay implements AutoCloseable
    {
        private final ServerSocket server;
        private final int target;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        Relay(final int target) throws IOException
        {
            this.target = target;
            this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            this.acceptor = new Thread(this::accept, "relay");
            this.acceptor.setDaemon(true);
            this.acceptor.start();
        }

        String uri()
        {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        private void accept()
        {
            while (!server.isClosed())
            {
                try
                {
                    final Socket in = server.accept();
                    final Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(in);
                    sockets.add(out);
                    pipe(in, out);
                    pipe(out, in);
                }
                catch (final IOException ex)
                {
                    return;
                }
            }
        }

        private static void pipe(final Socket from, final Socket to)
        {
            final Thread thread = new Thread(() ->
            {
                final byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
                {
                    int n;
                    while ((n = in.read(buffer)) >= 0)
                    {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                catch (final IOException ex)
                {
                    // cut
                }
                closeQuietly(from);
                closeQuietly(to);
            }, "relay-pipe");
            thread.setDaemon(true);
            thread.start();
        }

        /** Drops every connection through the relay at once (no DISCONNECT reaches the broker). */
        void cut()
        {
            for (final Socket socket : sockets)
            {
                closeQuietly(socket);
            }
            sockets.clear();
        }

        private static void closeQuietly(final Socket socket)
        {
            try
            {
                socket.close();
            }
            catch (final IOException ex)
            {
                // already closed
            }
        }

        @Override
        public void close() throws IOException
        {
            server.close();
            cut();
        }
    }
}
