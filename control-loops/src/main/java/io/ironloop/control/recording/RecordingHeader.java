package io.ironloop.control.recording;

import java.util.List;

/**
 * What a recording holds: channel names and units (SI), the declared sample rate, the time of the
 * first row and how many rows there are. Rows are replayed in order at {@code rateHz}; the start
 * time only places the recording on a calendar.
 */
public record RecordingHeader(
    List<String> names, List<String> units, double rateHz, long startEpochNs, long rowCount, int rowsPerBlock)
{
    public RecordingHeader
    {
        names = List.copyOf(names);
        units = List.copyOf(units);
        if (names.isEmpty() || names.size() > RecordingFormat.MAX_CHANNELS || names.size() != units.size())
        {
            throw new IllegalArgumentException("a recording needs 1 to " + RecordingFormat.MAX_CHANNELS
                + " channels, each with a unit; got " + names.size() + " names and " + units.size() + " units");
        }
        if (!(rateHz > 0) || Double.isInfinite(rateHz))
        {
            throw new IllegalArgumentException("rate must be a positive number of Hz, got " + rateHz);
        }
    }

    public int channelCount()
    {
        return names.size();
    }

    /** Index of the channel called {@code name}, or -1. */
    public int channel(final String name)
    {
        return names.indexOf(name);
    }

    /** Time between rows in nanoseconds, rounded to the nearest nanosecond. */
    public long periodNs()
    {
        return Math.round(1e9 / rateHz);
    }
}
