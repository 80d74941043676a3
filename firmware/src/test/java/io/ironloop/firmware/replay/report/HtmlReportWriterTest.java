package io.ironloop.firmware.replay.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportWriterTest
{
    @TempDir
    Path dir;

    private static Document parse(final Path file) throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static ScenarioReport simple(final String name, final boolean passed, final List<ScenarioReport.Verdict> verdicts,
        final long rows, final String error)
    {
        final double[] t = {0, 1, 2, 3};
        final double[] v = {1, 2, 3, 4};
        return new ScenarioReport(name, Path.of(name + ".yaml"), passed, verdicts,
            List.of(new ScenarioReport.Series("x", "bar", "input", t, v)), List.of(), List.of(), List.of(), rows, 3.0, error);
    }

    @Test
    void shouldCountTestsFailuresAndErrorsInJunitXml() throws Exception
    {
        new HtmlReportWriter().write(dir, "suite", SampleReports.suite());
        final Document xml = parse(dir.resolve("junit.xml"));
        final Element suite = (Element)xml.getElementsByTagName("testsuite").item(0);
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        final NodeList cases = xml.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        final Element tripping = (Element)cases.item(0);
        assertEquals("pump-leak-trips <b>&amp;</b>", tripping.getAttribute("name"), "the name survives escaping intact");
        final Element failure = (Element)tripping.getElementsByTagName("failure").item(0);
        assertEquals("2 of 5 expectations failed", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("FAILED mode never leaves AUTO: SAFE at 400.100 s"), failure.getTextContent());
        assertTrue(failure.getTextContent().contains("FAILED discharge_pressure within [3.5, 4.5] bar after 60 s"));
        assertFalse(failure.getTextContent().contains("no alarm outside"), "only the failed verdicts are listed");
        final Element holding = (Element)cases.item(1);
        assertEquals(0, holding.getElementsByTagName("failure").getLength() + holding.getElementsByTagName("error").getLength());
        final Element notRun = (Element)cases.item(2);
        assertEquals(1, notRun.getElementsByTagName("error").getLength());
        assertTrue(((Element)notRun.getElementsByTagName("error").item(0)).getAttribute("message").contains("byte offset 98304"));
        for (final String page : List.of("index.html", "pump-leak-trips__b__amp___b_.html", "pump-holds-setpoint.html", "skab-valve1-3.html"))
        {
            assertTrue(Files.exists(dir.resolve(page)), page);
        }
    }

    @Test
    void shouldNeverShowAScenarioThatDidNotRunAsAPass() throws Exception
    {
        final List<ScenarioReport> reports = List.of(
            simple("errored-but-passed", true, List.of(new ScenarioReport.Verdict("e", true, "d")), 10, "machine file missing"),
            simple("no-rows", true, List.of(new ScenarioReport.Verdict("e", true, "d")), 0, null),
            simple("passed-with-a-failed-verdict", true, List.of(new ScenarioReport.Verdict("e", false, "d")), 10, null),
            simple("not-passed-no-failed-verdict", false, List.of(new ScenarioReport.Verdict("e", true, "d")), 10, null));
        new HtmlReportWriter().write(dir, "s", reports);
        final Element suite = (Element)parse(dir.resolve("junit.xml")).getElementsByTagName("testsuite").item(0);
        assertEquals("2", suite.getAttribute("errors"));
        assertEquals("2", suite.getAttribute("failures"));
        final String index = Files.readString(dir.resolve("index.html"));
        assertFalse(index.contains("badge pass"), "no scenario and not the suite reads as a pass");
        assertTrue(index.contains("0 passed"));
        for (final String page : List.of("errored-but-passed.html", "no-rows.html"))
        {
            final String html = Files.readString(dir.resolve(page));
            assertTrue(html.contains("<span class=\"badge error\">ERROR \u2014 DID NOT RUN</span>"), page);
            assertTrue(html.contains("Did not run."), page);
        }
        assertTrue(Files.readString(dir.resolve("no-rows.html")).contains("replayed no rows"));
        new HtmlReportWriter().write(dir.resolve("empty"), "empty", List.of());
        assertFalse(Files.readString(dir.resolve("empty/index.html")).contains("badge pass"), "an empty suite is not a pass");
        assertEquals("0", ((Element)parse(dir.resolve("empty/junit.xml")).getElementsByTagName("testsuite").item(0)).getAttribute("tests"));
    }

    @Test
    void shouldEscapeEveryTextFromTheScenario() throws Exception
    {
        final String evil = "<script>alert(1)</script>\"'&\u0001\uD800x]]>";
        final ScenarioReport report = new ScenarioReport(evil, Path.of("a<b>.yaml"), false,
            List.of(new ScenarioReport.Verdict(evil, false, evil)),
            List.of(new ScenarioReport.Series(evil, evil, evil, new double[] {0, 1}, new double[] {0, 1})),
            List.of(new ScenarioReport.Segment(evil, 0.2, 0.4)), List.of(new ScenarioReport.Event(0.5, "alarm", evil)),
            List.of(new ScenarioReport.ModeSpan(evil, 0, 1, evil)), 2, 1.0, evil);
        new HtmlReportWriter().write(dir, evil, List.of(report));
        try (var files = Files.list(dir))
        {
            for (final Path file : files.toList())
            {
                final String text = Files.readString(file, StandardCharsets.UTF_8);
                assertFalse(text.contains("<script"), file + " carries raw markup");
                assertFalse(text.contains("\u0001") || text.contains("]]>"), file + " carries a character XML cannot hold");
                assertTrue(file.getFileName().toString().matches("[A-Za-z0-9._-]+"), "file name " + file.getFileName());
            }
        }
        final Document xml = parse(dir.resolve("junit.xml"));
        final Element testcase = (Element)xml.getElementsByTagName("testcase").item(0);
        assertEquals("<script>alert(1)</script>\"'&\uFFFD\uFFFDx]]>", testcase.getAttribute("name"), "text round-trips, unsafe characters replaced");
        // every page is well-formed XML too: nothing the scenario said can open or close an element
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try (var files = Files.list(dir))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(".html")).toList())
            {
                final String html = Files.readString(file).replace("<!DOCTYPE html>", "").replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>")
                    .replaceAll("<meta http-equiv([^>]*)>", "<meta http-equiv$1/>");
                factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void shouldKeepASpikeWhenThinningAndKeepTheSizeBounded()
    {
        final int n = 5_000_000;
        final double[] t = new double[n];
        final double[] v = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = i * 1e-3;
            v[i] = Math.sin(i * 1e-4);
        }
        v[3_141_592] = 50.0;
        v[2_718_281] = -40.0;
        final Decimation.Points points = Decimation.minMax(t, v, SvgPlots.MAX_POINTS);
        assertTrue(points.size() <= SvgPlots.MAX_POINTS, "size " + points.size());
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double maxAt = -1;
        for (int i = 0; i < points.size(); i++)
        {
            if (points.values()[i] > max)
            {
                max = points.values()[i];
                maxAt = points.timesSec()[i];
            }
            min = Math.min(min, points.values()[i]);
            assertTrue(i == 0 || points.timesSec()[i] > points.timesSec()[i - 1], "time order");
        }
        assertEquals(50.0, max, "the one-sample spike survives 3300:1");
        assertEquals(3_141.592, maxAt, 1e-9, "at its own time");
        assertEquals(-40.0, min);
        final double[] small = {1, 2, 3};
        assertEquals(3, Decimation.minMax(small, small, 1500).size(), "short series are kept whole");
        final double[] gaps = new double[10_000];
        java.util.Arrays.fill(gaps, Double.NaN);
        final double[] times = new double[10_000];
        assertTrue(Double.isNaN(Decimation.minMax(times, gaps, 100).values()[0]), "a gap stays a gap");
    }

    @Test
    void shouldWriteASmallPageForALongRecording() throws Exception
    {
        final int n = 4_000_000; // 4000 s at 1 kHz, two series; a day is the same size after thinning
        final double[] t = new double[n];
        final double[] a = new double[n];
        final double[] b = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = i * 1e-3;
            a[i] = Math.sin(i * 1e-5);
            b[i] = i % 997 == 0 ? 5.0 : Math.cos(i * 1e-5);
        }
        final ScenarioReport report = new ScenarioReport("long", null, true, List.of(new ScenarioReport.Verdict("x", true, "y")),
            List.of(new ScenarioReport.Series("a", "bar", "input", t, a), new ScenarioReport.Series("b", "bar", "input", t, b)),
            List.of(new ScenarioReport.Segment("s", 100, 200)), List.of(), List.of(new ScenarioReport.ModeSpan("l", 0, 4000, "AUTO")),
            n, 4000.0, null);
        final List<ScenarioReport.Event> alarms = new java.util.ArrayList<>();
        final List<ScenarioReport.ModeSpan> flicker = new java.util.ArrayList<>();
        for (int i = 0; i < 100_000; i++)
        {
            alarms.add(new ScenarioReport.Event(i * 0.04, "alarm", "alarm " + i));
            flicker.add(new ScenarioReport.ModeSpan("l", i * 0.04, i * 0.04 + 0.02, i % 2 == 0 ? "AUTO" : "SAFE"));
        }
        final ScenarioReport flood = new ScenarioReport("flood", null, false, List.of(new ScenarioReport.Verdict("x", false, "y")),
            report.series(), report.segments(), alarms, flicker, n, 4000.0, null);
        new HtmlReportWriter().write(dir, "long", List.of(report, flood));
        final long floodSize = Files.size(dir.resolve("flood.html"));
        assertTrue(floodSize < 2_000_000, "100 000 alarms and mode flips: page " + floodSize + " bytes");
        final long size = Files.size(dir.resolve("long.html"));
        assertTrue(size < 200_000, "page " + size + " bytes");
        assertTrue(Files.readString(dir.resolve("long.html")).contains("time (min)"), "a long span is labelled in minutes");
    }

    @Test
    void shouldWriteTheSampleReportForPeopleToLookAt() throws Exception
    {
        final Path sample = Path.of("target", "sample-report");
        SampleReports.main(new String[] {sample.toString()});
        final String page = Files.readString(sample.resolve("pump-leak-trips__b__amp___b_.html"));
        assertTrue(page.contains("time (s)") && page.contains(">bar</text>") && page.contains("leak"), "axes, units and the segment label");
        assertTrue(page.contains("<span class=\"badge fail\">FAIL</span>"));
    }
}
