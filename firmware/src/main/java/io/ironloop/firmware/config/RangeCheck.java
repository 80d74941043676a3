package io.ironloop.firmware.config;

import io.ironloop.hal.Unit;

import java.util.List;

/**
 * Reads value ranges ({@code [low, high]} pairs) and the units they are in, and holds every number in a config file to
 * a range that makes sense for its field: a number that parses but is absurd (a rate of 1e9 Hz, a dead time of 1e308 s)
 * validated before and then hung, crashed or was silently changed at run time.
 */
final class RangeCheck
{
    /**
     * Largest magnitude of a value in engineering units (setpoints, limits, ranges, trip points): beyond any real
     * sensor in any unit the machine files use, and far below where sums and differences of such values overflow.
     */
    static final double ENGINEERING_LIMIT = 1e9;

    /** Largest controller gain (kp, ki, kd) and rate in engineering units per second. */
    static final double GAIN_LIMIT = 1e6;

    /** Longest time in seconds a machine file may name (timeouts, minimum on/off times): one day. */
    static final double DAY_S = 86_400.0;

    /** The longest delay or age in milliseconds a machine file may name (staleness, interlock delays): one hour. */
    static final double HOUR_MS = 3_600_000.0;

    /** Largest GPIO pin, bus, chip or channel number in a board or machine file (Linux numbers them far lower). */
    static final int MAX_NUMBER = 1023;

    private RangeCheck()
    {
    }

    /**
     * {@code value} (read from {@code key} of {@code node}) when it is in [min, max]; otherwise reports it at the value and
     * returns it clamped into the range, so that what is built from the (refused) file stays constructible.
     * NaN (a missing required value, already reported) passes unchanged.
     */
    static double within(
        final YamlNode node, final String key, final String owner, final double value, final double min, final double max, final String unit)
    {
        if (Double.isNaN(value) || (value >= min && value <= max) || !node.has(key))
        {
            return value;
        }
        node.keyProblem(key, "'" + key + "' in " + owner + " must be from " + bound(min) + " to " + bound(max) + unit + ", got " + value);
        return Math.max(min, Math.min(max, value));
    }

    /** A value in engineering units: within plus or minus {@link #ENGINEERING_LIMIT}. */
    static double engineering(final YamlNode node, final String key, final String owner, final double value)
    {
        return within(node, key, owner, value, -ENGINEERING_LIMIT, ENGINEERING_LIMIT, "");
    }

    /** A required whole number of {@code key} in [min, max]; -1 when it is missing, not a number or out of range (reported). */
    static int integer(final YamlNode node, final String key, final String owner, final int min, final int max)
    {
        final YamlNode value = node.require(key, owner);
        return value == null ? -1 : integer(value, "'" + key + "' in " + owner, min, max);
    }

    /** A whole number in [min, max]; -1 when it is not a number or out of range (reported at it). */
    static int integer(final YamlNode value, final String what, final int min, final int max)
    {
        final long number = value.asLong(what, Long.MIN_VALUE);
        if (number == Long.MIN_VALUE)
        {
            return -1;
        }
        if (number < min || number > max)
        {
            value.problem(what + " must be from " + min + " to " + max + ", got " + number);
            return -1;
        }
        return (int)number;
    }

    /** A bound as people write it: 10000, 0.01, 1e9. */
    static String bound(final double value)
    {
        final double magnitude = Math.abs(value);
        if (magnitude >= 1e6 && Math.log10(magnitude) == Math.rint(Math.log10(magnitude)))
        {
            return (value < 0 ? "-" : "") + "1e" + (long)Math.log10(magnitude);
        }
        if (value == Math.rint(value) && magnitude < 1e15)
        {
            return Long.toString((long)value);
        }
        return Double.toString(value);
    }

    static Unit unit(final YamlNode node, final String owner, final Unit fallback)
    {
        final String text = node.string("unit", owner, null);
        if (text == null)
        {
            return fallback;
        }
        final Unit unit = Unit.parse(text);
        if (unit == null)
        {
            node.keyProblem("unit", "unknown unit '" + text + "'");
            return fallback;
        }
        return unit;
    }

    static double[] pair(final YamlNode node, final String what)
    {
        final List<YamlNode> items = node.list(what);
        if (items.size() != 2)
        {
            if (node.isList())
            {
                node.problem(what + " must be [low, high]");
            }
            return new double[] {0, 1};
        }
        final double low = items.get(0).asDouble("the low end of " + what, 0);
        final double high = items.get(1).asDouble("the high end of " + what, 1);
        if (Math.abs(low) > ENGINEERING_LIMIT || Math.abs(high) > ENGINEERING_LIMIT)
        {
            node.problem(what + " must lie within [-" + bound(ENGINEERING_LIMIT) + ", " + bound(ENGINEERING_LIMIT) + "], got [" + low + ", " + high + "]");
            return new double[] {0, 1};
        }
        if (!(high > low))
        {
            node.problem(what + " must have low < high, got [" + low + ", " + high + "]");
            return new double[] {0, 1};
        }
        return new double[] {low, high};
    }
}
