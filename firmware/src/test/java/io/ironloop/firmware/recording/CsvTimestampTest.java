package io.ironloop.firmware.recording;

import io.ironloop.control.recording.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written "yyyy-MM-dd HH:mm:ss" parser agrees with java.time and leaves anything else to the formatter. */
class CsvTimestampTest
{
    @TempDir
    Path dir;

    @Test
    void shouldAgreeWithJavaTime()
    {
        for (final String text : new String[] {"2014-01-07 02:55:00", "2020-02-29 23:59:59", "1970-01-01 00:00:00",
            "1969-12-31 23:59:59", "2014-03-09 03:00:00"})
        {
            assertEquals(Instant.parse(text.replace(' ', 'T') + "Z").getEpochSecond(), CsvRecordingReader.isoSeconds(text), text);
        }
    }

    @Test
    void shouldLeaveAnythingElseToTheFormatter()
    {
        for (final String text : new String[] {"2019-02-29 00:00:00", "2014-13-01 00:00:00", "2014-01-07T02:55:00",
            "2014-01-07 24:00:00", "2014-01-07 02:60:00", "2014-01-07 2:55:00", "2014-01-07 02:55:0x", ""})
        {
            assertEquals(Long.MIN_VALUE, CsvRecordingReader.isoSeconds(text), text);
        }
    }

    @Test
    void shouldApplyAFixedZoneOffset() throws Exception
    {
        final Path map = dir.resolve("m.yaml");
        Files.writeString(map, "timestamp: {column: t, format: \"yyyy-MM-dd HH:mm:ss\", zone: \"+03:00\"}\n"
            + "channels:\n  - {column: v, name: v, unit: raw}\n");
        final Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "t,v\n2020-03-09 10:14:33,1\n2020-03-09 10:14:34,2\n");
        final Path out = dir.resolve("out.irec");
        final CsvConverter.Result result = CsvConverter.convert(csv, RecordingMappingLoader.load(map), out);
        assertEquals(1.0, result.rateHz());
        final long utc = Instant.parse("2020-03-09T07:14:33Z").getEpochSecond();
        assertEquals(utc * 1_000_000_000L, result.startEpochNs());
        try (RecordingReader reader = RecordingReader.open(out))
        {
            final double[] row = new double[2];
            assertTrue(reader.next(row));
            assertEquals(utc, row[0]);
        }
    }
}
