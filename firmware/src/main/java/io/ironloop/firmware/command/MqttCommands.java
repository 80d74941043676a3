package io.ironloop.firmware.command;

import io.ironloop.firmware.mqtt.MqttSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Commands over JSON topics: subscribes to {@code <topic>/command/+}, where the last level is the
 * sender's principal (the broker's ACL makes it the MQTT username: {@code pattern write
 * <prefix>/+/command/%u}), hands each to the {@link CommandGateway} on its own thread (never on the
 * MQTT client's, which must keep acknowledging), and publishes the answer on {@code <topic>/reply/<principal>}.
 * A full hand-off queue answers {@code queue-full} at once. Sparkplug NCMD/DCMD can feed the same gateway.
 */
public final class MqttCommands implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(MqttCommands.class);
    private static final int QUEUE = 64;

    private final MqttSession session;
    private final CommandGateway gateway;
    private final String prefix;
    private final BlockingQueue<String[]> pending = new ArrayBlockingQueue<>(QUEUE);
    private final BlockingQueue<byte[]> payloads = new ArrayBlockingQueue<>(QUEUE);
    private final Thread worker;
    private volatile boolean running = true;

    /** @param machineTopic the machine's telemetry topic root, e.g. {@code ironloop/pump-station} */
    public MqttCommands(final MqttSession session, final CommandGateway gateway, final String machineTopic)
    {
        this.session = session;
        this.gateway = gateway;
        this.prefix = machineTopic;
        this.worker = CommandWorker.start(this::work, "mqtt-commands");
        session.subscribe(machineTopic + "/command/+", this::arrived);
    }

    public String commandFilter()
    {
        return prefix + "/command/+";
    }

    private void arrived(final String topic, final byte[] payload)
    {
        final String principal = topic.substring(topic.lastIndexOf('/') + 1);
        synchronized (this)
        {
            if (pending.remainingCapacity() > 0 && payloads.remainingCapacity() > 0)
            {
                pending.add(new String[] {principal});
                payloads.add(payload);
                return;
            }
        }
        final String reply = "{\"id\":null,\"accepted\":false,\"reason\":\"queue-full\",\"message\":\"too many commands at once\",\"principal\":\""
            + principal.replace("\"", "") + "\"}";
        session.send(prefix + "/reply/" + principal, reply.getBytes(StandardCharsets.UTF_8), 1);
    }

    private void work()
    {
        while (running)
        {
            try
            {
                final String[] principal = pending.poll(200, TimeUnit.MILLISECONDS);
                if (principal == null)
                {
                    continue;
                }
                final byte[] payload = payloads.take();
                final CommandGateway.CommandReply reply = gateway.submit("mqtt", principal[0], payload);
                if (!session.send(prefix + "/reply/" + principal[0], reply.json().getBytes(StandardCharsets.UTF_8), 1))
                {
                    LOG.info("command answer to {} not sent: not connected", principal[0]);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("command handling failed: {}", ex.toString());
            }
        }
    }

    @Override
    public void close()
    {
        running = false;
        CommandWorker.stop(worker);
    }
}
