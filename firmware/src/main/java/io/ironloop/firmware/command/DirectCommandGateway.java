package io.ironloop.firmware.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.command.ControlCommands;
import io.ironloop.control.mode.Mode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * INTERIM gateway for the status page until the MQTT command gateway ({@code JsonCommandGateway}, schema in
 * docs/COMMANDS.md of that work) is merged; it reads the same document: {@code {"id", "command", "loop",
 * "value" | "mode"}} with commands setpoint, mode, manual-output, reset, acknowledge and autotune (no
 * principals policy, no signatures: the page's token is checked before this),
 * submits it through {@link ControlCommands} with the channel's {@link CommandSource}, waits (on the
 * caller's thread, never the control thread) up to a timeout for the control agent's answer, and answers.
 * Bounds, modes and resets are judged by the control agent itself, so the answer is the loop's own. Never
 * throws on bad input: every rejection is an answer with a reason, and is counted.
 */
public final class DirectCommandGateway implements CommandGateway
{
    /** Payloads larger than this are refused unread ({@code oversized}). */
    public static final int MAX_PAYLOAD_BYTES = 1024;
    /** The schema's fields; the signing fields are read by the MQTT gateway and ignored here (no key). */
    private static final Set<String> KEYS = Set.of("id", "command", "loop", "value", "mode", "nonce", "timestamp", "signature");
    private static final String COMMANDS = "setpoint, mode, manual-output, reset, acknowledge, autotune";
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_ID_CHARS = 64;
    private static final int SOURCE_ID = 1;

    private final ObjectMapper json = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final ControlCommands commands;
    private final Map<String, Integer> loops = new HashMap<>();
    private final long answerTimeoutNs;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    /**
     * @param commands        the control agent's command path
     * @param loopIds         the loops' ids, in the control agent's order
     * @param answerTimeoutNs how long {@link #submit} waits for the control agent
     */
    public DirectCommandGateway(final ControlCommands commands, final List<String> loopIds, final long answerTimeoutNs)
    {
        this.commands = commands;
        for (int i = 0; i < loopIds.size(); i++)
        {
            loops.put(loopIds.get(i), i);
        }
        this.answerTimeoutNs = answerTimeoutNs;
    }

    @Override
    public CommandReply submit(final String channel, final String principal, final byte[] payload)
    {
        if (principal == null)
        {
            return reject(null, null, null, principal, "unauthorized", "the transport established no principal");
        }
        if (payload == null || payload.length == 0)
        {
            return reject(null, null, null, principal, "malformed", "the command is empty");
        }
        if (payload.length > MAX_PAYLOAD_BYTES)
        {
            return reject(null, null, null, principal, "oversized", "the command is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        final JsonNode root;
        try
        {
            root = json.readTree(payload);
        }
        catch (final java.io.IOException ex)
        {
            return reject(null, null, null, principal, "malformed", "the command is not JSON: " + firstLine(ex.getMessage()));
        }
        if (root == null || !root.isObject())
        {
            return reject(null, null, null, principal, "malformed", "the command must be a JSON object");
        }
        final String id = text(root, "id");
        final String command = text(root, "command");
        final String loopId = text(root, "loop");
        if (id == null || !ID.matcher(id).matches())
        {
            return reject(null, command, loopId, principal, "malformed", "'id' must be 1-64 of [A-Za-z0-9._:-]");
        }
        for (final Iterator<String> names = root.fieldNames(); names.hasNext();)
        {
            final String name = names.next();
            if (!KEYS.contains(name))
            {
                return reject(id, command, loopId, principal, "malformed", "unknown field '" + shorten(name) + "' (expected " + String.join(", ",
                    new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        if (command == null)
        {
            return reject(id, null, loopId, principal, "malformed", "'command' must be one of " + COMMANDS);
        }
        if (loopId == null)
        {
            return reject(id, command, null, principal, "malformed", "'loop' must name a loop");
        }
        final Integer loop = loops.get(loopId);
        if (loop == null)
        {
            return reject(id, command, loopId, principal, "unknown-loop", "no loop named '" + shorten(loopId) + "' (loops: " + String.join(", ",
                new java.util.TreeSet<>(loops.keySet())) + ")");
        }
        final CommandSource source = source(channel);
        final JsonNode value = root.get("value");
        final JsonNode modeNode = root.get("mode");
        final boolean takesValue = "setpoint".equals(command) || "manual-output".equals(command);
        if (value != null && !takesValue)
        {
            return reject(id, command, loopId, principal, "malformed", "'" + shorten(command) + "' takes no 'value'");
        }
        if (modeNode != null && !"mode".equals(command))
        {
            return reject(id, command, loopId, principal, "malformed", "'" + shorten(command) + "' takes no 'mode'");
        }
        if (takesValue && (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())))
        {
            return reject(id, command, loopId, principal, "malformed", "'value' of " + command + " must be a finite number");
        }
        final long ticket;
        switch (command)
        {
            case "setpoint":
                ticket = commands.setpoint(source, SOURCE_ID, loop, value.doubleValue());
                break;
            case "manual-output":
                ticket = commands.manualOutput(source, SOURCE_ID, loop, value.doubleValue());
                break;
            case "mode":
                final Mode mode = modeNode != null && modeNode.isTextual() ? mode(modeNode.textValue()) : null;
                if (mode == null)
                {
                    return reject(id, command, loopId, principal, "malformed", "'mode' must be one of OFF, MANUAL, AUTO, ADVISED");
                }
                ticket = commands.mode(source, SOURCE_ID, loop, mode);
                break;
            case "reset":
                ticket = commands.reset(source, SOURCE_ID, loop);
                break;
            case "acknowledge":
                ticket = commands.acknowledge(source, SOURCE_ID, loop);
                break;
            case "autotune":
                ticket = commands.autotuneStart(source, SOURCE_ID, loop);
                break;
            default:
                return reject(id, command, loopId, principal, "malformed", "'command' must be one of " + COMMANDS + ", got '" + shorten(command) + "'");
        }
        final CommandAnswer answer = commands.await(ticket, answerTimeoutNs);
        if (answer == CommandAnswer.ACCEPTED)
        {
            accepted.incrementAndGet();
            return reply(true, id, command, loopId, principal, "applied", command + " of " + loopId + " applied by the control agent");
        }
        if (answer == CommandAnswer.PENDING)
        {
            return reject(id, command, loopId, principal, "timeout", "the control agent did not answer in " + answerTimeoutNs / 1_000_000
                + " ms; the command may still be applied");
        }
        return reject(id, command, loopId, principal, reason(answer), message(answer));
    }

    private static String text(final JsonNode root, final String name)
    {
        final JsonNode node = root.get(name);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** Commands the control agent applied. */
    public long accepted()
    {
        return accepted.get();
    }

    /** Commands refused, here or by the control agent. */
    public long rejected()
    {
        return rejected.get();
    }

    private static CommandSource source(final String channel)
    {
        return "mqtt".equals(channel) || "sparkplug".equals(channel) ? CommandSource.MQTT
            : "page".equals(channel) ? CommandSource.PAGE : CommandSource.LOCAL;
    }

    private static Mode mode(final String text)
    {
        switch (text)
        {
            case "OFF": return Mode.OFF;
            case "MANUAL": return Mode.MANUAL;
            case "AUTO": return Mode.AUTO;
            case "ADVISED": return Mode.ADVISED;
            default: return null;
        }
    }

    static String reason(final CommandAnswer answer)
    {
        switch (answer)
        {
            case NO_SUCH_LOOP: return "unknown-loop";
            case NOT_FINITE:
            case SETPOINT_OUT_OF_RANGE:
            case OUTPUT_OUT_OF_RANGE: return "out-of-bounds";
            case PROGRAM_RUNNING: return "program-running";
            case WRONG_MODE: return "wrong-mode";
            case NO_ADVISOR: return "no-advisor";
            case TRIP_PERSISTS: return "trip-persists";
            case NOT_LATCHED: return "not-latched";
            case NO_AUTOTUNE: return "no-autotune";
            case QUEUE_FULL: return "queue-full";
            case NOT_ALLOWED: return "not-allowed";
            default: return "unknown";
        }
    }

    private static String message(final CommandAnswer answer)
    {
        switch (answer)
        {
            case SETPOINT_OUT_OF_RANGE: return "the setpoint is outside the loop's setpointRange";
            case NOT_FINITE: return "the value is not a finite number";
            case PROGRAM_RUNNING: return "a ramp/soak program drives this loop's setpoint";
            case WRONG_MODE: return "the loop's mode does not take this command";
            case NO_ADVISOR: return "the loop has no advisor, so it cannot run ADVISED";
            case TRIP_PERSISTS: return "the cause of the trip persists; the loop stays SAFE";
            case NOT_LATCHED: return "the loop is not latched SAFE; nothing to reset";
            case QUEUE_FULL: return "the control agent's command queue is full; try again";
            case NOT_ALLOWED: return "the mode machine does not allow this (leaving SAFE needs a reset)";
            default: return "refused by the control agent: " + answer.name();
        }
    }

    private CommandReply reject(
        final String id, final String command, final String loop, final String principal, final String reason, final String message)
    {
        rejected.incrementAndGet();
        return reply(false, id, command, loop, principal, reason, message);
    }

    private CommandReply reply(
        final boolean ok, final String id, final String command, final String loop, final String principal, final String reason,
        final String message)
    {
        final ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("accepted", ok);
        body.put("reason", reason);
        body.put("message", message);
        body.put("command", command == null ? null : shorten(command));
        body.put("loop", loop == null ? null : shorten(loop));
        body.put("principal", principal);
        String text;
        try
        {
            text = json.writeValueAsString(body);
        }
        catch (final JsonProcessingException ex)
        {
            text = "{\"accepted\":" + ok + ",\"reason\":\"" + reason + "\"}";
        }
        return new CommandReply(ok, reason, message, id, text);
    }

    private static String shorten(final String text)
    {
        return text.length() <= MAX_ID_CHARS ? text : text.substring(0, MAX_ID_CHARS) + "...";
    }

    private static String firstLine(final String text)
    {
        if (text == null)
        {
            return "unreadable";
        }
        final int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
