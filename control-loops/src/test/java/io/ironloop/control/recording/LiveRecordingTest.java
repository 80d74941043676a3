package io.ironloop.control.recording;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live recording (a running machine, {@code ironloop record}) is readable whatever stops it: closed cleanly it
 * holds every row, the last partial block included; killed mid-run it reads up to its last complete block.
 */
class LiveRecordingTest
{
    private static final String[] NAMES = {"a", "b"};
    private static final String[] UNITS = {"bar", "degC"};
    private static final int ROWS_PER_BLOCK = 4;

    @TempDir
    Path dir;

    private static double[] row(final int i)
    {
        return new double[] {i, -0.5 * i};
    }

    private static void assertRows(final RecordingReader reader, final long rows)
    {
        assertEquals(rows, reader.header().rowCount());
        final double[] got = new double[2];
        for (int i = 0; i < rows; i++)
        {
            assertTrue(reader.next(got), "row " + i);
            assertEquals(i, got[0]);
            assertEquals(-0.5 * i, got[1]);
        }
        assertFalse(reader.next(got));
    }

    @Test
    void shouldHoldEveryRowWhenClosedCleanly() throws IOException
    {
        final Path file = dir.resolve("run.irec");
        try (RecordingWriter writer = RecordingWriter.createLive(file, NAMES, UNITS, 100.0, ROWS_PER_BLOCK))
        {
            for (int i = 0; i < 10; i++)
            {
                writer.append(row(i));
            }
        }
        try (RecordingReader reader = RecordingReader.open(file))
        {
            assertFalse(reader.interrupted());
            assertEquals(100.0, reader.header().rateHz());
            assertRows(reader, 10);
        }
        assertFalse(Files.exists(dir.resolve("run.irec.partial")), "a live recording is written under its own name");
    }

    @Test
    void shouldReadUpToTheLastCompleteBlockWhenKilledMidRun() throws IOException
    {
        final Path file = dir.resolve("killed.irec");
        final RecordingWriter writer = RecordingWriter.createLive(file, NAMES, UNITS, 100.0, ROWS_PER_BLOCK);
        for (int i = 0; i < 10; i++)
        {
            writer.append(row(i));
        }
        // The process dies here: never closed. Two blocks (8 rows) are on disk, rows 8 and 9 were in memory;
        // and a torn half of a third block as a kill during its write would leave.
        final long length = Files.size(file);
        final int blockLength = RecordingFormat.blockLength(2, ROWS_PER_BLOCK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(blockLength / 2), length);
        }
        try (RecordingReader reader = RecordingReader.open(file))
        {
            assertTrue(reader.interrupted());
            assertRows(reader, 8);
        }
        writer.abandon();
        assertTrue(Files.exists(file), "an interrupted live recording keeps its complete blocks");
    }

    @Test
    void shouldStopAtTheFirstDamagedBlockOfAnInterruptedRecording() throws IOException
    {
        final Path file = dir.resolve("damaged.irec");
        final RecordingWriter writer = RecordingWriter.createLive(file, NAMES, UNITS, 100.0, ROWS_PER_BLOCK);
        for (int i = 0; i < 12; i++)
        {
            writer.append(row(i));
        }
        final int blockLength = RecordingFormat.blockLength(2, ROWS_PER_BLOCK);
        final long headerLength = Files.size(file) - 3L * blockLength;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(new byte[] {0x55}), headerLength + blockLength + 20);
        }
        try (RecordingReader reader = RecordingReader.open(file))
        {
            assertTrue(reader.interrupted());
            assertRows(reader, 4);
        }
        writer.abandon();
    }

    @Test
    void shouldStillRefuseATruncatedFinishedRecording() throws IOException
    {
        final Path file = dir.resolve("finished.irec");
        try (RecordingWriter writer = RecordingWriter.createLive(file, NAMES, UNITS, 100.0, ROWS_PER_BLOCK))
        {
            for (int i = 0; i < 10; i++)
            {
                writer.append(row(i));
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(Files.size(file) - 10);
        }
        final RecordingFormatException ex = assertThrows(RecordingFormatException.class, () -> RecordingReader.open(file));
        assertTrue(ex.getMessage().contains("truncated") && ex.getMessage().contains("block 2 at byte offset"), ex.getMessage());
    }

    @Test
    void shouldReadAnInterruptedRecordingWithNoCompleteBlockAsEmpty() throws IOException
    {
        final Path file = dir.resolve("early.irec");
        final RecordingWriter writer = RecordingWriter.createLive(file, NAMES, UNITS, 100.0, ROWS_PER_BLOCK);
        writer.append(row(0));
        try (RecordingReader reader = RecordingReader.open(file))
        {
            assertTrue(reader.interrupted());
            assertRows(reader, 0);
        }
        writer.abandon();
    }
}
