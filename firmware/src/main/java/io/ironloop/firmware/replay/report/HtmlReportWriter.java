package io.ironloop.firmware.replay.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a suite's reports as static files a person opens without network access: one HTML page per
 * scenario (status, the verdict table, plots drawn as SVG on the server, the event list),
 * {@code index.html} for the suite and {@code junit.xml} for CI. A scenario counts as passed only when
 * it has no error, replayed at least one row, says it passed and no verdict failed; anything else
 * reads FAIL, or ERROR when it did not run, on every page and in the XML.
 */
public final class HtmlReportWriter implements ReportWriter
{
    /** Most events listed in a page's table; the plots show all of them. */
    static final int MAX_EVENT_ROWS = 500;

    /** What a scenario's outcome is, as every output shows it. */
    enum Status
    {
        PASS, FAIL, ERROR;

        String css()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HtmlReportWriter()
    {
    }

    /** The outcome of {@code report}: ERROR if it did not run (an error, or no rows), FAIL unless it passed with no failed verdict. */
    static Status status(final ScenarioReport report)
    {
        if (report.error() != null || report.rows() <= 0)
        {
            return Status.ERROR;
        }
        if (!report.passed())
        {
            return Status.FAIL;
        }
        for (final ScenarioReport.Verdict verdict : SvgPlots.list(report.verdicts()))
        {
            if (!verdict.passed())
            {
                return Status.FAIL;
            }
        }
        return Status.PASS;
    }

    /** Why {@code report} did not run, for an ERROR. */
    static String errorText(final ScenarioReport report)
    {
        if (report.error() != null)
        {
            return report.error();
        }
        return "the scenario replayed no rows: it did not run";
    }

    @Override
    public void write(final Path dir, final String suite, final List<ScenarioReport> reports) throws IOException
    {
        Files.createDirectories(dir);
        final List<ScenarioReport> all = reports == null ? List.of() : reports;
        final List<String> pages = pageNames(all);
        for (int i = 0; i < all.size(); i++)
        {
            Files.writeString(dir.resolve(pages.get(i)), scenarioPage(suite, all.get(i)), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("index.html"), indexPage(suite, all, pages), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("junit.xml"), JunitXml.of(suite, all), StandardCharsets.UTF_8);
    }

    /** One safe, distinct file name per scenario. */
    static List<String> pageNames(final List<ScenarioReport> reports)
    {
        final List<String> names = new ArrayList<>();
        final Set<String> taken = new HashSet<>();
        taken.add("index");
        taken.add("junit");
        for (final ScenarioReport report : reports)
        {
            final String base = Markup.fileName(report.name());
            String name = base;
            for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++)
            {
                name = base + "-" + n;
            }
            names.add(name + ".html");
        }
        return names;
    }

    static String scenarioPage(final String suite, final ScenarioReport report)
    {
        final Status status = status(report);
        final List<ScenarioReport.Verdict> verdicts = SvgPlots.list(report.verdicts());
        final long failed = verdicts.stream().filter(v -> !v.passed()).count();
        final StringBuilder out = new StringBuilder(64 * 1024);
        head(out, Markup.escape(report.name()) + " \u2014 " + status.name());
        out.append("<p class=\"crumb\"><a href=\"index.html\">\u2190 ").append(Markup.escape(suite)).append("</a></p>\n");
        out.append("<header class=\"").append(status.css()).append("\"><span class=\"badge ").append(status.css()).append("\">")
            .append(statusWord(status)).append("</span><h1>").append(Markup.escape(report.name())).append("</h1></header>\n");
        out.append("<table class=\"facts\"><tr><th>scenario file</th><td>")
            .append(Markup.escape(report.scenarioFile() == null ? "" : report.scenarioFile().toString())).append("</td></tr>\n")
            .append("<tr><th>rows replayed</th><td>").append(report.rows()).append("</td></tr>\n")
            .append("<tr><th>replayed time</th><td>").append(SvgPlots.seconds(report.durationSec())).append(" s</td></tr>\n")
            .append("<tr><th>expectations</th><td>").append(verdicts.size() - failed).append(" of ").append(verdicts.size())
            .append(" held</td></tr></table>\n");
        if (status == Status.ERROR)
        {
            out.append("<div class=\"error\"><b>Did not run.</b> <pre>").append(Markup.escape(errorText(report))).append("</pre></div>\n");
        }
        else if (status == Status.FAIL && failed == 0)
        {
            out.append("<div class=\"error\"><b>The runner reported this scenario as not passed</b>, though no verdict below failed.</div>\n");
        }
        out.append("<h2>Verdicts</h2>\n");
        if (verdicts.isEmpty())
        {
            out.append("<p class=\"note\">No expectations were evaluated.</p>\n");
        }
        else
        {
            out.append("<table class=\"verdicts\"><thead><tr><th>#</th><th>expectation</th><th>result</th><th>detail</th></tr></thead><tbody>\n");
            for (int i = 0; i < verdicts.size(); i++)
            {
                final ScenarioReport.Verdict verdict = verdicts.get(i);
                final String css = verdict.passed() ? "pass" : "fail";
                out.append("<tr class=\"").append(css).append("\"><td>").append(i + 1).append("</td><td>").append(Markup.escape(verdict.expectation()))
                    .append("</td><td><span class=\"badge ").append(css).append("\">").append(verdict.passed() ? "PASS" : "FAIL")
                    .append("</span></td><td>").append(Markup.escape(verdict.detail())).append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        final SvgPlots plots = SvgPlots.of(report);
        out.append("<h2>Signals</h2>\n<p class=\"keys\">").append(SvgPlots.eventKey()).append("</p>\n");
        out.append(plots.plots(report));
        out.append(plots.modeBand(report));
        events(out, report);
        out.append("<footer>Ironloop replay report. Series are thinned to at most ").append(SvgPlots.MAX_POINTS)
            .append(" points each (lowest and highest sample of each bucket kept, so spikes stay visible).</footer>\n</body></html>\n");
        return out.toString();
    }

    private static void events(final StringBuilder out, final ScenarioReport report)
    {
        final List<ScenarioReport.Event> events = SvgPlots.list(report.events());
        out.append("<h2>Events</h2>\n");
        if (events.isEmpty())
        {
            out.append("<p class=\"note\">No alarms, faults, interlock trips or mode changes.</p>\n");
            return;
        }
        out.append("<table class=\"events\"><thead><tr><th>time (s)</th><th>kind</th><th>what</th></tr></thead><tbody>\n");
        for (int i = 0; i < events.size() && i < MAX_EVENT_ROWS; i++)
        {
            final ScenarioReport.Event event = events.get(i);
            out.append("<tr><td class=\"num\">").append(SvgPlots.seconds(event.timeSec())).append("</td><td><span class=\"dot\" style=\"background:")
                .append(SvgPlots.eventColour(event.kind())).append("\"></span>").append(Markup.escape(event.kind())).append("</td><td>")
                .append(Markup.escape(event.text())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
        if (events.size() > MAX_EVENT_ROWS)
        {
            out.append("<p class=\"note\">").append(events.size() - MAX_EVENT_ROWS).append(" more events are drawn on the plots but not listed.</p>\n");
        }
    }

    static String indexPage(final String suite, final List<ScenarioReport> reports, final List<String> pages)
    {
        int passed = 0;
        int failed = 0;
        int errors = 0;
        for (final ScenarioReport report : reports)
        {
            switch (status(report))
            {
                case PASS -> passed++;
                case FAIL -> failed++;
                default -> errors++;
            }
        }
        final Status overall = errors > 0 ? Status.ERROR : failed > 0 || reports.isEmpty() ? Status.FAIL : Status.PASS;
        final StringBuilder out = new StringBuilder();
        head(out, Markup.escape(suite) + " \u2014 " + overall.name());
        out.append("<header class=\"").append(overall.css()).append("\"><span class=\"badge ").append(overall.css()).append("\">")
            .append(overall == Status.ERROR ? "ERROR" : overall.name()).append("</span><h1>").append(Markup.escape(suite)).append("</h1></header>\n");
        out.append("<p class=\"counts\">").append(reports.size()).append(" scenarios: <b class=\"pass-text\">").append(passed)
            .append(" passed</b>, <b class=\"fail-text\">").append(failed).append(" failed</b>, <b class=\"error-text\">").append(errors)
            .append(" did not run</b></p>\n");
        if (reports.isEmpty())
        {
            out.append("<div class=\"error\">The suite has no scenarios: nothing was checked.</div>\n");
        }
        out.append("<table class=\"verdicts\"><thead><tr><th>scenario</th><th>result</th><th>expectations held</th><th>rows</th>")
            .append("<th>replayed (s)</th><th>first problem</th></tr></thead><tbody>\n");
        for (int i = 0; i < reports.size(); i++)
        {
            final ScenarioReport report = reports.get(i);
            final Status status = status(report);
            final List<ScenarioReport.Verdict> verdicts = SvgPlots.list(report.verdicts());
            final long held = verdicts.stream().filter(ScenarioReport.Verdict::passed).count();
            out.append("<tr class=\"").append(status.css()).append("\"><td><a href=\"").append(Markup.escape(pages.get(i))).append("\">")
                .append(Markup.escape(report.name())).append("</a></td><td><span class=\"badge ").append(status.css()).append("\">")
                .append(statusWord(status)).append("</span></td><td class=\"num\">").append(held).append(" / ").append(verdicts.size())
                .append("</td><td class=\"num\">").append(report.rows()).append("</td><td class=\"num\">").append(SvgPlots.seconds(report.durationSec()))
                .append("</td><td>").append(Markup.escape(firstProblem(report, status))).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n<p class=\"note\">JUnit XML for CI: <a href=\"junit.xml\">junit.xml</a></p>\n</body></html>\n");
        return out.toString();
    }

    private static String firstProblem(final ScenarioReport report, final Status status)
    {
        if (status == Status.ERROR)
        {
            return errorText(report);
        }
        for (final ScenarioReport.Verdict verdict : SvgPlots.list(report.verdicts()))
        {
            if (!verdict.passed())
            {
                return verdict.expectation() + ": " + verdict.detail();
            }
        }
        return status == Status.FAIL ? "reported not passed" : "";
    }

    private static String statusWord(final Status status)
    {
        return status == Status.ERROR ? "ERROR \u2014 DID NOT RUN" : status.name();
    }

    private static void head(final StringBuilder out, final String title)
    {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
            .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .append("<title>").append(title).append("</title>\n<style>\n")
            .append("body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:16px 24px;color:#222;max-width:1260px}\n")
            .append("header{display:flex;align-items:center;gap:14px;padding:10px 14px;border-radius:6px;margin-bottom:10px}\n")
            .append("header.pass{background:#e6f4ea}header.fail{background:#fde8e8}header.error{background:#f3d0d0;border:2px solid #8b0000}\n")
            .append("h1{font-size:22px;margin:0}h2{font-size:17px;margin:18px 0 6px}\n")
            .append(".badge{display:inline-block;white-space:nowrap;padding:2px 9px;border-radius:4px;font-weight:700;color:#fff;font-size:13px}\n")
            .append(".badge.pass{background:#1e7e34}.badge.fail{background:#c62828}.badge.error{background:#6d0000}\n")
            .append("header .badge{font-size:18px;padding:4px 12px}\n")
            .append("table{border-collapse:collapse;margin:4px 0}th,td{border:1px solid #d0d0d0;padding:4px 8px;text-align:left;vertical-align:top}\n")
            .append("th{background:#f2f2f2}table.facts th{width:150px}tr.fail td{background:#fff5f5}tr.error td{background:#fbeaea}\n")
            .append("td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
            .append(".error{background:#fbeaea;border-left:5px solid #8b0000;padding:8px 12px;margin:10px 0}.error pre{white-space:pre-wrap;margin:4px 0}\n")
            .append(".note{color:#555}.crumb{margin:0 0 6px}.counts{font-size:15px}\n")
            .append(".pass-text{color:#1e7e34}.fail-text{color:#c62828}.error-text{color:#6d0000}\n")
            .append("figure.plot{margin:6px 0 14px}figcaption{margin:0 0 2px 84px}\n")
            .append(".key{display:inline-flex;align-items:center;gap:4px;margin-right:16px;white-space:nowrap}\n")
            .append(".swatch{display:inline-block;width:18px;height:11px;border:1px solid #999}\n")
            .append(".dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:5px}\n")
            .append("svg text{font-family:inherit}svg .tick{font-size:12px;fill:#333}svg .axis{font-size:13px;fill:#111;font-weight:600}\n")
            .append("svg .seg{font-size:13px;font-weight:700;fill:#8a5300}svg .mode{font-size:11px;fill:#111}\n")
            .append("footer{margin-top:20px;color:#777;font-size:12px}\n</style></head><body>\n");
    }
}
