package io.ironloop.firmware.config;

/**
 * Ids, names and topics: a machine's name becomes a file name (its counters file), ids and names go into every JSON
 * message and MQTT payload, a topic goes to the broker. So ids and names are 1 to {@value #MAX_LENGTH} letters, digits,
 * {@code _ . -}, not starting with {@code .} (no path separators, no {@code ..}, nothing JSON or MQTT must escape), and a
 * topic is levels of those characters joined by {@code /}: no MQTT wildcards, no NUL, no empty level.
 */
final class NameCheck
{
    /** Longest id or name: a telemetry message names the machine and a loop, and must fit one MQTT payload buffer. */
    static final int MAX_LENGTH = 64;

    /** Longest telemetry topic, in characters. */
    static final int MAX_TOPIC_LENGTH = 256;

    /** Longest MQTT client id (the default one is {@code ironloop-} and the machine's name). */
    static final int MAX_CLIENT_ID_LENGTH = 128;

    private NameCheck()
    {
    }

    /** A required id or name of {@code key}; reported at its value when it breaks the rules above. */
    static String name(final YamlNode node, final String key, final String owner)
    {
        final String name = node.string(key, owner);
        check(node, key, owner, name, MAX_LENGTH);
        return name;
    }

    /** An optional MQTT client id: the same characters as a name, up to {@link #MAX_CLIENT_ID_LENGTH}. */
    static String clientId(final YamlNode node, final String owner, final String fallback)
    {
        final String clientId = node.string("clientId", owner, fallback);
        check(node, "clientId", owner, node.has("clientId") ? clientId : null, MAX_CLIENT_ID_LENGTH);
        return clientId;
    }

    /** An optional MQTT topic to publish to; reported at its value when it breaks the rules above. */
    static String topic(final YamlNode node, final String key, final String owner, final String fallback)
    {
        final String topic = node.string(key, owner, fallback);
        if (!node.has(key) || topic == null)
        {
            return topic;
        }
        final String what = "'" + key + "' in " + owner;
        final String problem = topicProblem(topic);
        if (problem != null)
        {
            node.keyProblem(key, what + " " + problem);
        }
        return topic;
    }

    private static void check(final YamlNode node, final String key, final String owner, final String name, final int maxLength)
    {
        if (name == null)
        {
            return;
        }
        final String problem = nameProblem(name, maxLength);
        if (problem != null)
        {
            node.keyProblem(key, "'" + key + "' in " + owner + " " + problem);
        }
    }

    /** What is wrong with {@code name} as an id or name, or null. */
    static String nameProblem(final String name, final int maxLength)
    {
        if (name.length() > maxLength)
        {
            return "is " + name.length() + " characters long; ids and names are at most " + maxLength;
        }
        if (name.startsWith("."))
        {
            return "must not start with '.', got '" + name + "'";
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (!safe(name.charAt(i)))
            {
                return "contains " + describe(name.charAt(i)) + " (character " + (i + 1) + "); ids and names use only letters, digits, "
                    + "'_', '.' and '-'";
            }
        }
        return null;
    }

    /** What is wrong with {@code topic} as a topic to publish to, or null. */
    static String topicProblem(final String topic)
    {
        if (topic.length() > MAX_TOPIC_LENGTH)
        {
            return "is " + topic.length() + " characters long; a topic is at most " + MAX_TOPIC_LENGTH;
        }
        for (int i = 0; i < topic.length(); i++)
        {
            final char c = topic.charAt(i);
            if (c == '#' || c == '+')
            {
                return "contains the MQTT wildcard '" + c + "' (character " + (i + 1) + "); one publishes to a topic without wildcards";
            }
            if (c == '/' && (i == 0 || i == topic.length() - 1 || topic.charAt(i - 1) == '/'))
            {
                return "has an empty level (a '/' at its start or end, or two in a row): '" + topic + "'";
            }
            if (c != '/' && !safe(c))
            {
                return "contains " + describe(c) + " (character " + (i + 1) + "); topic levels use only letters, digits, '_', '.' and '-'";
            }
        }
        return null;
    }

    private static boolean safe(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static String describe(final char c)
    {
        return c == 0 ? "a NUL character" : c < 0x20 || c > 0x7E ? String.format("the character U+%04X", (int)c) : "'" + c + "'";
    }
}
