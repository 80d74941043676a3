package io.ironloop.firmware.cli;

import io.ironloop.control.recording.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ironloop convert}: exit codes and messages; runs on a bare clone (vendored NAB excerpt). */
class ConvertCommandTest
{
    private static final Path EXCERPT = Path.of("src/test/resources/recordings/nab-machine-temperature-excerpt.csv");
    private static final Path NAB_MAP = Path.of("../hil-tests/recordings/nab.yaml");

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
    void shouldConvertAndSayWhatItWrote() throws Exception
    {
        final Path out = dir.resolve("nab.irec");
        final Run run = run("convert", EXCERPT.toString(), "--map", NAB_MAP.toString(), "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith(out + ": 24 rows x 2 channels at 0.00333333 Hz (most common timestamp step)"),
            run.out());
        try (RecordingReader reader = RecordingReader.open(out))
        {
            assertEquals(24, reader.header().rowCount());
        }
    }

    @Test
    void shouldExitTwoWithFileLineColumnForABadMapping() throws Exception
    {
        final Path map = dir.resolve("bad.yaml");
        Files.writeString(map, "rateHz: -1\nchannels:\n  - {column: value, name: v, unit: V}\n");
        final Run run = run("convert", EXCERPT.toString(), "--map", map.toString(), "--out", dir.resolve("x").toString());
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, run.code());
        assertEquals(map + ":1:9: 'rateHz' in the mapping must be greater than 0, got -1.0", run.err().trim());
    }

    @Test
    void shouldExitTwoWithFileLineForABadCsvAndLeaveNothing() throws Exception
    {
        final Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "timestamp,value\n2014-01-07 02:15:00,95.1\n2014-01-07 02:20:00,ninety\n");
        final Path out = dir.resolve("bad.irec");
        final Run run = run("convert", csv.toString(), "--map", NAB_MAP.toString(), "--out", out.toString());
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, run.code());
        assertEquals(csv + ":3: column 'value' (channel 'value'): 'ninety' is not a number", run.err().trim());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldExitOneForAMissingCsv()
    {
        final Run run = run("convert", dir.resolve("none.csv").toString(), "--map", NAB_MAP.toString(),
            "--out", dir.resolve("o").toString());
        assertEquals(IronloopCli.EXIT_FAILURE, run.code());
        assertEquals(dir.resolve("none.csv") + ": file not found", run.err().trim());
    }
}
