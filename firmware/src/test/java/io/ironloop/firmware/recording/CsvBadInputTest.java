package io.ironloop.firmware.recording;

import io.ironloop.control.recording.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CSV that does not fit its mapping is refused naming file:line, and leaves no recording behind. */
class CsvBadInputTest
{
    @TempDir
    Path dir;

    private RecordingMapping mapping() throws Exception
    {
        final Path map = dir.resolve("map.yaml");
        Files.writeString(map, String.join("\n",
            "separator: \";\"",
            "rateHz: 1",
            "timestamp: {column: datetime, format: \"yyyy-MM-dd HH:mm:ss\"}",
            "channels:",
            "  - {column: Pressure, name: pressure, unit: Pa, scale: 100000}",
            "  - {column: anomaly, name: anomaly, unit: \"1\", ifAbsent: 0}",
            ""));
        return RecordingMappingLoader.load(map);
    }

    private String refused(final String csvText) throws Exception
    {
        final Path csv = dir.resolve("in.csv");
        Files.writeString(csv, csvText);
        final Path out = dir.resolve("out.irec");
        final CsvRecordingException ex =
            assertThrows(CsvRecordingException.class, () -> CsvConverter.convert(csv, mapping(), out));
        assertFalse(Files.exists(out), "no recording is left for bad input");
        assertFalse(Files.exists(dir.resolve("out.irec.partial")), "nor a partial one");
        return ex.getMessage();
    }

    @Test
    void shouldNameFileAndLineOfAMissingColumn() throws Exception
    {
        final String message = refused("datetime;Current\r\n2020-03-09 10:14:33;1.33\r\n");
        assertTrue(message.startsWith(dir.resolve("in.csv") + ":1: no column 'Pressure' for channel 'pressure'"), message);
        assertTrue(message.contains("the header has: datetime, Current"), message);
    }

    @Test
    void shouldNameFileAndLineOfANonNumericCell() throws Exception
    {
        final String message = refused("datetime;Pressure\n2020-03-09 10:14:33;0.05\n2020-03-09 10:14:34;0.06\n"
            + "2020-03-09 10:14:35;n/a\n");
        assertEquals(dir.resolve("in.csv") + ":4: column 'Pressure' (channel 'pressure'): 'n/a' is not a number", message);
    }

    @Test
    void shouldNameFileAndLineOfAnEmptyCell() throws Exception
    {
        final String message = refused("datetime;Pressure\r\n2020-03-09 10:14:33;\r\n");
        assertTrue(message.startsWith(dir.resolve("in.csv") + ":2: "), message);
    }

    @Test
    void shouldNameFileAndLineOfAnUnparsableTimestamp() throws Exception
    {
        final String message = refused("datetime;Pressure\n2020-03-09 10:14:33;0.05\n\n09.03.2020 10:14;0.05\n");
        assertEquals(dir.resolve("in.csv") + ":4: timestamp '09.03.2020 10:14' in column 'datetime' is not of the form "
            + "\"yyyy-MM-dd HH:mm:ss\"", message);
    }

    @Test
    void shouldNameFileAndLineOfAShortRow() throws Exception
    {
        final String message = refused("datetime;anomaly;Pressure\n2020-03-09 10:14:33;0;0.05\n2020-03-09 10:14:34;0\n");
        assertEquals(dir.resolve("in.csv") + ":3: the row has 2 fields, channel 'pressure' reads field 3", message);
    }

    @Test
    void shouldNameTheSourceLineOfACellInATransposedFile() throws Exception
    {
        final Path map = dir.resolve("t.yaml");
        Files.writeString(map, "separator: whitespace\nheader: false\ntransposed: true\nperiodSeconds: 180\n"
            + "channels:\n  - {index: 1, name: a, unit: raw}\n  - {index: 2, name: b, unit: raw}\n");
        final Path csv = dir.resolve("t.dat");
        Files.writeString(csv, "  1.0e+00   2.0e+00   3.0e+00\n  4.0e+00  -5.0e+00   6,0e+00\n");
        final CsvRecordingException ex = assertThrows(CsvRecordingException.class,
            () -> CsvConverter.convert(csv, RecordingMappingLoader.load(map), dir.resolve("t.irec")));
        assertEquals(csv + ":2: column #2 (channel 'b'): '6,0e+00' is not a number", ex.getMessage());
    }

    @Test
    void shouldSplitWhitespaceOnRunsOfSpacesAndTabs() throws Exception
    {
        final Path map = dir.resolve("w.yaml");
        Files.writeString(map, "separator: whitespace\nheader: false\nrateHz: 10\n"
            + "channels:\n  - {index: 1, name: a, unit: raw}\n  - {index: 3, name: c, unit: raw}\n");
        final Path csv = dir.resolve("w.dat");
        Files.writeString(csv, "   1.0e+00   2.0e+00  -3.0e+00\n4\t \t5\t6\r\n");
        final Path out = dir.resolve("w.irec");
        assertEquals(2, CsvConverter.convert(csv, RecordingMappingLoader.load(map), out).rows());
        try (RecordingReader reader = RecordingReader.open(out))
        {
            final double[] row = new double[2];
            assertTrue(reader.next(row));
            assertEquals(1.0, row[0]);
            assertEquals(-3.0, row[1]);
            assertTrue(reader.next(row));
            assertEquals(6.0, row[1]);
        }
    }

    @Test
    void shouldTakeTheLabelsAsAbsentWhereTheMappingAllows() throws Exception
    {
        final Path csv = dir.resolve("free.csv");
        Files.writeString(csv, "datetime;Pressure\n2020-03-09 10:14:33;0.05\n");
        final Path out = dir.resolve("free.irec");
        assertEquals(1, CsvConverter.convert(csv, mapping(), out).rows());
        try (RecordingReader reader = RecordingReader.open(out))
        {
            assertEquals(List.of("time", "pressure", "anomaly"), reader.header().names());
            final double[] row = new double[3];
            assertTrue(reader.next(row));
            assertEquals(5000.0, row[1], 1e-9);
            assertEquals(0.0, row[2]);
        }
    }

    @Test
    void shouldKeepRowsInFileOrderInTheVendoredNabExcerpt() throws Exception
    {
        // Runs on a bare clone: src/test/resources/recordings/NOTICE.md says where the excerpt comes from.
        final Path csv = Path.of("src/test/resources/recordings/nab-machine-temperature-excerpt.csv");
        final Path out = dir.resolve("nab.irec");
        final CsvConverter.Result result =
            CsvConverter.convert(csv, RecordingMappingLoader.load(SharedData.mapping("nab.yaml")), out);
        assertEquals(24, result.rows());
        assertEquals(1.0 / 300, result.rateHz(), 1e-15);
        try (RecordingReader reader = RecordingReader.open(out))
        {
            final double[] row = new double[2];
            double previous = Double.NEGATIVE_INFINITY;
            int stepsBack = 0;
            while (reader.next(row))
            {
                stepsBack += row[0] < previous ? 1 : 0;
                if (row[0] < previous)
                {
                    assertEquals(-3300.0, row[0] - previous, "02:55 -> 02:00");
                    assertEquals(94.13972336, row[1], 1e-12);
                }
                previous = row[0];
            }
            assertEquals(1, stepsBack);
        }
    }

    @Test
    void shouldRefuseAnEmptyFileThatNeedsAHeader() throws IOException
    {
        final Path csv = dir.resolve("empty.csv");
        Files.writeString(csv, "");
        final CsvRecordingException ex = assertThrows(CsvRecordingException.class,
            () -> CsvConverter.convert(csv, mapping(), dir.resolve("e.irec")));
        assertEquals(csv + ":1: the file is empty, the mapping expects a header row", ex.getMessage());
    }
}
