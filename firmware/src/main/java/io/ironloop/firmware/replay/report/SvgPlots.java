package io.ironloop.firmware.replay.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a scenario's plots as inline SVG, on the server, with no script: one plot per unit (the series
 * of one unit share it), all on one time axis, labelled segments shaded and point events drawn as
 * vertical lines on every plot, and the loop modes as a band below. Every series is thinned to at most
 * {@link #MAX_POINTS} points by {@link Decimation#minMax}, so a day at 1 kHz stays a small page.
 */
final class SvgPlots
{
    /** Points per series after thinning. */
    static final int MAX_POINTS = 1500;

    static final int WIDTH = 1240;
    private static final int LEFT = 84;
    private static final int RIGHT = 24;
    private static final int PLOT_HEIGHT = 230;
    private static final int TOP = 12;
    private static final int BOTTOM = 44;
    private static final int MODE_ROW = 38;

    /** Series colours: no red or orange, which mean alarm, interlock and labelled segment here. */
    private static final String[] PALETTE = {
        "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#e377c2", "#7f7f7f", "#bcbd22"};
    private static final String SEGMENT_FILL = "#f5a623";

    private final double t0;
    private final double t1;
    private final double timeScale;
    private final String timeUnit;

    private SvgPlots(final double t0, final double t1)
    {
        this.t0 = t0;
        this.t1 = t1;
        final double span = t1 - t0;
        if (span > 36_000)
        {
            timeScale = 3600.0;
            timeUnit = "h";
        }
        else if (span > 900)
        {
            timeScale = 60.0;
            timeUnit = "min";
        }
        else
        {
            timeScale = 1.0;
            timeUnit = "s";
        }
    }

    /** The time span every plot of {@code report} shares. */
    static SvgPlots of(final ScenarioReport report)
    {
        double lo = 0.0;
        double hi = report.durationSec() > 0 && Double.isFinite(report.durationSec()) ? report.durationSec() : 0.0;
        for (final ScenarioReport.Series series : list(report.series()))
        {
            final double[] t = series.timesSec();
            if (t != null && t.length > 0)
            {
                lo = Math.min(lo, finite(t[0], lo));
                hi = Math.max(hi, finite(t[t.length - 1], hi));
            }
        }
        for (final ScenarioReport.ModeSpan span : list(report.modes()))
        {
            hi = Math.max(hi, finite(span.endSec(), hi));
        }
        if (!(hi > lo))
        {
            hi = lo + 1.0;
        }
        return new SvgPlots(lo, hi);
    }

    /** One plot per unit, in the order the units first appear, or a note when there is nothing to plot. */
    String plots(final ScenarioReport report)
    {
        final Map<String, List<ScenarioReport.Series>> byUnit = new LinkedHashMap<>();
        for (final ScenarioReport.Series series : list(report.series()))
        {
            byUnit.computeIfAbsent(series.unit() == null ? "" : series.unit(), u -> new ArrayList<>()).add(series);
        }
        final StringBuilder out = new StringBuilder();
        if (byUnit.isEmpty())
        {
            out.append("<p class=\"note\">No signals were recorded.</p>\n");
        }
        int colour = 0;
        for (final Map.Entry<String, List<ScenarioReport.Series>> unit : byUnit.entrySet())
        {
            plot(out, report, unit.getKey(), unit.getValue(), colour);
            colour += unit.getValue().size();
        }
        return out.toString();
    }

    private void plot(final StringBuilder out, final ScenarioReport report, final String unit,
        final List<ScenarioReport.Series> series, final int firstColour)
    {
        final List<Decimation.Points> thinned = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (final ScenarioReport.Series s : series)
        {
            final Decimation.Points points = Decimation.minMax(orEmpty(s.timesSec()), orEmpty(s.values()), MAX_POINTS);
            thinned.add(points);
            for (final double v : points.values())
            {
                if (Double.isFinite(v))
                {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo <= hi))
        {
            lo = 0.0;
            hi = 1.0;
        }
        if (hi - lo < 1e-12 * Math.max(1.0, Math.abs(hi)))
        {
            final double pad = Math.max(Math.abs(hi) * 0.05, 0.5);
            lo -= pad;
            hi += pad;
        }
        else
        {
            final double pad = (hi - lo) * 0.06;
            lo -= pad;
            hi += pad;
        }
        final String unitLabel = unit.isEmpty() ? "(no unit)" : "1".equals(unit) ? "1 (fraction)" : unit;
        final int height = TOP + PLOT_HEIGHT + BOTTOM;
        final String clip = "c" + Integer.toHexString(System.identityHashCode(series));
        out.append("<figure class=\"plot\">\n<figcaption>");
        legend(out, series, firstColour);
        out.append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
            .append(Markup.escape(unitLabel)).append(" over time\">\n");
        out.append("<defs><clipPath id=\"").append(clip).append("\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP)
            .append("\" width=\"").append(plotWidth()).append("\" height=\"").append(PLOT_HEIGHT).append("\"/></clipPath></defs>\n");
        out.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotWidth())
            .append("\" height=\"").append(PLOT_HEIGHT).append("\" fill=\"#fff\" stroke=\"#888\"/>\n");
        segments(out, report, TOP, PLOT_HEIGHT, true);
        // y grid and ticks
        final double[] yTicks = ticks(lo, hi, 6);
        for (final double tick : yTicks)
        {
            final double y = y(tick, lo, hi);
            out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth()).append("\" y1=\"").append(fmt(y))
                .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e4e4e4\"/>\n");
            out.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\" class=\"tick\">")
                .append(Markup.escape(label(tick, yTicks))).append("</text>\n");
        }
        out.append("<text transform=\"translate(16,").append(TOP + PLOT_HEIGHT / 2).append(") rotate(-90)\" text-anchor=\"middle\" class=\"axis\">")
            .append(Markup.escape(unitLabel)).append("</text>\n");
        timeAxis(out, TOP + PLOT_HEIGHT, true);
        events(out, report, TOP, PLOT_HEIGHT);
        out.append("<g clip-path=\"url(#").append(clip).append(")\">\n");
        for (int i = 0; i < series.size(); i++)
        {
            line(out, thinned.get(i), lo, hi, colour(firstColour + i), "setpoint".equals(series.get(i).kind()));
        }
        out.append("</g>\n</svg>\n</figure>\n");
    }

    private void legend(final StringBuilder out, final List<ScenarioReport.Series> series, final int firstColour)
    {
        for (int i = 0; i < series.size(); i++)
        {
            final ScenarioReport.Series s = series.get(i);
            final boolean dashed = "setpoint".equals(s.kind());
            out.append("<span class=\"key\"><svg width=\"26\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"26\" y2=\"5\" stroke=\"")
                .append(colour(firstColour + i)).append("\" stroke-width=\"3\"").append(dashed ? " stroke-dasharray=\"6 3\"" : "")
                .append("/></svg> ").append(Markup.escape(s.name())).append(" <small>(").append(Markup.escape(s.kind()))
                .append(s.unit() == null || s.unit().isEmpty() ? "" : ", " + Markup.escape(s.unit())).append(")</small></span>");
        }
    }

    private void line(final StringBuilder out, final Decimation.Points points, final double lo, final double hi, final String colour,
        final boolean dashed)
    {
        final StringBuilder path = new StringBuilder(points.size() * 16);
        boolean pen = false;
        for (int i = 0; i < points.size(); i++)
        {
            final double t = points.timesSec()[i];
            final double v = points.values()[i];
            if (!Double.isFinite(v) || !Double.isFinite(t))
            {
                pen = false;
                continue;
            }
            path.append(pen ? 'L' : 'M').append(fmt(x(t))).append(',').append(fmt(y(v, lo, hi)));
            pen = true;
        }
        if (path.length() > 0)
        {
            out.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"1.6\" stroke-linejoin=\"round\"").append(dashed ? " stroke-dasharray=\"7 4\"" : "").append("/>\n");
        }
    }

    private void segments(final StringBuilder out, final ScenarioReport report, final int top, final int height, final boolean labels)
    {
        for (final ScenarioReport.Segment segment : list(report.segments()))
        {
            final double a = clampX(x(segment.startSec()));
            final double b = clampX(x(segment.endSec()));
            if (!(b >= a))
            {
                continue;
            }
            out.append("<rect x=\"").append(fmt(a)).append("\" y=\"").append(top).append("\" width=\"").append(fmt(Math.max(1.0, b - a)))
                .append("\" height=\"").append(height).append("\" fill=\"").append(SEGMENT_FILL)
                .append("\" fill-opacity=\"").append(labels ? "0.22" : "0.08").append("\" stroke=\"").append(SEGMENT_FILL).append("\" stroke-opacity=\"0.6\"><title>")
                .append(Markup.escape(segment.label())).append(": ").append(seconds(segment.startSec())).append(" s to ")
                .append(seconds(segment.endSec())).append(" s</title></rect>\n");
            if (labels)
            {
                out.append("<text x=\"").append(fmt(a + 4)).append("\" y=\"").append(top + 24).append("\" class=\"seg\">")
                    .append(Markup.escape(segment.label())).append("</text>\n");
            }
        }
    }

    private void events(final StringBuilder out, final ScenarioReport report, final int top, final int height)
    {
        // One line per pixel column and kind at most: a flood of alarms stays a bounded page.
        final java.util.Set<String> drawn = new java.util.HashSet<>();
        for (final ScenarioReport.Event event : list(report.events()))
        {
            final double x = x(event.timeSec());
            if (!(x >= LEFT && x <= LEFT + plotWidth()) || !drawn.add(Math.round(x) + " " + event.kind()))
            {
                continue;
            }
            final String colour = eventColour(event.kind());
            out.append("<g><title>").append(Markup.escape(event.kind())).append(" at ").append(seconds(event.timeSec())).append(" s: ")
                .append(Markup.escape(event.text())).append("</title><line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x))
                .append("\" y1=\"").append(top).append("\" y2=\"").append(top + height).append("\" stroke=\"").append(colour)
                .append("\" stroke-width=\"1.4\"").append("mode".equals(event.kind()) ? " stroke-dasharray=\"3 3\"" : "")
                .append("/><path d=\"M").append(fmt(x - 5)).append(',').append(top).append("L").append(fmt(x + 5)).append(',')
                .append(top).append("L").append(fmt(x)).append(',').append(top + 8).append("Z\" fill=\"").append(colour).append("\"/></g>\n");
        }
    }

    /** The loop modes as a band, one row per loop, under the same time axis. */
    String modeBand(final ScenarioReport report)
    {
        final List<String> loops = new ArrayList<>();
        for (final ScenarioReport.ModeSpan span : list(report.modes()))
        {
            final String loop = span.loop() == null ? "" : span.loop();
            if (!loops.contains(loop))
            {
                loops.add(loop);
            }
        }
        if (loops.isEmpty())
        {
            return "<p class=\"note\">No mode changes were recorded.</p>\n";
        }
        final int height = TOP + loops.size() * MODE_ROW + BOTTOM;
        final StringBuilder out = new StringBuilder();
        out.append("<figure class=\"plot\"><figcaption><b>Mode</b> ");
        for (final String mode : new String[] {"AUTO", "MANUAL", "ADVISED", "OFF", "SAFE", "AUTOTUNE"})
        {
            out.append("<span class=\"key\"><span class=\"swatch\" style=\"background:").append(modeColour(mode)).append("\"></span> ")
                .append(mode).append("</span>");
        }
        out.append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
            .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"loop modes over time\">\n");
        for (int row = 0; row < loops.size(); row++)
        {
            final int y = TOP + row * MODE_ROW;
            out.append("<text x=\"").append(LEFT).append("\" y=\"").append(y + 11).append("\" class=\"tick\">loop ")
                .append(Markup.escape(loops.get(row))).append("</text>\n");
            out.append("<rect x=\"").append(LEFT).append("\" y=\"").append(y + 15).append("\" width=\"").append(plotWidth())
                .append("\" height=\"").append(MODE_ROW - 18).append("\" fill=\"#f4f4f4\" stroke=\"#ccc\"/>\n");
            // Spans narrower than a pixel: one rectangle per pixel column and mode, so a flickering mode stays visible and bounded.
            final java.util.Set<String> thin = new java.util.HashSet<>();
            for (final ScenarioReport.ModeSpan span : list(report.modes()))
            {
                if (!loops.get(row).equals(span.loop() == null ? "" : span.loop()))
                {
                    continue;
                }
                final double a = clampX(x(span.startSec()));
                final double b = clampX(x(span.endSec()));
                if (!(b >= a) || (b - a < 1.0 && !thin.add(Math.round(a) + " " + span.mode())))
                {
                    continue;
                }
                out.append("<rect x=\"").append(fmt(a)).append("\" y=\"").append(y + 15).append("\" width=\"").append(fmt(Math.max(1.0, b - a)))
                    .append("\" height=\"").append(MODE_ROW - 18).append("\" fill=\"").append(modeColour(span.mode())).append("\"><title>")
                    .append(Markup.escape(span.mode())).append(" from ").append(seconds(span.startSec())).append(" s to ")
                    .append(seconds(span.endSec())).append(" s</title></rect>\n");
                if (b - a > 8.0 * (span.mode() == null ? 1 : span.mode().length()) + 6)
                {
                    out.append("<text x=\"").append(fmt(a + 4)).append("\" y=\"").append(y + 30).append("\" class=\"mode\">")
                        .append(Markup.escape(span.mode())).append("</text>\n");
                }
            }
        }
        segments(out, report, TOP + 15, loops.size() * MODE_ROW - 15, false);
        events(out, report, TOP, loops.size() * MODE_ROW);
        timeAxis(out, TOP + loops.size() * MODE_ROW, false);
        out.append("</svg></figure>\n");
        return out.toString();
    }

    private void timeAxis(final StringBuilder out, final int y, final boolean grid)
    {
        final double[] ticks = ticks(t0 / timeScale, t1 / timeScale, 10);
        for (final double tick : ticks)
        {
            final double x = x(tick * timeScale);
            if (grid)
            {
                out.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(TOP).append("\" y2=\"")
                    .append(y).append("\" stroke=\"#eee\"/>\n");
            }
            out.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(y).append("\" y2=\"")
                .append(y + 5).append("\" stroke=\"#666\"/>\n");
            out.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(y + 18).append("\" text-anchor=\"middle\" class=\"tick\">")
                .append(Markup.escape(label(tick, ticks))).append("</text>\n");
        }
        out.append("<text x=\"").append(LEFT + plotWidth() / 2).append("\" y=\"").append(y + 36).append("\" text-anchor=\"middle\" class=\"axis\">time (")
            .append(timeUnit).append(")</text>\n");
    }

    /** Event kinds and their colours, for the page's key. */
    static String eventKey()
    {
        final StringBuilder out = new StringBuilder();
        for (final String kind : new String[] {"alarm", "fault", "interlock", "mode", "other"})
        {
            out.append("<span class=\"key\"><svg width=\"12\" height=\"14\"><line x1=\"6\" y1=\"0\" x2=\"6\" y2=\"14\" stroke=\"")
                .append(eventColour(kind)).append("\" stroke-width=\"2\"").append("mode".equals(kind) ? " stroke-dasharray=\"3 2\"" : "")
                .append("/></svg> ").append(kind).append("</span>");
        }
        out.append("<span class=\"key\"><span class=\"swatch\" style=\"background:").append(SEGMENT_FILL)
            .append(";opacity:0.4\"></span> labelled segment</span>");
        return out.toString();
    }

    static String eventColour(final String kind)
    {
        if (kind == null)
        {
            return "#555";
        }
        return switch (kind)
        {
            case "alarm" -> "#d00000";
            case "fault" -> "#7b2cbf";
            case "interlock" -> "#e85d04";
            case "mode" -> "#0077b6";
            default -> "#555";
        };
    }

    static String modeColour(final String mode)
    {
        if (mode == null)
        {
            return "#bbb";
        }
        return switch (mode.toUpperCase(Locale.ROOT))
        {
            case "AUTO" -> "#74c69d";
            case "MANUAL" -> "#8ecae6";
            case "ADVISED" -> "#b5e48c";
            case "OFF" -> "#ced4da";
            case "SAFE" -> "#ef476f";
            case "AUTOTUNE" -> "#ffd166";
            default -> "#bbb";
        };
    }

    private int plotWidth()
    {
        return WIDTH - LEFT - RIGHT;
    }

    private double x(final double timeSec)
    {
        return LEFT + (timeSec - t0) / (t1 - t0) * plotWidth();
    }

    private double clampX(final double x)
    {
        return Double.isNaN(x) ? Double.NaN : Math.max(LEFT, Math.min(LEFT + plotWidth(), x));
    }

    private static double y(final double value, final double lo, final double hi)
    {
        return TOP + PLOT_HEIGHT - (value - lo) / (hi - lo) * PLOT_HEIGHT;
    }

    /** Round ticks (1, 2, 5 times a power of ten) covering [lo, hi], about {@code target} of them. */
    static double[] ticks(final double lo, final double hi, final int target)
    {
        final double raw = (hi - lo) / target;
        final double power = Math.pow(10, Math.floor(Math.log10(raw)));
        final double fraction = raw / power;
        final double step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * power;
        final List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9 && ticks.size() < 50; t += step)
        {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        final double[] out = new double[ticks.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = ticks.get(i);
        }
        return out;
    }

    /** A tick label with as many decimals as the step needs. */
    static String label(final double value, final double[] ticks)
    {
        final double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(value);
        final double magnitude = Math.max(Math.abs(ticks.length > 0 ? ticks[0] : value), Math.abs(ticks.length > 0 ? ticks[ticks.length - 1] : value));
        if (magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-3))
        {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        final int decimals = step >= 1 || step == 0 ? 0 : (int)Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%." + Math.min(6, decimals) + "f", value);
    }

    static String fmt(final double value)
    {
        if (!Double.isFinite(value))
        {
            return "0";
        }
        final long rounded = Math.round(value * 10.0);
        return rounded % 10 == 0 ? Long.toString(rounded / 10) : Double.toString(rounded / 10.0);
    }

    /** Seconds for a reader: three decimals. */
    static String seconds(final double value)
    {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String colour(final int index)
    {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    private static double finite(final double value, final double fallback)
    {
        return Double.isFinite(value) ? value : fallback;
    }

    private static double[] orEmpty(final double[] values)
    {
        return values == null ? new double[0] : values;
    }

    static <T> List<T> list(final List<T> list)
    {
        return list == null ? List.of() : list;
    }
}
