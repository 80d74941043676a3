package io.ironloop.firmware.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML node with its position, and typed accessors that report wrong types, missing fields and
 * unknown keys as {@link Problem}s instead of throwing. Accessors return a fallback after reporting,
 * so loading goes on and the user sees every problem at once.
 */
public final class YamlNode
{
    private final String file;
    private final Node node;
    private final Problems problems;
    private final Map<String, NodeTuple> entries;
    private final Set<String> used = new TreeSet<>();

    YamlNode(final String file, final Node node, final Problems problems)
    {
        this.file = file;
        this.node = node;
        this.problems = problems;
        if (node instanceof MappingNode)
        {
            entries = new LinkedHashMap<>();
            for (final NodeTuple tuple : ((MappingNode)node).getValue())
            {
                final String key = tuple.getKeyNode() instanceof ScalarNode ? ((ScalarNode)tuple.getKeyNode()).getValue() : null;
                if (key == null)
                {
                    problems.add(position(tuple.getKeyNode()), "keys must be plain names");
                }
                else if (entries.containsKey(key))
                {
                    problems.add(position(tuple.getKeyNode()), "duplicate key '" + key + "' (first at "
                        + position(entries.get(key).getKeyNode()).shortForm(file) + ")");
                }
                else
                {
                    entries.put(key, tuple);
                }
            }
        }
        else
        {
            entries = Map.of();
        }
    }

    /** Where this node starts. */
    public Position position()
    {
        return position(node);
    }

    Position position(final Node at)
    {
        return at.getStartMark()
            .map(mark -> new Position(file, mark.getLine() + 1, mark.getColumn() + 1))
            .orElse(new Position(file, 1, 1));
    }

    public String file()
    {
        return file;
    }

    public Problems problems()
    {
        return problems;
    }

    public boolean isMap()
    {
        return node instanceof MappingNode;
    }

    public boolean isList()
    {
        return node instanceof SequenceNode;
    }

    public boolean isScalar()
    {
        return node instanceof ScalarNode;
    }

    /** The raw text of a scalar node. */
    public String text()
    {
        return node instanceof ScalarNode ? ((ScalarNode)node).getValue() : null;
    }

    /** Reports a problem at this node. */
    public void problem(final String message)
    {
        problems.add(position(), message);
    }

    /** Reports a problem unless this node is a mapping; returns whether it is. */
    public boolean expectMap(final String what)
    {
        if (!isMap())
        {
            problem(what + " must be a mapping (key: value)");
            return false;
        }
        return true;
    }

    /** The keys of a mapping in file order (empty for anything else); asking does not mark them known. */
    public List<String> keys()
    {
        return List.copyOf(entries.keySet());
    }

    /** True when the mapping has this key. */
    public boolean has(final String key)
    {
        return entries.containsKey(key);
    }

    /** The value node of a key, or null (marks the key as known). */
    public YamlNode get(final String key)
    {
        used.add(key);
        final NodeTuple tuple = entries.get(key);
        return tuple == null ? null : new YamlNode(file, tuple.getValueNode(), problems);
    }

    /** The value node of a required key; reports "missing" and returns null when absent. */
    public YamlNode require(final String key, final String owner)
    {
        final YamlNode value = get(key);
        if (value == null)
        {
            problem("missing required field '" + key + "' in " + owner);
        }
        return value;
    }

    /** Position of a key (not its value). */
    public Position keyPosition(final String key)
    {
        final NodeTuple tuple = entries.get(key);
        return tuple == null ? position() : position(tuple.getKeyNode());
    }

    /** Reports every key that no accessor asked for, naming the keys allowed here. */
    public void rejectUnknownKeys(final String owner)
    {
        for (final Map.Entry<String, NodeTuple> entry : entries.entrySet())
        {
            if (!used.contains(entry.getKey()))
            {
                problems.add(position(entry.getValue().getKeyNode()), "unknown key '" + entry.getKey() + "' in " + owner
                    + (used.isEmpty() ? "" : " (expected one of: " + String.join(", ", used) + ")"));
            }
        }
    }

    /** Elements of a sequence; reports a problem and returns an empty list for anything else. */
    public List<YamlNode> list(final String what)
    {
        final List<YamlNode> items = new ArrayList<>();
        if (node instanceof SequenceNode)
        {
            for (final Node item : ((SequenceNode)node).getValue())
            {
                items.add(new YamlNode(file, item, problems));
            }
        }
        else
        {
            problem(what + " must be a list");
        }
        return items;
    }

    // ---- scalar conversions: report and return the fallback on a wrong type ----

    public String asString(final String what, final String fallback)
    {
        if (!(node instanceof ScalarNode) || text() == null || text().isEmpty())
        {
            problem(what + " must be a text value");
            return fallback;
        }
        return text();
    }

    public double asDouble(final String what, final double fallback)
    {
        final String value = isScalar() ? text().trim() : null;
        if (value != null)
        {
            try
            {
                final double parsed = Double.parseDouble(value.replace("_", ""));
                if (Double.isFinite(parsed))
                {
                    return parsed;
                }
            }
            catch (final NumberFormatException ignored)
            {
                // reported below
            }
        }
        problem(what + " must be a number, got " + describe());
        return fallback;
    }

    public long asLong(final String what, final long fallback)
    {
        final String value = isScalar() ? text().trim().replace("_", "") : null;
        if (value != null && isLeadingZeroDecimal(value))
        {
            // Long.decode would read 0110 as octal 72: nobody writing an address or a pin means that.
            problem(what + " must be decimal without leading zeros or hex with 0x, got " + describe());
            return fallback;
        }
        if (value != null && !value.startsWith("#") && !value.startsWith("-#") && !value.startsWith("+#"))
        {
            try
            {
                return Long.decode(value);
            }
            catch (final NumberFormatException ignored)
            {
                // reported below
            }
        }
        problem(what + " must be a whole number, got " + describe());
        return fallback;
    }

    /** {@code 0110}, {@code -017}: a decimal with a leading zero, which {@link Long#decode} takes as octal. */
    private static boolean isLeadingZeroDecimal(final String value)
    {
        final int start = value.startsWith("-") || value.startsWith("+") ? 1 : 0;
        return value.length() > start + 1 && value.charAt(start) == '0' && Character.isDigit(value.charAt(start + 1));
    }

    public int asInt(final String what, final int fallback)
    {
        final long value = asLong(what, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            problem(what + " is out of range: " + value);
            return fallback;
        }
        return (int)value;
    }

    public boolean asBoolean(final String what, final boolean fallback)
    {
        final String value = isScalar() ? text().trim() : "";
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value))
        {
            return Boolean.parseBoolean(value);
        }
        problem(what + " must be true or false, got " + describe());
        return fallback;
    }

    // ---- keyed shortcuts ----

    public String string(final String key, final String owner)
    {
        final YamlNode value = require(key, owner);
        return value == null ? null : value.asString("'" + key + "' in " + owner, null);
    }

    public String string(final String key, final String owner, final String fallback)
    {
        final YamlNode value = get(key);
        return value == null ? fallback : value.asString("'" + key + "' in " + owner, fallback);
    }

    public double number(final String key, final String owner)
    {
        final YamlNode value = require(key, owner);
        return value == null ? Double.NaN : value.asDouble("'" + key + "' in " + owner, Double.NaN);
    }

    public double number(final String key, final String owner, final double fallback)
    {
        final YamlNode value = get(key);
        return value == null ? fallback : value.asDouble("'" + key + "' in " + owner, fallback);
    }

    public int integer(final String key, final String owner)
    {
        final YamlNode value = require(key, owner);
        return value == null ? -1 : value.asInt("'" + key + "' in " + owner, -1);
    }

    public int integer(final String key, final String owner, final int fallback)
    {
        final YamlNode value = get(key);
        return value == null ? fallback : value.asInt("'" + key + "' in " + owner, fallback);
    }

    public long longInteger(final String key, final String owner, final long fallback)
    {
        final YamlNode value = get(key);
        return value == null ? fallback : value.asLong("'" + key + "' in " + owner, fallback);
    }

    public boolean bool(final String key, final String owner, final boolean fallback)
    {
        final YamlNode value = get(key);
        return value == null ? fallback : value.asBoolean("'" + key + "' in " + owner, fallback);
    }

    /** A number that must be strictly positive. */
    public double positive(final String key, final String owner, final double fallback)
    {
        final double value = number(key, owner, fallback);
        if (!(value > 0))
        {
            keyProblem(key, "'" + key + "' in " + owner + " must be greater than 0, got " + value);
            return fallback;
        }
        return value;
    }

    /** Reports a problem at the value of {@code key} (or this node if absent). */
    public void keyProblem(final String key, final String message)
    {
        final NodeTuple tuple = entries.get(key);
        problems.add(tuple == null ? position() : position(tuple.getValueNode()), message);
    }

    private String describe()
    {
        if (node instanceof ScalarNode)
        {
            return "'" + text() + "'";
        }
        return node instanceof MappingNode ? "a mapping" : "a list";
    }
}
