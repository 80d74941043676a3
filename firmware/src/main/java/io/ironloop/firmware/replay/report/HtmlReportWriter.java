package io.ironloop.firmware.replay.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PLACEHOLDER (branch wt-replay): writes {@code junit.xml} (one testcase per verdict, a failure per failed
 * verdict, an error for a scenario that did not run) and a plain {@code index.html}, so the replay
 * compiles and CI reads its verdicts. The real writer with plots (wt-plants) replaces this class at merge.
 */
public final class HtmlReportWriter implements ReportWriter
{
    public HtmlReportWriter()
    {
    }

    @Override
    public void write(final Path dir, final String suite, final List<ScenarioReport> reports) throws IOException
    {
        Files.createDirectories(dir);
        final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        int tests = 0;
        int failures = 0;
        int errors = 0;
        final StringBuilder cases = new StringBuilder();
        final StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
            .append(esc(suite)).append("</title></head><body><h1>").append(esc(suite)).append("</h1><table border=\"1\">")
            .append("<tr><th>scenario</th><th>result</th><th>rows</th><th>seconds</th><th>verdicts</th></tr>");
        for (final ScenarioReport report : reports)
        {
            html.append("<tr><td>").append(esc(report.name())).append("</td><td>")
                .append(report.error() != null ? "ERROR" : report.passed() ? "PASS" : "FAIL").append("</td><td>").append(report.rows())
                .append("</td><td>").append(report.durationSec()).append("</td><td><ul>");
            if (report.error() != null)
            {
                tests++;
                errors++;
                cases.append("  <testcase classname=\"").append(esc(suite + "." + report.name())).append("\" name=\"the scenario runs\">")
                    .append("<error message=\"").append(esc(report.error())).append("\"/></testcase>\n");
            }
            else
            {
                if (report.verdicts().isEmpty())
                {
                    tests++;
                    failures++;
                    cases.append("  <testcase classname=\"").append(esc(suite + "." + report.name()))
                        .append("\" name=\"expectations\"><failure message=\"no verdicts\"/></testcase>\n");
                }
                for (final ScenarioReport.Verdict verdict : report.verdicts())
                {
                    tests++;
                    cases.append("  <testcase classname=\"").append(esc(suite + "." + report.name())).append("\" name=\"")
                        .append(esc(verdict.expectation())).append("\">");
                    if (!verdict.passed())
                    {
                        failures++;
                        cases.append("<failure message=\"").append(esc(verdict.detail())).append("\"/>");
                    }
                    cases.append("</testcase>\n");
                }
            }
            for (final ScenarioReport.Verdict verdict : report.verdicts())
            {
                html.append("<li>").append(verdict.passed() ? "pass" : "FAIL").append(": ").append(esc(verdict.expectation()))
                    .append(" &mdash; ").append(esc(verdict.detail())).append("</li>");
            }
            html.append("</ul></td></tr>");
        }
        xml.append("<testsuite name=\"").append(esc(suite)).append("\" tests=\"").append(tests).append("\" failures=\"").append(failures)
            .append("\" errors=\"").append(errors).append("\">\n").append(cases).append("</testsuite>\n");
        html.append("</table></body></html>\n");
        Files.writeString(dir.resolve("junit.xml"), xml, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.html"), html, StandardCharsets.UTF_8);
    }

    private static String esc(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
