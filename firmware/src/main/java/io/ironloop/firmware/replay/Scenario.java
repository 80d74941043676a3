package io.ironloop.firmware.replay;

import io.ironloop.firmware.config.Position;

import java.nio.file.Path;
import java.util.List;

/**
 * One scenario, as read from its YAML file by {@link ScenarioLoader}: the machine, what drives it (a
 * recording fed through the sim device models, or the machine's own simulated plant), the faults to
 * inject and the expectations that decide pass or fail. The format is in docs/SCENARIOS.md.
 *
 * @param name         scenario name (the file name without extension unless {@code name:} gives one)
 * @param file         the scenario file
 * @param machine      the machine file
 * @param outcome      {@code pass} or {@code fail}: what the suite expects of this scenario
 * @param recording    the recording, or null for a plant-driven scenario
 * @param seconds      how long to run (a recording: at most this long; null recording: exactly this long)
 * @param realtime     pace virtual time to the wall clock
 * @param recordHz     rate of the series kept for the report
 * @param alarm        the alarm source's name ({@link AlarmSources})
 * @param feeds        recording channels into sensors
 * @param injections   faults, in file order
 * @param expectations expectations, in file order
 * @param needsShared  true when a path refers to the shared data sets ({@code ${shared}})
 */
public record Scenario(
    String name,
    Path file,
    Path machine,
    String outcome,
    Recording recording,
    double seconds,
    boolean realtime,
    double recordHz,
    String alarm,
    List<Feed> feeds,
    List<Injection> injections,
    List<Expectation> expectations,
    boolean needsShared)
{
    /**
     * @param file     the recording: binary (no mapping) or CSV (with a mapping)
     * @param mapping  the CSV mapping, or null for a binary recording
     * @param rateHz   the rate the scenario expects; a recording at another rate is refused
     * @param channels the channel count the scenario expects (0: not checked)
     * @param labels   the channel holding segment labels (non-zero inside a segment), or null
     * @param replayHz rows per second of virtual time in the replay (default {@code rateHz}): a slow recording
     *                 (NAB's 5-minute steps) replays compressed, row by row, instead of idling through hours
     * @param learnFrom a recording of the healthy machine (same mapping, rate and channels) replayed first, so a
     *                 detector that learns at start-up learns normal before {@code file} plays; or null
     * @param windows  labels from NAB's windows file instead of a channel ({@code labels: {nabWindows: ..., key: ...}}), or null
     */
    public record Recording(Path file, Path mapping, double rateHz, int channels, String labels, double replayHz, Position position,
                            Path learnFrom, Windows windows)
    {
        public Recording(final Path file, final Path mapping, final double rateHz, final int channels, final String labels,
                         final double replayHz, final Position position)
        {
            this(file, mapping, rateHz, channels, labels, replayHz, position, null, null);
        }

        /** True when the recording has labelled segments (a label channel or NAB windows). */
        public boolean labelled()
        {
            return labels != null || windows != null;
        }
    }

    /**
     * Labelled segments from NAB's windows JSON: the rows of the recording whose timestamp lies in one of
     * {@code key}'s windows (both ends inclusive) form the segments.
     *
     * @param file     the windows file ({@code combined_windows.json})
     * @param key      its key for this recording ({@code realKnownCause/machine_temperature_system_failure.csv})
     * @param position where {@code labels:} stands in the scenario
     */
    public record Windows(Path file, String key, Position position)
    {
        /** The name of the label channel the windows become. */
        public static final String CHANNEL = "nab window";
    }

    /**
     * A recording channel into a sensor: {@code value = channel * scale + offset}, in the units the
     * sensor's device model takes (docs/SCENARIOS.md). {@code image} feeds write the process image slot
     * straight, for sensors with no device model that fits.
     */
    public record Feed(String channel, String sensor, double scale, double offset, boolean image, boolean waveform, Position position)
    {
        public Feed(final String channel, final String sensor, final double scale, final double offset, final boolean image,
                    final Position position)
        {
            this(channel, sensor, scale, offset, image, false, position);
        }
    }

    /** A fault: {@code kind} one of {@link Injection#KINDS}; {@code target} a sensor or actuator id. */
    public record Injection(String id, String kind, String target, double atS, double durationS, double value, int count,
        Position position)
    {
        public static final List<String> KINDS = List.of("stuck", "spike", "drift", "dropout", "nan", "nack", "actuator-stuck");

        public double endS()
        {
            return durationS > 0 ? atS + durationS : Double.POSITIVE_INFINITY;
        }
    }

    /**
     * An expectation: {@code type} one of {@link Expectation#TYPES}; the other fields as that type uses them
     * (unused ones NaN or null).
     */
    public record Expectation(String type, String text, String loop, String signal, String channel, String mode, double seconds,
        double min, double max, double afterS, double beforeS, double tolerance, List<String> injections, boolean onInterlocks, Position position)
    {
        public static final List<String> TYPES = List.of("alarmWithin", "noAlarmOutside", "bounds", "tracks", "modeStays",
            "safeWithin", "safeOutput", "noOverruns", "diagnosis");
    }
}
