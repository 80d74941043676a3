package io.ironloop.firmware.command;

import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
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
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands over JSON topics through a real Mosquitto: the ACL lets each user publish only under its own
 * name ({@code command/%u}), so the topic's last level is the authenticated principal; a running machine
 * changes and the answer comes back on {@code reply/<principal>}; an unauthorized principal changes nothing.
 */
class MqttCommandsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldApplyACommandFromAnAuthorizedUserAndAnswerIt() throws Exception
    {
        if (MosquittoProcess.binary() == null)
        {
            if ("1".equals(System.getenv("IRONLOOP_REQUIRE_SHARED")))
            {
                Assertions.fail("mosquitto is not installed and IRONLOOP_REQUIRE_SHARED=1 requires the real-broker tests");
            }
            Assumptions.abort("skipped: mosquitto is not installed (apt-get install mosquitto)");
        }
        final String acl = String.join("\n",
            "user board", "topic readwrite ironloop/#",
            "pattern write ironloop/+/command/%u",
            "pattern read ironloop/+/reply/%u", "");
        final MachineSetup setup = MachineSetup.load(JsonCommandGatewayTest.pumpStation(), null);
        final VirtualClock clock = new VirtualClock(0L);
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), new MosquittoProcess.Options().anonymous(false)
                .user("board", "board-pw").user("operator", "op-pw").user("visitor", "vis-pw").acl(acl));
            CountersFile counters = CountersFile.create(CountersFile.fileFor(dir, "mqtt-commands"), 256);
            Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters.manager()))
        {
            final Path pw = dir.resolve("board.pw");
            Files.writeString(pw, "board-pw");
            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            final AtomicBoolean running = new AtomicBoolean(true);
            try (LockstepRunner runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0]));
                MqttLink link = new MqttLink(MqttSettings.plain(broker.uri(), "board-commands", 1).withProtocol(MqttSettings.Protocol.V5)
                    .withCredentials("board", pw, null), 64, 256, Map.of()))
            {
                final long periodNs = machine.control().schedule().periodNs();
                final Object lock = new Object();
                final Thread ticker = new Thread(() ->
                {
                    while (running.get())
                    {
                        synchronized (lock)
                        {
                            runner.runFor(periodNs);
                        }
                        link.pump(System.nanoTime());
                        LockSupport.parkNanos(200_000L);
                    }
                }, "ticker");
                assertTrue(link.connect(5_000));
                final JsonCommandGateway gateway = new JsonCommandGateway(machine.control(),
                    new CommandPolicy(Map.of("operator", Set.of("*"), "visitor", Set.of("acknowledge")), null, 30_000, 1024, 2_000_000_000L),
                    counters.manager(), () -> 1_796_700_000_000L);
                ticker.start();
                try (MqttCommands commands = new MqttCommands(link, gateway, "ironloop/pump-station"))
                {
                    final List<String> operatorReplies = new CopyOnWriteArrayList<>();
                    final List<String> visitorReplies = new CopyOnWriteArrayList<>();
                    final MqttClient operator = client(broker.uri(), "operator", "op-pw", "ironloop/pump-station/reply/operator", operatorReplies);
                    final MqttClient visitor = client(broker.uri(), "visitor", "vis-pw", "ironloop/pump-station/reply/visitor", visitorReplies);
                    // Let the board's subscription settle: wait until a first command is answered.
                    final String loop = "discharge_pressure_control";
                    visitor.publish("ironloop/pump-station/command/visitor",
                        ("{\"id\":\"v1\",\"command\":\"setpoint\",\"loop\":\"" + loop + "\",\"value\":6}").getBytes(StandardCharsets.UTF_8), 1, false);
                    assertTrue(until(() -> visitorReplies.size() == 1), "the visitor is answered");
                    assertTrue(visitorReplies.get(0).contains("\"reason\":\"unauthorized\""), visitorReplies.get(0));
                    synchronized (lock)
                    {
                        assertEquals(4.0, machine.control().loop(0).setpoint(), "an unauthorized command changed nothing");
                    }
                    operator.publish("ironloop/pump-station/command/operator",
                        ("{\"id\":\"o1\",\"command\":\"setpoint\",\"loop\":\"" + loop + "\",\"value\":6}").getBytes(StandardCharsets.UTF_8), 1, false);
                    assertTrue(until(() -> operatorReplies.size() == 1), "the operator is answered");
                    assertTrue(operatorReplies.get(0).contains("\"accepted\":true"), operatorReplies.get(0));
                    synchronized (lock)
                    {
                        assertEquals(6.0, machine.control().loop(0).setpoint(), "the running machine took the setpoint");
                    }
                    // The ACL: the visitor cannot speak as the operator (Mosquitto drops it), so nothing changes.
                    visitor.publish("ironloop/pump-station/command/operator",
                        ("{\"id\":\"v2\",\"command\":\"setpoint\",\"loop\":\"" + loop + "\",\"value\":5}").getBytes(StandardCharsets.UTF_8), 1, false);
                    operator.publish("ironloop/pump-station/command/operator",
                        ("{\"id\":\"o2\",\"command\":\"setpoint\",\"loop\":\"" + loop + "\",\"value\":6.5}").getBytes(StandardCharsets.UTF_8), 1, false);
                    assertTrue(until(() -> operatorReplies.size() == 2));
                    assertTrue(operatorReplies.get(1).contains("\"id\":\"o2\""), "the impersonation never reached the board: " + operatorReplies);
                    assertEquals(1, gateway.rejections("unauthorized"));
                    // Clean-up only: Mosquitto may already have dropped the visitor after its refused publish.
                    for (final MqttClient client : List.of(operator, visitor))
                    {
                        if (client.isConnected())
                        {
                            client.disconnect();
                        }
                    }
                    operator.close();
                    visitor.close();
                }
                finally
                {
                    running.set(false);
                    ticker.join();
                }
            }
        }
    }

    private static boolean until(final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(5_000_000L);
        }
        return condition.getAsBoolean();
    }

    private static MqttClient client(final String uri, final String user, final String password, final String replies, final List<String> into)
        throws Exception
    {
        final MqttClient client = new MqttClient(uri, user + "-client", new MemoryPersistence());
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        client.setCallback(new MqttCallback()
        {
            @Override
            public void connectionLost(final Throwable cause)
            {
            }

            @Override
            public void messageArrived(final String topic, final MqttMessage message)
            {
                into.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(final IMqttDeliveryToken token)
            {
            }
        });
        client.connect(options);
        client.subscribe(replies, 1);
        return client;
    }
}
