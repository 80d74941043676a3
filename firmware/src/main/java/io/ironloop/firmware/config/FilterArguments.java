package io.ironloop.firmware.config;

import io.ironloop.hal.signal.PolynomialCalibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the arguments of one conditioning filter of a machine file, ESPHome style, and normalises
 * them to the numbers {@link MachineConfig.Filter} carries. Bad arguments are reported at their
 * {@code file:line:column}; calibrations are fitted here, once, so nothing is solved at run time.
 * <pre>
 *   - ema: 0.3                                   # alpha in (0, 1]
 *   - calibrate_linear: [[0.0, 0.0], [10.0, 9.8]] # measured -> true point pairs (or "0.0 -> 0.0" strings)
 *   - calibrate_linear: {scale: 2.0, offset: -1}
 *   - calibrate_polynomial: [0.1, 1.02, -0.003]    # c0, c1, c2 ...
 *   - calibrate_polynomial: {degree: 2, datapoints: [[0, 0], [5, 5.2], [10, 9.7]]}
 *   - median: 5                                   # window (samples), also moving_average
 *   - delta: 0.05                                 # drop changes smaller than this
 *   - throttle: 500ms                             # also timeout; number = milliseconds, or 250ms / 2s / 1min
 *   - clamp: {min: 0, max: 10, outOfRange: clamp} # or outOfRange: fault
 * </pre>
 */
final class FilterArguments
{
    /** Windows above this are almost certainly a mistake for a per-sample filter on a small board. */
    private static final int MAX_WINDOW = 1000;

    private FilterArguments()
    {
    }

    /** Normalised arguments, or null after reporting a problem. */
    static List<Double> parse(final String kind, final YamlNode args)
    {
        switch (kind)
        {
            case "ema": return ema(args);
            case "calibrate_linear": return linear(args);
            case "calibrate_polynomial": return polynomial(args);
            case "median":
            case "moving_average": return window(kind, args);
            case "delta": return delta(args);
            case "throttle":
            case "timeout": return duration(kind, args);
            case "clamp": return clamp(args);
            default:
                args.problem("unknown filter '" + kind + "'");
                return null;
        }
    }

    private static List<Double> ema(final YamlNode args)
    {
        final double alpha = args.asDouble("the alpha of 'ema'", Double.NaN);
        if (Double.isNaN(alpha))
        {
            return null;
        }
        if (!(alpha > 0 && alpha <= 1))
        {
            args.problem("ema alpha must be in (0, 1], got " + alpha);
            return null;
        }
        return List.of(alpha);
    }

    private static List<Double> linear(final YamlNode args)
    {
        if (args.isMap())
        {
            final double scale = args.number("scale", "'calibrate_linear'", 1.0);
            final double offset = args.number("offset", "'calibrate_linear'", 0.0);
            args.rejectUnknownKeys("'calibrate_linear' (use scale/offset, or a list of point pairs)");
            return List.of(scale, offset);
        }
        final double[][] points = points(args, "calibrate_linear");
        if (points == null)
        {
            return null;
        }
        final double[] coefficients = fit(args, points, 1, "calibrate_linear");
        return coefficients == null ? null : List.of(coefficients[1], coefficients[0]);
    }

    private static List<Double> polynomial(final YamlNode args)
    {
        if (args.isMap())
        {
            final YamlNode degreeNode = args.require("degree", "'calibrate_polynomial'");
            final long degree = degreeNode == null ? Long.MIN_VALUE : degreeNode.asLong("the degree of 'calibrate_polynomial'", Long.MIN_VALUE);
            final YamlNode data = args.require("datapoints", "'calibrate_polynomial'");
            args.rejectUnknownKeys("'calibrate_polynomial'");
            if (degree != Long.MIN_VALUE && (degree < 0 || degree > 5))
            {
                degreeNode.problem("degree must be 0..5 for a calibration, got " + degree);
                return null;
            }
            if (data == null || degree == Long.MIN_VALUE)
            {
                return null;
            }
            final double[][] points = points(data, "calibrate_polynomial");
            if (points == null)
            {
                return null;
            }
            final double[] coefficients = fit(data, points, (int)degree, "calibrate_polynomial");
            return coefficients == null ? null : toList(coefficients);
        }
        if (!args.isList())
        {
            args.problem("'calibrate_polynomial' takes a list of coefficients [c0, c1, ...] or {degree, datapoints}");
            return null;
        }
        final List<Double> coefficients = new ArrayList<>();
        for (final YamlNode item : args.list("coefficients of 'calibrate_polynomial'"))
        {
            final double value = item.asDouble("a coefficient of 'calibrate_polynomial'", Double.NaN);
            if (Double.isNaN(value))
            {
                return null;
            }
            coefficients.add(value);
        }
        if (coefficients.isEmpty())
        {
            args.problem("'calibrate_polynomial' needs at least one coefficient");
            return null;
        }
        return coefficients;
    }

    private static List<Double> window(final String kind, final YamlNode args)
    {
        final long window = args.asLong("the window of '" + kind + "'", Long.MIN_VALUE);
        if (window == Long.MIN_VALUE)
        {
            return null;
        }
        if (window < 1 || window > MAX_WINDOW)
        {
            args.problem(kind + " window must be 1.." + MAX_WINDOW + " samples, got " + window);
            return null;
        }
        return List.of((double)window);
    }

    private static List<Double> delta(final YamlNode args)
    {
        final double delta = args.asDouble("the argument of 'delta'", Double.NaN);
        if (Double.isNaN(delta))
        {
            return null;
        }
        if (delta < 0)
        {
            args.problem("delta must not be negative, got " + delta);
            return null;
        }
        if (delta > RangeCheck.ENGINEERING_LIMIT)
        {
            args.problem("delta must be at most " + RangeCheck.bound(RangeCheck.ENGINEERING_LIMIT) + ", got " + delta);
            return null;
        }
        return List.of(delta);
    }

    private static List<Double> duration(final String kind, final YamlNode args)
    {
        final String text = args.isScalar() ? args.text().trim().toLowerCase(Locale.ROOT) : "";
        double factorMs = 1.0;
        String number = text;
        if (text.endsWith("ms"))
        {
            number = text.substring(0, text.length() - 2);
        }
        else if (text.endsWith("min"))
        {
            number = text.substring(0, text.length() - 3);
            factorMs = 60_000.0;
        }
        else if (text.endsWith("s"))
        {
            number = text.substring(0, text.length() - 1);
            factorMs = 1000.0;
        }
        double ms;
        try
        {
            ms = Double.parseDouble(number.trim()) * factorMs;
        }
        catch (final NumberFormatException ex)
        {
            ms = Double.NaN;
        }
        if (!(ms > 0) || Double.isInfinite(ms))
        {
            args.problem(kind + " must be a time greater than 0 (milliseconds, or with a unit: 250ms, 2s, 1min), got "
                + (text.isEmpty() ? "no value" : "'" + args.text() + "'"));
            return null;
        }
        if (ms > RangeCheck.HOUR_MS)
        {
            // A timeout or throttle period beyond an hour is one that never comes.
            args.problem(kind + " must be at most an hour (3600000 ms), got '" + args.text() + "'");
            return null;
        }
        return List.of(ms);
    }

    private static List<Double> clamp(final YamlNode args)
    {
        if (!args.expectMap("'clamp'"))
        {
            return null;
        }
        final double min = RangeCheck.engineering(args, "min", "'clamp'", args.number("min", "'clamp'", Double.NEGATIVE_INFINITY));
        final double max = RangeCheck.engineering(args, "max", "'clamp'", args.number("max", "'clamp'", Double.POSITIVE_INFINITY));
        final String outOfRange = args.string("outOfRange", "'clamp'", "clamp");
        args.rejectUnknownKeys("'clamp'");
        if (!args.has("min") && !args.has("max"))
        {
            args.problem("'clamp' needs min, max or both");
            return null;
        }
        if (!(max >= min))
        {
            args.problem("'clamp' needs min <= max, got [" + min + ", " + max + "]");
            return null;
        }
        if (!"clamp".equals(outOfRange) && !"fault".equals(outOfRange))
        {
            args.keyProblem("outOfRange", "outOfRange must be clamp or fault, got '" + outOfRange + "'");
            return null;
        }
        return List.of(min, max, "fault".equals(outOfRange) ? 1.0 : 0.0);
    }

    /** Point pairs as [[raw, true], ...] or ["raw -> true", ...]; null after a problem. */
    private static double[][] points(final YamlNode args, final String kind)
    {
        if (!args.isList())
        {
            args.problem("'" + kind + "' takes point pairs: [[measured, true], ...] or ['measured -> true', ...]");
            return null;
        }
        final List<YamlNode> items = args.list("point pairs of '" + kind + "'");
        final double[][] points = new double[items.size()][];
        for (int i = 0; i < items.size(); i++)
        {
            final YamlNode item = items.get(i);
            double[] pair = null;
            if (item.isList() && item.list("a point pair").size() == 2)
            {
                final List<YamlNode> values = item.list("a point pair");
                pair = new double[] {
                    values.get(0).asDouble("a measured value of '" + kind + "'", Double.NaN),
                    values.get(1).asDouble("a true value of '" + kind + "'", Double.NaN)};
            }
            else if (item.isScalar() && item.text().contains("->"))
            {
                final String[] sides = item.text().split("->");
                try
                {
                    pair = new double[] {Double.parseDouble(sides[0].trim()), Double.parseDouble(sides[1].trim())};
                }
                catch (final NumberFormatException | ArrayIndexOutOfBoundsException ex)
                {
                    pair = null;
                }
            }
            if (pair == null || Double.isNaN(pair[0]) || Double.isNaN(pair[1]))
            {
                item.problem("a point pair of '" + kind + "' must be [measured, true] or 'measured -> true'");
                return null;
            }
            points[i] = pair;
        }
        return points;
    }

    private static double[] fit(final YamlNode at, final double[][] points, final int degree, final String kind)
    {
        final double[] raw = new double[points.length];
        final double[] actual = new double[points.length];
        for (int i = 0; i < points.length; i++)
        {
            raw[i] = points[i][0];
            actual[i] = points[i][1];
        }
        try
        {
            return PolynomialCalibration.fit(raw, actual, degree).coefficients();
        }
        catch (final IllegalArgumentException ex)
        {
            at.problem("'" + kind + "': " + ex.getMessage());
            return null;
        }
    }

    private static List<Double> toList(final double[] values)
    {
        final List<Double> list = new ArrayList<>();
        for (final double value : values)
        {
            list.add(value);
        }
        return list;
    }
}
