package io.ironloop.firmware.replay.report;

import java.util.List;

/**
 * The suite as JUnit XML (the Ant/Surefire format Jenkins, GitLab and GitHub actions read): one
 * {@code testsuite} with its counts, one {@code testcase} per scenario, a {@code failure} listing every
 * failed verdict, an {@code error} for a scenario that did not run. Replayed time and rows go in
 * {@code system-out}; {@code time} is 0 because the report does not know how long the replay took.
 */
final class JunitXml
{
    private JunitXml()
    {
    }

    static String of(final String suite, final List<ScenarioReport> reports)
    {
        int failures = 0;
        int errors = 0;
        for (final ScenarioReport report : reports)
        {
            final HtmlReportWriter.Status status = HtmlReportWriter.status(report);
            failures += status == HtmlReportWriter.Status.FAIL ? 1 : 0;
            errors += status == HtmlReportWriter.Status.ERROR ? 1 : 0;
        }
        final String name = Markup.escape(suite);
        final StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<testsuites name=\"").append(name).append("\" tests=\"").append(reports.size()).append("\" failures=\"").append(failures)
            .append("\" errors=\"").append(errors).append("\" time=\"0\">\n");
        out.append("  <testsuite name=\"").append(name).append("\" tests=\"").append(reports.size()).append("\" failures=\"").append(failures)
            .append("\" errors=\"").append(errors).append("\" skipped=\"0\" time=\"0\">\n");
        for (final ScenarioReport report : reports)
        {
            testcase(out, name, report);
        }
        out.append("  </testsuite>\n</testsuites>\n");
        return out.toString();
    }

    private static void testcase(final StringBuilder out, final String suite, final ScenarioReport report)
    {
        final HtmlReportWriter.Status status = HtmlReportWriter.status(report);
        final List<ScenarioReport.Verdict> verdicts = SvgPlots.list(report.verdicts());
        out.append("    <testcase classname=\"").append(suite).append("\" name=\"").append(Markup.escape(report.name())).append("\" time=\"0\"");
        if (report.scenarioFile() != null)
        {
            out.append(" file=\"").append(Markup.escape(report.scenarioFile().toString())).append('"');
        }
        out.append(">\n");
        if (status == HtmlReportWriter.Status.ERROR)
        {
            final String error = HtmlReportWriter.errorText(report);
            out.append("      <error type=\"ScenarioError\" message=\"").append(Markup.escape(firstLine(error))).append("\">")
                .append(Markup.escape(error)).append("</error>\n");
        }
        else if (status == HtmlReportWriter.Status.FAIL)
        {
            final StringBuilder text = new StringBuilder();
            int failed = 0;
            for (final ScenarioReport.Verdict verdict : verdicts)
            {
                if (!verdict.passed())
                {
                    failed++;
                    text.append("FAILED ").append(verdict.expectation()).append(": ").append(verdict.detail()).append('\n');
                }
            }
            final String message = failed == 0 ? "the runner reported the scenario as not passed"
                : failed + " of " + verdicts.size() + " expectations failed";
            out.append("      <failure type=\"ScenarioFailure\" message=\"").append(Markup.escape(message)).append("\">")
                .append(Markup.escape(text.length() == 0 ? message : text.toString())).append("</failure>\n");
        }
        out.append("      <system-out>").append(Markup.escape("rows " + report.rows() + ", replayed " + SvgPlots.seconds(report.durationSec())
            + " s, " + verdicts.stream().filter(ScenarioReport.Verdict::passed).count() + " of " + verdicts.size() + " expectations held"))
            .append("</system-out>\n");
        out.append("    </testcase>\n");
    }

    private static String firstLine(final String text)
    {
        final int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
