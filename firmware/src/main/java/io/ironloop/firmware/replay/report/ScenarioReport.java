package io.ironloop.firmware.replay.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What one replayed scenario produced, handed from the scenario runner to the report writer. The
 * runner fills it; {@link ReportWriter} renders it (HTML with plots, a suite index, JUnit XML).
 * Series are recorded at full rate; the writer decimates them for plotting (min/max per bucket, so
 * spikes stay visible).
 *
 * @param name        scenario name (file name without extension unless the file names it)
 * @param scenarioFile the scenario YAML
 * @param passed      true only when the scenario ran to its end and every verdict passed
 * @param verdicts    one per expectation, in file order
 * @param series      inputs, outputs, setpoints and scores over time
 * @param segments    labelled segments of the recording (anomalies), shaded on every plot
 * @param events      alarms, mode changes, injected faults, interlock trips
 * @param modes       the loop mode over time (contiguous spans)
 * @param rows        rows (ticks) replayed
 * @param durationSec replayed time span in seconds
 * @param error       null, or why the scenario could not run (then passed is false)
 */
public record ScenarioReport(
    String name,
    Path scenarioFile,
    boolean passed,
    List<Verdict> verdicts,
    List<Series> series,
    List<Segment> segments,
    List<Event> events,
    List<ModeSpan> modes,
    long rows,
    double durationSec,
    String error)
{
    /** One expectation's outcome; {@code detail} says when and with which values it held or failed. */
    public record Verdict(String expectation, boolean passed, String detail) {}

    /**
     * A signal over time. {@code kind} is one of input, output, setpoint, score, state; signals of
     * one unit share a plot.
     */
    public record Series(String name, String unit, String kind, double[] timesSec, double[] values) {}

    /** A labelled segment (for example an anomaly window from the recording's labels). */
    public record Segment(String label, double startSec, double endSec) {}

    /** A point event: {@code kind} is alarm, mode, fault, interlock or other. */
    public record Event(double timeSec, String kind, String text) {}

    /** A span of one loop mode (AUTO, SAFE, ...). */
    public record ModeSpan(String loop, double startSec, double endSec, String mode) {}
}
