package io.ironloop.firmware.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.command.ControlCommands;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.CounterTypes;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON {@link CommandGateway} (document and reasons in docs/COMMANDS.md): validates the document,
 * authorizes the principal, checks the signature and replay window when configured, checks bounds and
 * mode against the loop, and only then submits through {@link ControlCommands} and waits for the
 * control agent's answer. Thread-safe: MQTT's callback thread and the page may submit at once. Not on
 * any hot path (it parses JSON and allocates); the control thread only sees the pooled command.
 */
public final class JsonCommandGateway implements CommandGateway
{
    private static final Logger LOG = LoggerFactory.getLogger(JsonCommandGateway.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    private static final Set<String> FIELDS = Set.of("id", "command", "loop", "value", "mode", "nonce", "timestamp", "signature");
    private static final int MAX_NONCES = 65_536;
    /** Every reason a command can be refused for, each with its own counter. */
    public static final List<String> REJECTION_REASONS = List.of("malformed", "oversized", "unauthorized", "bad-signature", "stale",
        "replayed", "unknown-loop", "out-of-bounds", "wrong-mode", "not-allowed", "trip-persists", "not-latched", "no-autotune",
        "no-advisor", "program-running", "queue-full", "timeout", "unsupported");
    /** Counters this gateway adds to the counters file. */
    public static final int COUNTERS = REJECTION_REASONS.size() + 1;

    private final ControlAgent control;
    private final CommandPolicy policy;
    private final EpochClock wallClock;
    private final ObjectMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    private final Map<String, Integer> loopIndex = new HashMap<>();
    private final Map<String, Integer> sourceIds = new HashMap<>();
    private final Map<String, AtomicCounter> rejections = new LinkedHashMap<>();
    private final AtomicCounter accepted;
    /** Nonce to the wall time it was seen, oldest first. */
    private final LinkedHashMap<String, Long> nonces = new LinkedHashMap<>();
    /** What the {@code rebirth} command does: the Sparkplug edge node's rebirth, when there is one. */
    private volatile Runnable rebirth;

    /**
     * @param counters    where the accepted and per-reason rejection counters go ({@code command rejections: REASON})
     * @param wallClock the wall clock (epoch ms) the signed timestamps' window and the nonces' age are measured on:
     *                  injected ({@code SystemEpochClock} in a run, a controlled one in tests), never read from the system here
     */
    public JsonCommandGateway(final ControlAgent control, final CommandPolicy policy, final CountersManager counters, final EpochClock wallClock)
    {
        this.control = control;
        this.policy = policy;
        this.wallClock = wallClock;
        for (int i = 0; i < control.loopCount(); i++)
        {
            loopIndex.put(control.loop(i).id(), i);
        }
        int next = 1;
        for (final String principal : new java.util.TreeSet<>(policy.principals().keySet()))
        {
            sourceIds.put(principal, next++);
        }
        for (final String reason : REJECTION_REASONS)
        {
            rejections.put(reason, counters.newCounter("command rejections: " + reason, CounterTypes.COMMAND_REJECTIONS));
        }
        this.accepted = counters.newCounter("commands accepted", CounterTypes.COMMANDS_ACCEPTED);
    }

    /** Lets {@code rebirth} commands (authorized like every other) ask the Sparkplug edge node for a fresh NBIRTH and DBIRTH. */
    public JsonCommandGateway rebirthBy(final Runnable action)
    {
        this.rebirth = action;
        return this;
    }

    /**
     * Refuses a command that never became a command document (a Sparkplug NCMD/DCMD this gateway cannot
     * map: an unknown metric, a value of the wrong type): counted under {@code reason} like every other
     * rejection, and answered with the same document.
     */
    public CommandReply refuse(
        final String channel, final String principal, final String id, final String command, final String loop, final String reason,
        final String message)
    {
        final Parsed parsed = new Parsed();
        parsed.id = id;
        parsed.command = command;
        parsed.loop = loop;
        return reject(channel, principal, parsed, REJECTION_REASONS.contains(reason) ? reason : "malformed", message);
    }

    /** Rejections counted for {@code reason} so far. */
    public long rejections(final String reason)
    {
        final AtomicCounter counter = rejections.get(reason);
        return counter == null ? 0 : counter.get();
    }

    /** Commands accepted so far. */
    public long accepted()
    {
        return accepted.get();
    }

    @Override
    public CommandReply submit(final String channel, final String principal, final byte[] payload)
    {
        final Parsed command = new Parsed();
        try
        {
            return submit(channel, principal, payload, command);
        }
        catch (final RuntimeException ex)
        {
            // Never throws on bad input: anything unforeseen is a malformed command, logged once per occurrence.
            LOG.warn("command from {} on {} could not be read: {}", principal, channel, ex.toString());
            return reject(channel, principal, command, "malformed", "the command could not be read");
        }
    }

    private CommandReply submit(final String channel, final String principal, final byte[] payload, final Parsed command)
    {
        if (payload == null || payload.length == 0)
        {
            return reject(channel, principal, command, "malformed", "empty command");
        }
        if (payload.length > policy.maxBytes())
        {
            return reject(channel, principal, command, "oversized", "a command is at most " + policy.maxBytes() + " bytes, this one is " + payload.length);
        }
        final JsonNode root;
        try
        {
            root = mapper.readTree(payload);
        }
        catch (final JsonProcessingException ex)
        {
            return reject(channel, principal, command, "malformed", "not JSON: " + ex.getOriginalMessage());
        }
        catch (final IOException ex)
        {
            return reject(channel, principal, command, "malformed", "not JSON: " + ex.getMessage());
        }
        if (root == null || !root.isObject())
        {
            return reject(channel, principal, command, "malformed", "a command is a JSON object");
        }
        final String problem = read((ObjectNode)root, command);
        if (problem != null)
        {
            return reject(channel, principal, command, "malformed", problem);
        }
        if (!policy.allows(principal, command.command))
        {
            return reject(channel, principal, command, "unauthorized",
                principal == null ? "the sender is not identified" : "'" + principal + "' may not send '" + command.command + "'");
        }
        if (policy.signed() || command.signature != null)
        {
            final String signatureProblem = verify(command);
            if (signatureProblem != null)
            {
                final int colon = signatureProblem.indexOf(':');
                return reject(channel, principal, command, signatureProblem.substring(0, colon), signatureProblem.substring(colon + 2));
            }
        }
        if ("rebirth".equals(command.command))
        {
            final Runnable action = rebirth;
            if (action == null)
            {
                return reject(channel, principal, command, "unsupported", "rebirth needs the Sparkplug edge node, which this machine file does not enable");
            }
            action.run();
            accepted.increment();
            LOG.info("command {} from {} on {} applied: rebirth", command.id, principal, channel);
            return reply(true, "applied", "a fresh NBIRTH and DBIRTH follow", command, principal);
        }
        final Integer index = loopIndex.get(command.loop);
        if (index == null)
        {
            return reject(channel, principal, command, "unknown-loop", "no loop '" + command.loop + "'; loops: " + loopIndex.keySet());
        }
        final ClosedLoop loop = control.loop(index);
        final String refused = precheck(loop, command);
        if (refused != null)
        {
            final int colon = refused.indexOf(':');
            return reject(channel, principal, command, refused.substring(0, colon), refused.substring(colon + 2));
        }
        final ControlCommands commands = control.commands();
        final CommandSource source = "page".equals(channel) ? CommandSource.PAGE : CommandSource.MQTT;
        final int sourceId = sourceIds.getOrDefault(principal, 0);
        final long ticket;
        switch (command.command)
        {
            case "setpoint":
                ticket = commands.setpoint(source, sourceId, index, command.value);
                break;
            case "manual-output":
                ticket = commands.manualOutput(source, sourceId, index, command.value);
                break;
            case "mode":
                ticket = commands.mode(source, sourceId, index, command.mode);
                break;
            case "reset":
                ticket = commands.reset(source, sourceId, index);
                break;
            case "acknowledge":
                ticket = commands.acknowledge(source, sourceId, index);
                break;
            case "autotune":
                ticket = commands.autotuneStart(source, sourceId, index);
                break;
            default:
                return reject(channel, principal, command, "malformed", "unknown command '" + command.command + "'");
        }
        final CommandAnswer answer = commands.await(ticket, policy.answerTimeoutNs());
        if (answer == CommandAnswer.ACCEPTED)
        {
            accepted.increment();
            LOG.info("command {} from {} on {} applied: {} {}", command.id, principal, channel, command.command, command.loop);
            return reply(true, "applied", describe(command), command, principal);
        }
        if (answer == CommandAnswer.PENDING)
        {
            return reject(channel, principal, command, "timeout",
                "the control agent did not answer within " + policy.answerTimeoutNs() / 1_000_000 + " ms; it may still apply");
        }
        return reject(channel, principal, command, reason(answer), "the control agent refused it: " + answer);
    }

    /** Fills {@code command} from the document; a sentence for a person when a field is missing or wrong. */
    private static String read(final ObjectNode root, final Parsed command)
    {
        final Iterator<String> names = root.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!FIELDS.contains(name))
            {
                return "unknown field '" + name + "'; fields: id, command, loop, value, mode, nonce, timestamp, signature";
            }
        }
        final JsonNode id = root.get("id");
        if (id == null || !id.isTextual() || !ID.matcher(id.textValue()).matches())
        {
            return "'id' must be a string of 1-64 letters, digits or ._:-";
        }
        command.id = id.textValue();
        final JsonNode name = root.get("command");
        if (name == null || !name.isTextual())
        {
            return "'command' must be a string";
        }
        command.command = name.textValue();
        final boolean needsLoop;
        switch (command.command)
        {
            case "setpoint":
            case "manual-output":
                needsLoop = true;
                final JsonNode value = root.get("value");
                if (value == null || !value.isNumber())
                {
                    return "'" + command.command + "' needs a number 'value'";
                }
                command.valueText = value.decimalValue().stripTrailingZeros().toPlainString();
                command.value = value.doubleValue();
                break;
            case "mode":
                needsLoop = true;
                final JsonNode mode = root.get("mode");
                if (mode == null || !mode.isTextual())
                {
                    return "'mode' needs a string 'mode': OFF, MANUAL, AUTO or ADVISED";
                }
                command.modeText = mode.textValue();
                switch (command.modeText)
                {
                    case "OFF":
                        command.mode = Mode.OFF;
                        break;
                    case "MANUAL":
                        command.mode = Mode.MANUAL;
                        break;
                    case "AUTO":
                        command.mode = Mode.AUTO;
                        break;
                    case "ADVISED":
                        command.mode = Mode.ADVISED;
                        break;
                    default:
                        return "unknown mode '" + command.modeText + "'; modes: OFF, MANUAL, AUTO, ADVISED (SAFE is left with 'reset')";
                }
                break;
            case "reset":
            case "acknowledge":
            case "autotune":
                needsLoop = true;
                break;
            case "rebirth":
                needsLoop = false;
                break;
            default:
                return "unknown command '" + command.command + "'; commands: setpoint, mode, manual-output, reset, acknowledge, autotune, rebirth";
        }
        if (command.command.equals("setpoint") || command.command.equals("manual-output"))
        {
            if (root.has("mode"))
            {
                return "'" + command.command + "' takes no 'mode'";
            }
        }
        else if (root.has("value"))
        {
            return "'" + command.command + "' takes no 'value'";
        }
        final JsonNode loop = root.get("loop");
        if (needsLoop)
        {
            if (loop == null || !loop.isTextual())
            {
                return "'" + command.command + "' needs a string 'loop'";
            }
            command.loop = loop.textValue();
        }
        else if (loop != null)
        {
            return "'" + command.command + "' takes no 'loop'";
        }
        final JsonNode nonce = root.get("nonce");
        final JsonNode timestamp = root.get("timestamp");
        final JsonNode signature = root.get("signature");
        if (nonce != null)
        {
            if (!nonce.isTextual() || !NONCE.matcher(nonce.textValue()).matches())
            {
                return "'nonce' must be a string of 8-64 letters, digits or ._:-";
            }
            command.nonce = nonce.textValue();
        }
        if (timestamp != null)
        {
            if (!timestamp.isIntegralNumber() || !timestamp.canConvertToLong())
            {
                return "'timestamp' must be an integer (epoch milliseconds)";
            }
            command.timestamp = timestamp.longValue();
            command.timestampText = Long.toString(command.timestamp);
        }
        if (signature != null)
        {
            if (!signature.isTextual())
            {
                return "'signature' must be a hex string";
            }
            command.signature = signature.textValue();
        }
        return null;
    }

    /** Null when the signature, window and nonce are good; otherwise "reason: sentence". */
    private String verify(final Parsed command)
    {
        final byte[] key = policy.hmacKey();
        if (key == null || key.length == 0)
        {
            return "bad-signature: this gateway has no signing key (is its environment variable set?), so a signed command cannot be checked";
        }
        if (command.signature == null || command.nonce == null || command.timestampText == null)
        {
            return "bad-signature: commands must be signed: 'nonce', 'timestamp' and 'signature' are required";
        }
        final byte[] expected;
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal(signedText(command.id, command.command, command.loop, command.valueText, command.modeText,
                command.nonce, command.timestampText).getBytes(StandardCharsets.UTF_8));
        }
        catch (final GeneralSecurityException ex)
        {
            return "bad-signature: HMAC-SHA256 unavailable: " + ex.getMessage();
        }
        final byte[] given = unhex(command.signature);
        if (given == null || !MessageDigest.isEqual(expected, given))
        {
            return "bad-signature: the signature does not match";
        }
        final long nowMs = wallClock.time();
        if (Math.abs(nowMs - command.timestamp) > policy.windowMs())
        {
            return "stale: the timestamp is " + (nowMs - command.timestamp) + " ms from this machine's clock; the window is "
                + policy.windowMs() + " ms";
        }
        synchronized (nonces)
        {
            final Iterator<Map.Entry<String, Long>> oldest = nonces.entrySet().iterator();
            while (oldest.hasNext())
            {
                if (nowMs - oldest.next().getValue() <= 2 * policy.windowMs())
                {
                    break;
                }
                oldest.remove();
            }
            if (nonces.containsKey(command.nonce))
            {
                return "replayed: the nonce '" + command.nonce + "' was already used";
            }
            if (nonces.size() >= MAX_NONCES)
            {
                return "queue-full: too many signed commands within the window";
            }
            nonces.put(command.nonce, nowMs);
        }
        return null;
    }

    /** The text a command's signature is computed over (docs/COMMANDS.md): fields joined by newlines, absent ones empty. */
    public static String signedText(
        final String id, final String command, final String loop, final String value, final String mode, final String nonce, final String timestamp)
    {
        return String.join("\n", n(id), n(command), n(loop), n(value), n(mode), n(nonce), n(timestamp));
    }

    /** Signs a command document's fields with {@code key} (for clients and tests). */
    public static String sign(final String key, final String signedText)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            final byte[] bytes = mac.doFinal(signedText.getBytes(StandardCharsets.UTF_8));
            final StringBuilder hex = new StringBuilder(bytes.length * 2);
            for (final byte b : bytes)
            {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** The canonical number text for the signature. */
    public static String canonical(final double value)
    {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static String n(final String text)
    {
        return text == null ? "" : text;
    }

    private static byte[] unhex(final String text)
    {
        if (text.length() != 64)
        {
            return null;
        }
        final byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            final int high = Character.digit(text.charAt(2 * i), 16);
            final int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0)
            {
                return null;
            }
            bytes[i] = (byte)(high << 4 | low);
        }
        return bytes;
    }

    /** Bounds and mode against the loop as the gateway sees it now; the control agent checks again when it applies. */
    private static String precheck(final ClosedLoop loop, final Parsed command)
    {
        final Mode mode = loop.mode();
        switch (command.command)
        {
            case "setpoint":
                if (!Double.isFinite(command.value) || command.value < loop.setpointLow() || command.value > loop.setpointHigh())
                {
                    return "out-of-bounds: setpoint " + command.value + " of " + loop.id() + " is outside " + loop.setpointLow() + ".."
                        + loop.setpointHigh();
                }
                if (mode == Mode.SAFE)
                {
                    return "wrong-mode: " + loop.id() + " is latched SAFE; reset it first";
                }
                if (loop.program() != null)
                {
                    return "program-running: a ramp/soak program drives the setpoint of " + loop.id();
                }
                return null;
            case "manual-output":
                if (!Double.isFinite(command.value) || command.value < loop.outputMin() || command.value > loop.outputMax())
                {
                    return "out-of-bounds: output " + command.value + " of " + loop.id() + " is outside " + loop.outputMin() + ".."
                        + loop.outputMax();
                }
                return mode == Mode.MANUAL ? null : "wrong-mode: a manual output needs MANUAL; " + loop.id() + " is " + mode;
            case "mode":
                return mode == Mode.SAFE && command.mode != Mode.SAFE ? "wrong-mode: " + loop.id() + " is latched SAFE; use 'reset'" : null;
            case "reset":
            case "acknowledge":
                return mode == Mode.SAFE ? null : "not-latched: " + loop.id() + " is " + mode + ", not latched SAFE";
            case "autotune":
                if (loop.autotune() == null)
                {
                    return "no-autotune: " + loop.id() + " has no autotune configured";
                }
                return mode == Mode.AUTO ? null : "wrong-mode: autotune needs AUTO; " + loop.id() + " is " + mode;
            default:
                return null;
        }
    }

    private static String reason(final CommandAnswer answer)
    {
        switch (answer)
        {
            case NO_SUCH_LOOP:
                return "unknown-loop";
            case NOT_FINITE:
            case SETPOINT_OUT_OF_RANGE:
            case OUTPUT_OUT_OF_RANGE:
                return "out-of-bounds";
            case PROGRAM_RUNNING:
                return "program-running";
            case WRONG_MODE:
                return "wrong-mode";
            case NO_ADVISOR:
                return "no-advisor";
            case TRIP_PERSISTS:
                return "trip-persists";
            case NOT_LATCHED:
                return "not-latched";
            case NO_AUTOTUNE:
                return "no-autotune";
            case QUEUE_FULL:
                return "queue-full";
            case UNKNOWN:
                return "timeout";
            default:
                return "not-allowed";
        }
    }

    private static String describe(final Parsed command)
    {
        switch (command.command)
        {
            case "setpoint":
                return "setpoint of " + command.loop + " is " + command.valueText;
            case "manual-output":
                return "output of " + command.loop + " holds " + command.valueText;
            case "mode":
                return command.loop + " asked for " + command.modeText;
            default:
                return command.command + " of " + command.loop + " applied";
        }
    }

    private CommandReply reject(final String channel, final String principal, final Parsed command, final String reason, final String message)
    {
        final AtomicCounter counter = rejections.get(reason);
        if (counter != null)
        {
            counter.increment();
        }
        LOG.info("command {} from {} on {} rejected ({}): {}", command.id, principal, channel, reason, message);
        return reply(false, reason, message, command, principal);
    }

    private CommandReply reply(final boolean ok, final String reason, final String message, final Parsed command, final String principal)
    {
        final ObjectNode json = mapper.createObjectNode();
        json.put("id", command.id);
        json.put("accepted", ok);
        json.put("reason", reason);
        json.put("message", message);
        json.put("command", command.command);
        json.put("loop", command.loop);
        json.put("principal", principal);
        return new CommandReply(ok, reason, message, command.id, json.toString());
    }

    /** One command as read from its document. */
    private static final class Parsed
    {
        String id;
        String command;
        String loop;
        double value = Double.NaN;
        String valueText;
        Mode mode;
        String modeText;
        String nonce;
        long timestamp;
        String timestampText;
        String signature;
    }
}
