package io.ironloop.firmware.sparkplug;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ironloop.firmware.command.CommandGateway;
import io.ironloop.firmware.command.CommandWorker;
import io.ironloop.firmware.command.JsonCommandGateway;
import io.ironloop.firmware.mqtt.MqttSession;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * NCMD and DCMD of the edge node. A DCMD write of {@code <loop>/sp} (a number), {@code <loop>/mode}
 * (OFF, MANUAL, AUTO, ADVISED) or {@code <loop>/reset} (true) becomes the JSON command document of
 * docs/COMMANDS.md and goes through the same {@link JsonCommandGateway} as every other command: same
 * validation, authorization (as the configured Sparkplug principal), signature rule, counters and answer,
 * published on the JSON reply topic {@code <topic>/reply/<principal>}. NCMD {@code Node Control/Rebirth}
 * = true asks the node for fresh births (spec operational-behavior-data-commands-rebirth-*; it changes
 * nothing on the machine, so it needs no principal). Anything else (not a Sparkplug payload, too large,
 * an unknown or read-only metric, a value of the wrong type) is refused through the gateway, so it is
 * counted under {@code command rejections: REASON} and answered, and changes nothing. Commands are handled
 * on a thread of their own: the gateway waits for the control agent, and Paho's thread must not.
 */
public final class SparkplugCommands implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SparkplugCommands.class);
    /** Largest NCMD/DCMD payload read (a write of a handful of metrics is well under 1 KiB). */
    public static final int MAX_BYTES = 4096;
    private static final int QUEUE = 64;
    public static final String CHANNEL = "sparkplug";

    private final EdgeNode node;
    private final JsonCommandGateway gateway;
    private final MqttSession session;
    private final String replyTopic;
    private final String principal;
    private final BlockingQueue<Object[]> pending = new ArrayBlockingQueue<>(QUEUE);
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong rebirths = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;

    /**
     * @param machineTopic the machine's JSON topic root; answers go to {@code <machineTopic>/reply/<principal>}
     */
    public SparkplugCommands(final EdgeNode node, final JsonCommandGateway gateway, final MqttSession session, final String machineTopic)
    {
        this.node = node;
        this.gateway = gateway;
        this.session = session;
        this.principal = node.config().principal();
        this.replyTopic = machineTopic + "/reply/" + principal;
        this.worker = CommandWorker.start(this::work, "sparkplug-commands");
    }

    /** Paho's thread: hands the command to the worker, or refuses it at once when too many wait. */
    void arrived(final String topic, final byte[] payload)
    {
        if (!pending.offer(new Object[] {topic, payload}))
        {
            answer(gateway.refuse(CHANNEL, principal, null, null, null, "queue-full", "too many Sparkplug commands at once"));
        }
    }

    private void work()
    {
        while (running)
        {
            try
            {
                final Object[] next = pending.poll(200, TimeUnit.MILLISECONDS);
                if (next != null)
                {
                    handle((String)next[0], (byte[])next[1]);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("sparkplug command handling failed: {}", ex.toString());
            }
        }
    }

    /** Reads and applies one NCMD or DCMD (worker thread; tests call it directly). */
    void handle(final String topic, final byte[] bytes)
    {
        final String id = "spb-" + ids.incrementAndGet();
        if (bytes == null || bytes.length > MAX_BYTES)
        {
            node.countUnreadable();
            answer(gateway.refuse(CHANNEL, principal, id, null, null, bytes == null ? "malformed" : "oversized",
                "a Sparkplug command is at most " + MAX_BYTES + " bytes"));
            return;
        }
        final Payload payload;
        try
        {
            payload = Payload.parseFrom(bytes);
        }
        catch (final InvalidProtocolBufferException ex)
        {
            node.countUnreadable();
            answer(gateway.refuse(CHANNEL, principal, id, null, null, "malformed", "not a Sparkplug B payload: " + ex.getMessage()));
            return;
        }
        if (payload.getMetricsCount() == 0)
        {
            answer(gateway.refuse(CHANNEL, principal, id, null, null, "malformed", "a Sparkplug command carries at least one metric"));
            return;
        }
        final boolean nodeCommand = topic.equals(node.topics().ncmd());
        for (int i = 0; i < payload.getMetricsCount(); i++)
        {
            final String metricId = payload.getMetricsCount() == 1 ? id : id + "." + i;
            if (nodeCommand)
            {
                nodeMetric(metricId, payload.getMetrics(i));
            }
            else
            {
                deviceMetric(metricId, payload.getMetrics(i));
            }
        }
    }

    private void nodeMetric(final String id, final Payload.Metric metric)
    {
        if (!metric.hasName() || !EdgeNode.REBIRTH.equals(metric.getName()))
        {
            answer(gateway.refuse(CHANNEL, principal, id, null, null, "unsupported",
                "the only node command is '" + EdgeNode.REBIRTH + "'; got " + describe(metric)));
            return;
        }
        if (metric.getValueCase() != Payload.Metric.ValueCase.BOOLEAN_VALUE || !metric.getBooleanValue())
        {
            answer(gateway.refuse(CHANNEL, principal, id, "rebirth", null, "malformed", "'" + EdgeNode.REBIRTH + "' takes the boolean true"));
            return;
        }
        rebirths.incrementAndGet();
        node.requestRebirth();
        LOG.info("sparkplug: {} requested", EdgeNode.REBIRTH);
        final ObjectNode reply = json.createObjectNode();
        reply.put("id", id);
        reply.put("accepted", true);
        reply.put("reason", "applied");
        reply.put("message", "a fresh NBIRTH and DBIRTH follow");
        reply.put("command", "rebirth");
        reply.putNull("loop");
        reply.put("principal", principal);
        answer(new CommandGateway.CommandReply(true, "applied", "a fresh NBIRTH and DBIRTH follow", id, reply.toString()));
    }

    private void deviceMetric(final String id, final Payload.Metric metric)
    {
        final EdgeNode.Metric target = node.deviceMetric(metric);
        if (target == null)
        {
            answer(gateway.refuse(CHANNEL, principal, id, null, null, "malformed", "no device metric " + describe(metric) + " in the DBIRTH"));
            return;
        }
        final ObjectNode document = json.createObjectNode();
        document.put("id", id);
        switch (target.source)
        {
            case SP:
                final double value;
                switch (metric.getValueCase())
                {
                    case DOUBLE_VALUE:
                        value = metric.getDoubleValue();
                        break;
                    case FLOAT_VALUE:
                        value = metric.getFloatValue();
                        break;
                    case INT_VALUE:
                        value = metric.getIntValue();
                        break;
                    case LONG_VALUE:
                        value = metric.getLongValue();
                        break;
                    default:
                        answer(gateway.refuse(CHANNEL, principal, id, "setpoint", node.loopOf(target), "malformed",
                            "'" + target.name + "' takes a number, got " + metric.getValueCase()));
                        return;
                }
                if (!Double.isFinite(value))
                {
                    answer(gateway.refuse(CHANNEL, principal, id, "setpoint", node.loopOf(target), "out-of-bounds",
                        "'" + target.name + "' takes a finite number"));
                    return;
                }
                document.put("command", "setpoint").put("loop", node.loopOf(target)).put("value", value);
                break;
            case MODE:
                if (metric.getValueCase() != Payload.Metric.ValueCase.STRING_VALUE)
                {
                    answer(gateway.refuse(CHANNEL, principal, id, "mode", node.loopOf(target), "malformed",
                        "'" + target.name + "' takes a string: OFF, MANUAL, AUTO or ADVISED"));
                    return;
                }
                document.put("command", "mode").put("loop", node.loopOf(target)).put("mode", metric.getStringValue());
                break;
            case RESET:
                if (metric.getValueCase() != Payload.Metric.ValueCase.BOOLEAN_VALUE || !metric.getBooleanValue())
                {
                    answer(gateway.refuse(CHANNEL, principal, id, "reset", node.loopOf(target), "malformed",
                        "'" + target.name + "' takes the boolean true"));
                    return;
                }
                document.put("command", "reset").put("loop", node.loopOf(target));
                break;
            default:
                answer(gateway.refuse(CHANNEL, principal, id, null, null, "unsupported",
                    "'" + target.name + "' is read-only; writable: <loop>/sp, <loop>/mode, <loop>/reset"));
                return;
        }
        answer(gateway.submit(CHANNEL, principal, document.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String describe(final Payload.Metric metric)
    {
        return metric.hasName() ? "'" + metric.getName() + "'" : metric.hasAlias() ? "alias " + metric.getAlias() : "(no name or alias)";
    }

    private void answer(final CommandGateway.CommandReply reply)
    {
        if (!session.send(replyTopic, reply.json().getBytes(StandardCharsets.UTF_8), 1))
        {
            LOG.info("sparkplug command answer {} not sent: not connected", reply.id());
        }
    }

    /** Node Control/Rebirth requests taken. */
    public long rebirths()
    {
        return rebirths.get();
    }

    public String replyTopic()
    {
        return replyTopic;
    }

    @Override
    public void close()
    {
        running = false;
        CommandWorker.stop(worker);
    }
}
