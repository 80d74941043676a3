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
    /** One bearing; {@code bandHighHz} is NaN when the file leaves it to the sample rate. */
    public record Bearing(String id, String sensor, String type, int balls, double ballDiameter, double pitchDiameter,
                          double contactAngleDeg, double shaftRpm, double bandLowHz, double bandHighHz)
    {
    }

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
                final YamlNode sensorList = machine.get("sensors");
                if (sensorList != null && sensorList.isList())
                {
                    for (final YamlNode sensor : sensorList.list("'sensors'"))
                    {
                        final YamlNode id = sensor.isMap() ? sensor.get("id") : null;
                        if (id != null && id.isScalar())
                        {
                            sensors.add(id.text());
                        }
                    }
                }
                bearings = bearings(machine.get("bearings"), sensors);
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
            final double rpm = item.number("shaftRpm", owner);
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
            item.rejectUnknownKeys(owner);
            bearings.add(new Bearing(id, sensor, type, balls, ball, pitch, angle, rpm, low, high));
        }
        return bearings;
    }
}
