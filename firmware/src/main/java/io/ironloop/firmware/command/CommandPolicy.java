package io.ironloop.firmware.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who may send which command, and whether commands must be signed (HMAC-SHA256 with a nonce and a
 * timestamp window against replay). See docs/COMMANDS.md. Immutable.
 *
 * @param principals    principal name to the commands it may send ({@code "*"} for all)
 * @param hmacKey       the shared signing key, or null when commands need not be signed
 * @param windowMs      how far a signed command's timestamp may be from the gateway's wall clock
 * @param maxBytes      largest command document accepted
 * @param answerTimeoutNs how long submit waits for the control agent's answer
 */
public record CommandPolicy(Map<String, Set<String>> principals, byte[] hmacKey, long windowMs, int maxBytes, long answerTimeoutNs)
{
    public static final int DEFAULT_MAX_BYTES = 1024;
    public static final long DEFAULT_WINDOW_MS = 30_000L;
    public static final long DEFAULT_ANSWER_TIMEOUT_NS = 2_000_000_000L;
    /** The principal of the local status page. */
    public static final String PAGE = "page";

    public CommandPolicy
    {
        final Map<String, Set<String>> copy = new HashMap<>();
        principals.forEach((name, commands) -> copy.put(name, Set.copyOf(commands)));
        principals = Map.copyOf(copy);
        hmacKey = hmacKey == null ? null : hmacKey.clone();
        if (windowMs <= 0 || maxBytes <= 0 || answerTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("window, size limit and answer timeout must be positive");
        }
    }

    /** Principals that may send everything, unsigned, with the default limits. */
    public static CommandPolicy allowing(final String... principals)
    {
        final Map<String, Set<String>> map = new HashMap<>();
        for (final String principal : principals)
        {
            map.put(principal, Set.of("*"));
        }
        return new CommandPolicy(map, null, DEFAULT_WINDOW_MS, DEFAULT_MAX_BYTES, DEFAULT_ANSWER_TIMEOUT_NS);
    }

    /** The same principals, with commands that must be signed with {@code key}. */
    public CommandPolicy signedWith(final String key)
    {
        return new CommandPolicy(principals, key.getBytes(StandardCharsets.UTF_8), windowMs, maxBytes, answerTimeoutNs);
    }

    /** True when {@code principal} may send {@code command}. */
    public boolean allows(final String principal, final String command)
    {
        if (principal == null)
        {
            return false;
        }
        final Set<String> commands = principals.get(principal);
        return commands != null && (commands.contains("*") || commands.contains(command));
    }

    public boolean signed()
    {
        return hmacKey != null;
    }

    @Override
    public byte[] hmacKey()
    {
        return hmacKey == null ? null : hmacKey.clone();
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof CommandPolicy that && principals.equals(that.principals) && Arrays.equals(hmacKey, that.hmacKey)
            && windowMs == that.windowMs && maxBytes == that.maxBytes && answerTimeoutNs == that.answerTimeoutNs;
    }

    @Override
    public int hashCode()
    {
        return principals.hashCode() * 31 + Arrays.hashCode(hmacKey);
    }

    @Override
    public String toString()
    {
        // Never the key.
        return "CommandPolicy[principals=" + principals.keySet() + ", signed=" + signed() + ", windowMs=" + windowMs + "]";
    }
}
