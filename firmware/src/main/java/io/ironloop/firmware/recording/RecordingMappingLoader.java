package io.ironloop.firmware.recording;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problems;
import io.ironloop.firmware.config.YamlFiles;
import io.ironloop.firmware.config.YamlNode;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Loads a CSV mapping file; every problem is reported as {@code file:line:column: message}. */
public final class RecordingMappingLoader
{
    private static final String OWNER = "the mapping";

    private RecordingMappingLoader()
    {
    }

    /** Loads {@code path}, or throws with every problem found in it. */
    public static RecordingMapping load(final Path path) throws ConfigException
    {
        final Problems problems = new Problems();
        final RecordingMapping mapping = load(path, problems);
        if (!problems.isEmpty())
        {
            throw new ConfigException(problems.sorted());
        }
        return mapping;
    }

    private static RecordingMapping load(final Path path, final Problems problems)
    {
        final YamlNode root = YamlFiles.read(path, problems);
        if (root == null || !root.expectMap(OWNER))
        {
            return null;
        }
        final char separator = separator(root);
        final boolean header = root.bool("header", OWNER, true);
        final boolean transposed = root.bool("transposed", OWNER, false);
        final RecordingMapping.Timestamp timestamp = root.has("timestamp") ? timestamp(root.get("timestamp")) : null;
        double rateHz = Double.NaN;
        if (root.has("rateHz") && root.has("periodSeconds"))
        {
            root.keyProblem("periodSeconds", "give either 'rateHz' or 'periodSeconds', not both");
        }
        if (root.has("rateHz"))
        {
            rateHz = root.positive("rateHz", OWNER, Double.NaN);
        }
        else if (root.has("periodSeconds"))
        {
            rateHz = 1.0 / root.positive("periodSeconds", OWNER, Double.NaN);
        }
        else if (!root.has("timestamp"))
        {
            root.problem("missing 'rateHz' (or 'periodSeconds') in " + OWNER
                + ": without a timestamp column the rate must be declared");
        }

        final List<RecordingMapping.Channel> channels = new ArrayList<>();
        final YamlNode list = root.require("channels", OWNER);
        final Set<String> names = new HashSet<>();
        if (timestamp != null)
        {
            names.add(timestamp.channel());
        }
        if (list != null)
        {
            final List<YamlNode> items = list.list("'channels'");
            if (items.isEmpty() && list.isList())
            {
                list.problem("'channels' must name at least one channel");
            }
            for (final YamlNode item : items)
            {
                final RecordingMapping.Channel channel = channel(item, header);
                if (channel != null && !names.add(channel.name()))
                {
                    item.keyProblem("name", "channel name '" + channel.name() + "' is used twice");
                }
                channels.add(channel);
            }
        }
        if (timestamp != null && timestamp.column() != null)
        {
            checkColumn(root.get("timestamp"), timestamp.column(), header);
        }
        root.rejectUnknownKeys(OWNER);
        return problems.isEmpty()
            ? new RecordingMapping(path.toString(), separator, header, transposed, rateHz, timestamp, channels)
            : null;
    }

    private static char separator(final YamlNode root)
    {
        final String text = root.string("separator", OWNER, ",");
        if ("whitespace".equals(text))
        {
            return RecordingMapping.WHITESPACE;
        }
        final String unescaped = "\\t".equals(text) ? "\t" : text;
        if (unescaped.length() != 1 || unescaped.charAt(0) == '"' || unescaped.charAt(0) == '\n' || unescaped.charAt(0) == '\r')
        {
            root.keyProblem("separator", "'separator' must be one character (such as \",\" or \";\"), \"\\t\" or "
                + "\"whitespace\", got \"" + text + "\"");
            return ',';
        }
        return unescaped.charAt(0);
    }

    private static RecordingMapping.Column column(final YamlNode node, final String owner)
    {
        final boolean named = node.has("column");
        final boolean indexed = node.has("index");
        // both keys count as known either way, so an unknown key's message lists them both
        node.get("column");
        node.get("index");
        if (named == indexed)
        {
            node.problem(owner + " needs exactly one of 'column' (a header name) or 'index' (1-based position)");
            return null;
        }
        if (named)
        {
            final String name = node.string("column", owner);
            return name == null ? null : RecordingMapping.Column.named(name);
        }
        final int index = node.integer("index", owner, -1);
        if (index < 1)
        {
            node.keyProblem("index", "'index' in " + owner + " is a 1-based column position, got " + index);
            return null;
        }
        return RecordingMapping.Column.at(index);
    }

    private static void checkColumn(final YamlNode node, final RecordingMapping.Column column, final boolean header)
    {
        if (column.name() != null && !header)
        {
            node.keyProblem("column", "a column name needs 'header: true'; without a header row use 'index'");
        }
    }

    private static RecordingMapping.Timestamp timestamp(final YamlNode node)
    {
        final String owner = "'timestamp'";
        if (!node.expectMap(owner))
        {
            return null;
        }
        final RecordingMapping.Column column = column(node, owner);
        final String format = node.string("format", owner);
        final String zoneText = node.string("zone", owner, "UTC");
        final String channel = node.string("channel", owner, "time");
        node.rejectUnknownKeys(owner);
        ZoneId zone = ZoneOffset.UTC;
        try
        {
            zone = ZoneId.of(zoneText);
        }
        catch (final DateTimeException ex)
        {
            node.keyProblem("zone", "unknown time zone '" + zoneText + "' (use UTC, +01:00 or a region such as Europe/Moscow)");
        }
        if (format == null)
        {
            return null;
        }
        if ("epoch-seconds".equals(format))
        {
            return new RecordingMapping.Timestamp(column, format, null, zone, 1.0, channel);
        }
        if ("epoch-millis".equals(format))
        {
            return new RecordingMapping.Timestamp(column, format, null, zone, 1e-3, channel);
        }
        try
        {
            return new RecordingMapping.Timestamp(column, format, DateTimeFormatter.ofPattern(format), zone, 0, channel);
        }
        catch (final IllegalArgumentException ex)
        {
            node.keyProblem("format", "'format' in " + owner + " is not a date-time pattern (such as "
                + "\"yyyy-MM-dd HH:mm:ss\"), epoch-seconds or epoch-millis: " + ex.getMessage());
            return null;
        }
    }

    private static RecordingMapping.Channel channel(final YamlNode node, final boolean header)
    {
        final String owner = "a channel";
        if (!node.expectMap(owner))
        {
            return null;
        }
        final RecordingMapping.Column column = column(node, owner);
        if (column != null)
        {
            checkColumn(node, column, header);
        }
        final String name = node.string("name", owner);
        final String unit = node.string("unit", owner);
        final double scale = node.number("scale", owner, 1.0);
        final double offset = node.number("offset", owner, 0.0);
        final double ifAbsent = node.number("ifAbsent", owner, Double.NaN);
        node.rejectUnknownKeys(owner);
        if (column == null || name == null || unit == null)
        {
            return null;
        }
        return new RecordingMapping.Channel(column, name, unit, scale, offset, ifAbsent);
    }
}
