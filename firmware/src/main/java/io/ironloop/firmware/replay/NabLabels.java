package io.ironloop.firmware.replay;

import io.ironloop.firmware.eval.NabWindows;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Labels a replay's rows from NAB's windows file ({@code labels: {nabWindows: ..., key: ...}}): a row is in a
 * labelled segment when its own timestamp (the recording's timestamp column, in the mapping's zone) lies in one of
 * the key's windows, both ends inclusive. Rows keep file order, so where NAB's timestamps repeat or go back (machine
 * temperature row 10149) each row is judged by its own time, as NAB labels them; the segments then stand at the
 * rows' replay times. Every problem refuses the scenario before it runs, naming the windows file (line:column where
 * it is in the file) and the key.
 */
final class NabLabels
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private NabLabels()
    {
    }

    /** {@code source} (opened with its times) with the {@link Scenario.Windows#CHANNEL} label channel added. */
    static ReplaySource apply(final Scenario.Recording recording, final ReplaySource.Timed source, final boolean shared) throws IOException
    {
        final Scenario.Windows windows = recording.windows();
        if (!Files.isRegularFile(windows.file()))
        {
            throw new IOException(windows.position() + ": NAB windows file " + windows.file() + " not found"
                + (shared ? " (the shared data sets: IRONLOOP_SHARED_DIR or ../shared beside the checkout)" : ""));
        }
        if (Arrays.asList(source.names()).contains(Scenario.Windows.CHANNEL))
        {
            // The windows become a label channel of that name: a recorded channel called so would be shadowed.
            throw new IOException(windows.position() + ": the recording " + recording.file() + " already has a channel named '"
                + Scenario.Windows.CHANNEL + "', the name the NAB windows' label channel takes; rename it in the mapping");
        }
        final Map<String, List<NabWindows.Window>> all = NabWindows.read(windows.file());
        final List<NabWindows.Window> list = all.get(windows.key());
        if (list == null)
        {
            final String name = windows.key().substring(windows.key().lastIndexOf('/') + 1);
            final List<String> near = all.keySet().stream().filter(k -> k.endsWith("/" + name) || k.equals(name)).toList();
            throw new IOException(windows.position() + ": " + windows.file() + " has no key '" + windows.key() + "'"
                + (near.isEmpty() ? " (it has " + all.size() + " keys, 'category/file.csv')" : "; did you mean '" + near.get(0) + "'?"));
        }
        final long[][] spans = new long[list.size()][];
        for (int w = 0; w < spans.length; w++)
        {
            final NabWindows.Window window = list.get(w);
            spans[w] = new long[] {epochNs(window.start(), source.zone), epochNs(window.end(), source.zone)};
            if (spans[w][0] < source.earliestNs || spans[w][1] > source.latestNs)
            {
                throw new IOException(window.position() + ": " + windows.key() + ": the window [" + TIME.format(window.start()) + ", "
                    + TIME.format(window.end()) + "] lies outside the recording " + recording.file() + " (its timestamps run from "
                    + time(source.earliestNs, source.zone) + " to " + time(source.latestNs, source.zone) + ")");
            }
        }
        final boolean[] label = new boolean[source.epochNs.length];
        for (int i = 0; i < label.length; i++)
        {
            for (final long[] span : spans)
            {
                label[i] |= source.epochNs[i] >= span[0] && source.epochNs[i] <= span[1];
            }
        }
        return source.labelled(Scenario.Windows.CHANNEL, label);
    }

    private static long epochNs(final LocalDateTime time, final ZoneId zone)
    {
        final Instant at = time.atZone(zone).toInstant();
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    private static String time(final long epochNs, final ZoneId zone)
    {
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)).atZone(zone));
    }
}
