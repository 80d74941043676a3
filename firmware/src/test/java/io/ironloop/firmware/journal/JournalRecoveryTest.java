package io.ironloop.firmware.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static io.ironloop.firmware.journal.JournalRecords.appendAll;
import static io.ironloop.firmware.journal.JournalRecords.assertRecord;
import static io.ironloop.firmware.journal.JournalRecords.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a kill -9 or a power cut leaves at the end of the last segment, at every byte of the last record. */
class JournalRecoveryTest
{
    private static final int RECORDS = 1000;

    @TempDir
    Path dir;

    private final JournalRecord record = new JournalRecord();

    @Test
    void shouldKeepEveryCompleteRecordWhenTheLastIsCutAtAnyByte() throws IOException
    {
        final Segment last = writeRecords();
        for (int cut = last.lastStart; cut < last.lastStart + last.lastFrameLength; cut++)
        {
            Files.write(last.path, Arrays.copyOf(last.bytes, cut));
            assertTornRecordDropped(last, "cut at " + cut);
        }
    }

    @Test
    void shouldDropTheLastRecordWhenAnyOfItsBytesIsCorrupt() throws IOException
    {
        final Segment last = writeRecords();
        for (int at = last.lastStart; at < last.lastStart + last.lastFrameLength; at++)
        {
            final byte[] bytes = last.bytes.clone();
            bytes[at] ^= (byte)0x5A;
            Files.write(last.path, bytes);
            assertTornRecordDropped(last, "byte " + at + " corrupt");
        }
    }

    @Test
    void shouldDropTheLastRecordWhenItsTailIsZeroFilledAsInAPreallocatedFile() throws IOException
    {
        final Segment last = writeRecords();
        for (int from = last.lastStart; from < last.lastStart + last.lastFrameLength; from++)
        {
            // The file is longer than what was written, and its unwritten end reads as zeros.
            final byte[] bytes = Arrays.copyOf(last.bytes, last.bytes.length + 4096);
            Arrays.fill(bytes, from, bytes.length, (byte)0);
            Files.write(last.path, bytes);
            assertTornRecordDropped(last, "zeros from " + from);
        }
    }

    @Test
    void shouldKeepTheLastRecordWhenOnlyItsPaddingIsMissing() throws IOException
    {
        final Segment last = writeRecords();
        for (int cut = last.lastStart + last.lastFrameLength; cut <= last.lastEnd; cut++)
        {
            Files.write(last.path, Arrays.copyOf(last.bytes, cut));
            Files.deleteIfExists(dir.resolve("watermark"));
            try (Journal journal = Journal.open(config(dir)))
            {
                assertEquals(RECORDS, journal.nextSequence(), "cut at " + cut);
                assertRecord(journal, record, RECORDS - 1);
            }
        }
    }

    @Test
    void shouldKeepEveryRecordBeforeAZeroFilledTail() throws IOException
    {
        final Segment last = writeRecords();
        Files.write(last.path, Arrays.copyOf(last.bytes, last.bytes.length + 4096));
        try (Journal journal = Journal.open(config(dir)))
        {
            assertEquals(RECORDS, journal.nextSequence());
            assertRecord(journal, record, RECORDS - 1);
        }
        assertEquals(last.bytes.length, Files.size(last.path), "the zero tail is cut off");
    }

    @Test
    void shouldDeleteASegmentWhoseHeaderIsTornAndKeepTheOnesBefore() throws IOException
    {
        writeRecords();
        final Path torn = dir.resolve(Journal.segmentName(RECORDS));
        Files.write(torn, new byte[] {0x49, 0x52, 0x4C});
        try (Journal journal = Journal.open(config(dir)))
        {
            assertEquals(RECORDS, journal.nextSequence());
            assertRecord(journal, record, RECORDS - 1);
        }
        assertFalse(Files.exists(torn));
    }

    private void assertTornRecordDropped(final Segment last, final String what) throws IOException
    {
        Files.deleteIfExists(dir.resolve("watermark"));
        try (Journal journal = Journal.open(config(dir)))
        {
            assertEquals(RECORDS - 1, journal.nextSequence(), what + ": the torn record is gone");
            assertEquals(RECORDS - 1, journal.backlogDepth(), what);
            assertFalse(journal.read(RECORDS - 1, record), what);
            for (long sequence = 0; sequence < RECORDS - 1; sequence++)
            {
                assertRecord(journal, record, sequence);
            }
        }
        assertEquals(last.lastStart, Files.size(last.path), what + ": the file ends where the last whole record ends");
    }

    /** Writes the records (two segments) and returns the last segment's bytes and where its last record lies. */
    private Segment writeRecords() throws IOException
    {
        try (Journal journal = Journal.open(config(dir)))
        {
            appendAll(journal, 0, RECORDS);
            assertTrue(journal.segments() >= 2, "the records span segments");
        }
        final Path path;
        try (Stream<Path> files = Files.list(dir))
        {
            path = files.filter(file -> file.toString().endsWith(".journal")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(path);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int offset = JournalConfig.SEGMENT_HEADER_LENGTH;
        int lastStart = offset;
        int frameLength = 0;
        while (offset < bytes.length)
        {
            lastStart = offset;
            frameLength = buffer.getInt(offset);
            offset += RecordLayout.alignedLength(frameLength);
        }
        assertEquals(RECORDS - 1, buffer.getLong(lastStart + RecordLayout.SEQUENCE_OFFSET));
        return new Segment(path, bytes, lastStart, frameLength, offset);
    }

    private record Segment(Path path, byte[] bytes, int lastStart, int lastFrameLength, int lastEnd)
    {
    }
}
