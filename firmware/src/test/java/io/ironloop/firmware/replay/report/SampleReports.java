package io.ironloop.firmware.replay.report;

import java.nio.file.Path;
import java.util.List;

/**
 * A suite of synthetic scenario reports (a pump station that trips, one that holds, one that did not
 * run) for looking at the rendered pages. {@code main} writes them to its argument, default
 * {@code firmware/target/sample-report}.
 */
public final class SampleReports
{
    private SampleReports()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args.length > 0 ? args[0] : "firmware/target/sample-report");
        final java.util.List<ScenarioReport> reports = new java.util.ArrayList<>(suite());
        reports.add(day());
        new HtmlReportWriter().write(dir, "closed-loop pump (sample)", reports);
        System.out.println("sample report written to " + dir.toAbsolutePath().resolve("index.html"));
    }

    static List<ScenarioReport> suite()
    {
        return List.of(tripping(), holding(), notRun());
    }

    /** 600 s at 100 Hz: a pressure spike, a labelled leak, an interlock trip, SAFE, then OFF. */
    static ScenarioReport tripping()
    {
        final int n = 60_000;
        final double[] t = new double[n];
        final double[] pressure = new double[n];
        final double[] setpoint = new double[n];
        final double[] speed = new double[n];
        final double[] score = new double[n];
        final double[] temperature = new double[n];
        double p = 0.0;
        for (int i = 0; i < n; i++)
        {
            t[i] = i / 100.0;
            final double time = t[i];
            final boolean safe = time >= 400.1 && time < 450.0;
            final boolean off = time >= 450.0;
            speed[i] = safe || off ? 0.0 : Math.min(1.0, 0.72 + 0.02 * Math.sin(time / 7.0) + (time > 300 && time < 400 ? (time - 300) * 0.002 : 0));
            p += ((8.0 * speed[i] * speed[i]) - p) * 0.0067;
            pressure[i] = p + 0.03 * Math.sin(i * 1.7) + (i == 21_234 ? 3.5 : 0.0) + (time > 300 && time < 400 ? -(time - 300) * 0.004 : 0.0);
            setpoint[i] = 4.0;
            score[i] = time > 300 && time < 400 ? Math.min(1.0, (time - 300) / 60.0) : 0.05 + 0.02 * Math.sin(time);
            temperature[i] = 35.0 + time * 0.01;
        }
        return new ScenarioReport("pump-leak-trips <b>&amp;</b>", Path.of("hil-tests/scenarios/pump/pump-leak-trips.yaml"), false,
            List.of(
                new ScenarioReport.Verdict("alarm within 60 s after segment 'leak' starts", true, "alarm at 312.400 s, 12.400 s after 300.000 s"),
                new ScenarioReport.Verdict("no alarm outside labelled segments", true, "none"),
                new ScenarioReport.Verdict("discharge_pressure within [3.5, 4.5] bar after 60 s", false,
                    "at 212.340 s discharge_pressure = 7.37 bar (spike); at 401.000 s = 0.12 bar"),
                new ScenarioReport.Verdict("mode never leaves AUTO", false, "SAFE at 400.100 s (interlock over_pressure)"),
                new ScenarioReport.Verdict("SAFE within 100 ms of the interlock", true, "SAFE 100 ms after 400.000 s")),
            List.of(
                new ScenarioReport.Series("discharge_pressure", "bar", "input", t, pressure),
                new ScenarioReport.Series("setpoint", "bar", "setpoint", t, setpoint),
                new ScenarioReport.Series("pump_speed", "1", "output", t, speed),
                new ScenarioReport.Series("anomaly score", "", "score", t, score),
                new ScenarioReport.Series("motor_temperature", "degC", "input", t, temperature)),
            List.of(new ScenarioReport.Segment("leak", 300.0, 400.0)),
            List.of(
                new ScenarioReport.Event(212.34, "fault", "injected spike on discharge_pressure"),
                new ScenarioReport.Event(312.4, "alarm", "anomaly score 0.21 over 0.2"),
                new ScenarioReport.Event(400.0, "interlock", "over_pressure <trip>"),
                new ScenarioReport.Event(400.1, "mode", "AUTO -> SAFE"),
                new ScenarioReport.Event(450.0, "mode", "SAFE -> OFF (reset by operator)")),
            List.of(
                new ScenarioReport.ModeSpan("discharge_pressure_control", 0.0, 400.1, "AUTO"),
                new ScenarioReport.ModeSpan("discharge_pressure_control", 400.1, 450.0, "SAFE"),
                new ScenarioReport.ModeSpan("discharge_pressure_control", 450.0, 600.0, "OFF")),
            n, 600.0, null);
    }

    /** A day at 10 Hz (864 000 rows): a slow drift, one spike, a labelled night shift, hours on the axis. */
    static ScenarioReport day()
    {
        final int n = 864_000;
        final double[] t = new double[n];
        final double[] temperature = new double[n];
        final double[] vibration = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = i / 10.0;
            temperature[i] = 60.0 + 8.0 * Math.sin(2 * Math.PI * t[i] / 86_400.0) + 0.4 * Math.sin(i * 0.37);
            vibration[i] = 0.8 + 0.1 * Math.sin(i * 0.11) + (i == 500_000 ? 2.5 : 0.0);
        }
        return new ScenarioReport("nab-machine-temperature-day", Path.of("hil-tests/scenarios/nab/machine-temperature.yaml"), true,
            List.of(new ScenarioReport.Verdict("bearing_temperature within [40, 80] degC", true, "min 51.6, max 68.4 degC")),
            List.of(new ScenarioReport.Series("bearing_temperature", "degC", "input", t, temperature),
                new ScenarioReport.Series("vibration_rms", "g", "input", t, vibration)),
            List.of(new ScenarioReport.Segment("night shift", 22 * 3600.0, 24 * 3600.0), new ScenarioReport.Segment("night shift", 0, 6 * 3600.0)),
            List.of(new ScenarioReport.Event(61_200.0, "alarm", "bearing temperature falling faster than 2 degC/h")),
            List.of(new ScenarioReport.ModeSpan("cooling", 0, 86_400.0, "AUTO")), n, 86_400.0, null);
    }

    /** 120 s that hold the setpoint. */
    static ScenarioReport holding()
    {
        final int n = 12_000;
        final double[] t = new double[n];
        final double[] pressure = new double[n];
        final double[] setpoint = new double[n];
        double p = 0.0;
        for (int i = 0; i < n; i++)
        {
            t[i] = i / 100.0;
            p += (4.0 - p) * 0.01;
            pressure[i] = p + 0.02 * Math.sin(i * 0.9);
            setpoint[i] = 4.0;
        }
        return new ScenarioReport("pump-holds-setpoint", Path.of("hil-tests/scenarios/pump/pump-holds-setpoint.yaml"), true,
            List.of(new ScenarioReport.Verdict("discharge_pressure within [3.8, 4.2] bar after 20 s", true, "min 3.97, max 4.02 bar"),
                new ScenarioReport.Verdict("mode never leaves AUTO", true, "AUTO throughout")),
            List.of(new ScenarioReport.Series("discharge_pressure", "bar", "input", t, pressure),
                new ScenarioReport.Series("setpoint", "bar", "setpoint", t, setpoint)),
            List.of(), List.of(), List.of(new ScenarioReport.ModeSpan("discharge_pressure_control", 0.0, 120.0, "AUTO")), n, 120.0, null);
    }

    /** A recording that was refused before replay began. */
    static ScenarioReport notRun()
    {
        return new ScenarioReport("skab-valve1-3", Path.of("hil-tests/scenarios/skab/valve1-3.yaml"), false, List.of(), List.of(),
            List.of(), List.of(), List.of(), 0, 0.0,
            "recording.bin: block 12 at byte offset 98304: CRC32C mismatch (stored 0x1a2b3c4d, computed 0x99aa00ff)");
    }
}
