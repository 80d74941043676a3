package io.ironloop.firmware.eval;

import io.ironloop.firmware.cli.IronloopCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCommandsBadInputTest
{
    @TempDir
    Path dir;

    private record Run(int code, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = IronloopCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void cwruWithoutADirectoryOrRecordingsSaysSo() throws Exception
    {
        Run r = run("eval", "cwru", dir.resolve("absent").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("absent: not a directory"), r.err());
        r = run("eval", "cwru", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no .csv recordings"), r.err());
        Files.writeString(dir.resolve("fault.csv"), "de_accel\n0.1\n0.2\n");
        r = run("eval", "cwru", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no recording with 'normal' in its name"), r.err());
    }

    @Test
    void cwruWithAShortOrBrokenRecordingNamesTheFile() throws Exception
    {
        Files.writeString(dir.resolve("normal.csv"), "de_accel\n0.1\n0.2\n");
        Run r = run("eval", "cwru", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("normal.csv: its first half holds 0 window(s)"), r.err());
        Files.writeString(dir.resolve("normal.csv"), "de_accel\n0.1\nfast\n");
        r = run("eval", "cwru", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("normal.csv:3") && r.err().contains("'fast' is not a number"), r.err());
    }

    @Test
    void cwruWithABadMachineFileGivesFileLineColumn() throws Exception
    {
        final Path machine = dir.resolve("rig.yaml");
        Files.writeString(machine, Files.readString(Path.of("../board-configs/machines/cwru-test-rig.yaml"))
            .replace("pitchDiameter: 1.537", "pitchDiameter: 0.1"));
        final Run r = run("eval", "cwru", dir.toString(), "--machine", machine.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().matches("(?s).*rig\\.yaml:\\d+:\\d+: bearing 'drive_end': 'pitchDiameter' \\(0\\.1\\) must be larger.*"),
            r.err());
        final Run noBearing = run("eval", "cwru", dir.toString(), "--machine", "../board-configs/machines/pump-station.yaml");
        assertEquals(2, noBearing.code());
        assertTrue(noBearing.err().contains("no 'bearings' in the machine file"), noBearing.err());
    }

    @Test
    void nabWithoutWindowsOrDataSaysSo() throws Exception
    {
        Run r = run("eval", "nab", dir.toString(), "--out", dir.resolve("results").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("combined_windows.json: windows file not found"), r.err());
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"c/a.csv\": [[\"2014-01-01 00:00:00.000000\"]]}");
        r = run("eval", "nab", dir.toString(), "--out", dir.resolve("results").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no data files in NAB's layout"), r.err());
        Files.createDirectories(dir.resolve("c"));
        Files.writeString(dir.resolve("c/a.csv"), "timestamp,value\n2014-01-01 00:00:00,1\n");
        r = run("eval", "nab", dir.toString(), "--out", dir.resolve("results").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("a window must be [\"start\", \"end\"]"), r.err());
        Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"c/a.csv\": [[\"yesterday\", \"today\"]]}");
        r = run("eval", "nab", dir.toString(), "--out", dir.resolve("results").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'yesterday' is not a timestamp"), r.err());
        Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"c/other.csv\": []}");
        r = run("eval", "nab", dir.toString(), "--out", dir.resolve("results").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no windows for c/a.csv"), r.err());
        Files.writeString(dir.resolve("labels/combined_windows.json"), "{not json");
        r = run("eval", "nab", dir.toString(), "--out", dir.resolve("results").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not valid JSON"), r.err());
    }

    @Test
    void nabWithABadRowNamesFileAndLine() throws Exception
    {
        Files.createDirectories(dir.resolve("labels"));
        Files.createDirectories(dir.resolve("c"));
        Files.writeString(dir.resolve("labels/combined_windows.json"), "{\"c/a.csv\": []}");
        Files.writeString(dir.resolve("c/a.csv"), "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,lots\n");
        final Run r = run("eval", "nab", dir.toString(), "--out", dir.resolve("results").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a.csv:3") && r.err().contains("'lots' is not a number"), r.err());
    }

    @Test
    void nabWritesResultFilesInNabsLayout() throws Exception
    {
        Files.createDirectories(dir.resolve("labels"));
        Files.createDirectories(dir.resolve("c"));
        final StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++)
        {
            csv.append(String.format("2014-01-%02d %02d:%02d:00,%d%n", 1 + i / 288, i % 288 / 12, i % 12 * 5, i == 300 ? 90 : i % 7));
        }
        Files.writeString(dir.resolve("c/a.csv"), csv.toString());
        Files.writeString(dir.resolve("labels/combined_windows.json"),
            "{\"c/a.csv\": [[\"2014-01-02 00:30:00.000000\", \"2014-01-02 01:00:00.000000\"]]}");
        final Run r = run("eval", "nab", dir.toString(), "--out", dir.resolve("results").toString());
        assertEquals(0, r.code(), r.err());
        final var lines = Files.readAllLines(dir.resolve("results/ironloop/c/ironloop_a.csv"));
        assertEquals("timestamp,value,anomaly_score,label", lines.get(0));
        assertEquals(401, lines.size());
        assertTrue(lines.get(1).startsWith("2014-01-01 00:00:00,0.0,"), lines.get(1));
        assertTrue(lines.get(295).endsWith(",1") && lines.get(294).endsWith(",0") && lines.get(302).endsWith(",0"));
        assertTrue(Files.isRegularFile(dir.resolve("results/null/c/null_a.csv")));
        assertTrue(r.out().contains("standard"), r.out());
    }
}
