package io.ironloop.firmware.replay.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a suite's reports into a directory: one HTML page per scenario (plots of inputs, outputs,
 * labels, alarms and mode; no network access needed to view), {@code index.html} for the suite and
 * {@code junit.xml} for CI. A report whose scenario did not run never reads as a pass.
 */
public interface ReportWriter
{
    void write(Path dir, String suite, List<ScenarioReport> reports) throws IOException;
}
