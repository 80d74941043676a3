package io.ironloop.firmware.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a machine file's optional {@code bearings:} list: per rolling-element bearing, the accelerometer
 * that watches it, its geometry, the shaft speed and the envelope demodulation band.
 * <pre>
 *   bearings:
 *     - id: drive_end
 *       sensor: de_accel             # a sensor id of this machine
 *       type: 6205-2RS JEM SKF       # free text, for reports
 *       balls: 9
 *       ballDiameter: 0.3126         # any unit, the same as pitchDiameter
 *       pitchDiameter: 1.537
 *       contactAngleDeg: 0           # optional, default 0
 *       shaftRpm: 1796
 *       envelopeBandHz: [500, 23000] # optional, default [500 Hz, 0.45 x the sample rate]
 * </pre>
 * Every problem is reported at its {@code file:line:column}, as the other readers do.
 */
public final class BearingReader
{
    /** One bearing; {@code bandHighHz} is NaN when the file leaves it to the sample rate; {@code monitor} null when not watched. */
    public record Bearing(String id, String sensor, String type, int balls, double ballDiameter, double pitchDiameter,
                          double contactAngleDeg, double shaftRpm, double bandLowHz, double bandHighHz, Monitor monitor)
    {
        public Bearing(final String id, final String sensor, final String type, final int balls, final double ballDiameter,
                       final double pitchDiameter, final double contactAngleDeg, final double shaftRpm, final double bandLowHz,
                       final double bandHighHz)
        {
            this(id, sensor, type, balls, ballDiameter, pitchDiameter, contactAngleDeg, shaftRpm, bandLowHz, bandHighHz, null);
        }
    }

    /**
     * How the running firmware watches a bearing ({@code monitor:}): the rate of the raw samples its sensor's
     * driver taps, the analysis window, the healthy learning period, the alarm rule, the agent's own rate,
     * whether an alarm asks ADVISED loops to fall back, and an optional shaft speed sensor (rpm) that
     * overrides {@code shaftRpm} while it reads OK.
     */
    public record Monitor(double sampleRateHz, int windowSamples, int learnWindows, double windowZ, int alarmWindows,
                          int averageWindows, double rateHz, boolean fallback, String shaftSpeedSensor, Position position)
    {
    }

    /** Sensor drivers whose raw samples the firmware can tap for a watched bearing. */
    public static final List<String> TAPPABLE_DRIVERS = List.of("adxl345", "adxl345-spi");

    private BearingReader()
    {
    }

    /** The bearings of the machine file at {@code path}; a {@link ConfigException} lists every problem. */
    public static List<Bearing> load(final Path path) throws ConfigException
    {
        final Problems problems = new Problems();
        final YamlNode root = YamlFiles.read(path, problems);
        List<Bearing> bearings = List.of();
        if (root != null && root.expectMap("a machine file"))
        {
            final YamlNode machine = root.require("machine", "a machine file");
            if (machine != null && machine.expectMap("'machine'"))
            {
                final List<String> sensors = new ArrayList<>();
                final java.util.Map<String, String> drivers = new java.util.HashMap<>();
                final YamlNode sensorList = machine.get("sensors");
                if (sensorList != null && sensorList.isList())
                {
                    for (final YamlNode sensor : sensorList.list("'sensors'"))
                    {
                        final YamlNode id = sensor.isMap() ? sensor.get("id") : null;
                        if (id != null && id.isScalar())
                        {
                            sensors.add(id.text());
                            final YamlNode driver = sensor.get("driver");
                            if (driver != null && driver.isScalar())
                            {
                                drivers.put(id.text(), driver.text());
                            }
                        }
                    }
                }
                bearings = bearings(machine.get("bearings"), sensors, drivers);
                if (!machine.has("bearings"))
                {
                    machine.problem("no 'bearings' in the machine file");
                }
            }
        }
        if (!problems.isEmpty())
        {
            throw new ConfigException(problems.sorted());
        }
        return bearings;
    }

    /** Reads {@code node} (the value of {@code bearings:}, may be null), checking sensor references. */
    static List<Bearing> bearings(final YamlNode node, final List<String> sensorIds)
    {
        return bearings(node, sensorIds, null);
    }

    /** As {@link #bearings(YamlNode, List)}; {@code drivers} (by sensor id, may be null) checks a monitored sensor can be tapped. */
    static List<Bearing> bearings(final YamlNode node, final List<String> sensorIds, final java.util.Map<String, String> drivers)
    {
        final List<Bearing> bearings = new ArrayList<>();
        if (node == null)
        {
            return bearings;
        }
        final List<String> seen = new ArrayList<>();
        for (final YamlNode item : node.list("'bearings'"))
        {
            if (!item.expectMap("a bearing"))
            {
                continue;
            }
            final String id = item.string("id", "a bearing");
            final String owner = "bearing '" + id + "'";
            if (id != null && seen.contains(id))
            {
                item.keyProblem("id", "duplicate bearing id '" + id + "'");
            }
            seen.add(id);
            final String sensor = item.string("sensor", owner);
            if (sensor != null && !sensorIds.contains(sensor))
            {
                item.keyProblem("sensor", owner + ": no sensor '" + sensor + "' in this machine (sensors: "
                    + String.join(", ", sensorIds) + ")");
            }
            final String type = item.string("type", owner, "");
            final int balls = item.integer("balls", owner);
            if (balls != -1 && (balls < 3 || balls > 200))
            {
                item.keyProblem("balls", owner + ": 'balls' must be between 3 and 200, got " + balls);
            }
            final double ball = item.positive("ballDiameter", owner, Double.NaN);
            final double pitch = item.positive("pitchDiameter", owner, Double.NaN);
            if (!item.has("ballDiameter"))
            {
                item.problem("missing required field 'ballDiameter' in " + owner);
            }
            if (!item.has("pitchDiameter"))
            {
                item.problem("missing required field 'pitchDiameter' in " + owner);
            }
            if (ball > 0 && pitch > 0 && !(pitch > ball))
            {
                item.keyProblem("pitchDiameter", owner + ": 'pitchDiameter' (" + pitch + ") must be larger than 'ballDiameter' ("
                    + ball + ")");
            }
            final double angle = item.number("contactAngleDeg", owner, 0.0);
            if (!(angle >= 0 && angle < 90))
            {
                item.keyProblem("contactAngleDeg", owner + ": 'contactAngleDeg' must be in [0, 90), got " + angle);
            }
            final double rpm = item.number("shaftRpm", owner, Double.NaN);
            if (!item.has("shaftRpm"))
            {
                item.problem("missing required field 'shaftRpm' in " + owner);
            }
            if (item.has("shaftRpm") && !(rpm > 0 && rpm <= 1e6))
            {
                item.keyProblem("shaftRpm", owner + ": 'shaftRpm' must be in (0, 1e6], got " + rpm);
            }
            double low = 500.0;
            double high = Double.NaN;
            final YamlNode band = item.get("envelopeBandHz");
            if (band != null)
            {
                final List<YamlNode> edges = band.list("'envelopeBandHz' in " + owner);
                if (edges.size() != 2)
                {
                    band.problem(owner + ": 'envelopeBandHz' must be [lowHz, highHz]");
                }
                else
                {
                    low = edges.get(0).asDouble("'envelopeBandHz' low edge in " + owner, low);
                    high = edges.get(1).asDouble("'envelopeBandHz' high edge in " + owner, high);
                    if (!(low >= 0 && high > low))
                    {
                        band.problem(owner + ": 'envelopeBandHz' needs 0 <= low < high, got [" + low + ", " + high + "]");
                    }
                }
            }
            final Monitor monitor = item.has("monitor") ? monitor(item.get("monitor"), owner, sensorIds, drivers, sensor, rpm) : null;
            if (monitor != null && !(high > 0) && monitor.sampleRateHz() > 0)
            {
                high = 0.45 * monitor.sampleRateHz();
            }
            if (monitor != null && high > monitor.sampleRateHz() / 2)
            {
                item.keyProblem("envelopeBandHz", owner + ": 'envelopeBandHz' reaches " + high + " Hz, above the Nyquist frequency "
                    + monitor.sampleRateHz() / 2 + " Hz of the monitor's 'sampleRateHz'");
            }
            item.rejectUnknownKeys(owner);
            bearings.add(new Bearing(id, sensor, type, balls, ball, pitch, angle, rpm, low, high, monitor));
        }
        return bearings;
    }

    private static Monitor monitor(final YamlNode node, final String bearing, final List<String> sensorIds,
                                   final java.util.Map<String, String> drivers, final String sensor, final double rpm)
    {
        final String owner = "'monitor' of " + bearing;
        if (!node.expectMap(owner))
        {
            return null;
        }
        if (drivers != null && sensor != null && drivers.containsKey(sensor) && !TAPPABLE_DRIVERS.contains(drivers.get(sensor)))
        {
            node.problem(owner + ": sensor '" + sensor + "' is a " + drivers.get(sensor) + "; raw samples can be tapped from "
                + String.join(", ", TAPPABLE_DRIVERS) + " only");
        }
        final double rate = node.has("sampleRateHz") ? node.positive("sampleRateHz", owner, Double.NaN) : Double.NaN;
        if (!node.has("sampleRateHz"))
        {
            node.problem("missing required field 'sampleRateHz' in " + owner + " (the rate of the sensor's raw samples, its data rate)");
        }
        else if (!(rate <= 1e6))
        {
            node.keyProblem("sampleRateHz", owner + ": 'sampleRateHz' must be at most 1 MHz, got " + rate);
        }
        final int window = node.integer("windowSamples", owner, 1024);
        if (window < 64 || window > 65536 || Integer.bitCount(window) != 1)
        {
            node.keyProblem("windowSamples", owner + ": 'windowSamples' must be a power of two in [64, 65536], got " + window);
        }
        final int learn = node.integer("learnWindows", owner, 6);
        if (learn < 2 || learn > 100000)
        {
            node.keyProblem("learnWindows", owner + ": 'learnWindows' (healthy windows learned at start) must be in [2, 100000], got " + learn);
        }
        final double z = node.positive("windowZ", owner, 5.0);
        final int alarmWindows = node.integer("alarmWindows", owner, 4);
        if (alarmWindows < 1 || alarmWindows > 1000)
        {
            node.keyProblem("alarmWindows", owner + ": 'alarmWindows' must be in [1, 1000], got " + alarmWindows);
        }
        final int average = node.integer("averageWindows", owner, 8);
        if (average < 1 || average > 1000)
        {
            node.keyProblem("averageWindows", owner + ": 'averageWindows' must be in [1, 1000], got " + average);
        }
        final double rateHz = node.positive("rateHz", owner, 20.0);
        if (rateHz > 1000)
        {
            node.keyProblem("rateHz", owner + ": 'rateHz' (the vibration agent's rate) must be at most 1000, got " + rateHz);
        }
        final boolean fallback = node.bool("fallback", owner, false);
        final String speed = node.string("shaftSpeedSensor", owner, null);
        if (speed != null && !sensorIds.contains(speed))
        {
            node.keyProblem("shaftSpeedSensor", owner + ": no sensor '" + speed + "' in this machine (sensors: "
                + String.join(", ", sensorIds) + ")");
        }
        node.rejectUnknownKeys(owner);
        return new Monitor(rate, window, learn, z, alarmWindows, average, rateHz, fallback, speed, node.position());
    }
}
