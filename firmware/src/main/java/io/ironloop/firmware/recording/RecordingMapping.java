package io.ironloop.firmware.recording;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * How to read one kind of CSV file into a recording: the separator and layout of the file, which
 * source column becomes which channel (with unit and linear scaling to SI), where the time comes
 * from. Loaded from YAML by {@link RecordingMappingLoader}; the format is in docs/RECORDING-FORMAT.md.
 *
 * @param file          the mapping file, for messages.
 * @param separator     field separator; {@link #WHITESPACE} means runs of blanks, leading blanks ignored.
 * @param header        whether the first row names the columns.
 * @param transposed    whether each line of the file is one column (TEP {@code d00.dat}).
 * @param rateHz        declared rows per second, or NaN to take the most common timestamp step.
 * @param timestamp     the timestamp column, or null: rows are then placed by the declared rate alone.
 * @param channels      the value channels, in order; the recording puts the timestamp channel, if any, first.
 */
public record RecordingMapping(
    String file, char separator, boolean header, boolean transposed, double rateHz, Timestamp timestamp, List<Channel> channels)
{
    /** Separator value meaning "one or more spaces or tabs". */
    public static final char WHITESPACE = '\0';

    public RecordingMapping
    {
        channels = List.copyOf(channels);
    }

    /** A source column: by header name, or by 1-based position when {@code name} is null. */
    public record Column(String name, int index)
    {
        static Column named(final String name)
        {
            return new Column(name, -1);
        }

        static Column at(final int index)
        {
            return new Column(null, index);
        }

        @Override
        public String toString()
        {
            return name != null ? "'" + name + "'" : "#" + index;
        }
    }

    /**
     * One channel: {@code value = raw * scale + offset}. {@code ifAbsent} is the value used for every
     * row when the file has no such column (NaN: the column is required).
     */
    public record Channel(Column column, String name, String unit, double scale, double offset, double ifAbsent)
    {
        public boolean optional()
        {
            return !Double.isNaN(ifAbsent);
        }
    }

    /**
     * The timestamp column; stored as channel {@code channel} in seconds since the Unix epoch, and its
     * first row is the recording's start time. A null {@code formatter} means epoch seconds times
     * {@code epochScale} (1 for seconds, 0.001 for milliseconds).
     */
    public record Timestamp(Column column, String format, DateTimeFormatter formatter, ZoneId zone, double epochScale, String channel)
    {
    }
}
