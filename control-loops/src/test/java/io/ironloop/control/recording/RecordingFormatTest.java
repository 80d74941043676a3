package io.ironloop.control.recording;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordingFormatTest
{
    private static final String[] NAMES = {"pressure", "temperature", "anomaly"};
    private static final String[] UNITS = {"Pa", "K", "1"};

    @TempDir
    Path dir;

    private static double value(final long row, final int channel)
    {
        return row * 10.0 + channel + 0.25;
    }

    private Path write(final String name, final long rows, final int rowsPerBlock) throws IOException
    {
        final Path path = dir.resolve(name);
        final double[] row = new double[NAMES.length];
        try (RecordingWriter writer = RecordingWriter.create(path, NAMES, UNITS, 1000.0, rowsPerBlock))
        {
            writer.startEpochNs(1_583_748_873_000_000_000L);
            for (long r = 0; r < rows; r++)
            {
                for (int c = 0; c < row.length; c++)
                {
                    row[c] = value(r, c);
                }
                writer.append(row);
            }
        }
        return path;
    }

    @Test
    void shouldRoundTripRowsAcrossBlocks() throws IOException
    {
        final Path path = write("a.irec", 100, 7);
        assertFalse(Files.exists(dir.resolve("a.irec.partial")), "the writer leaves no partial file");
        try (RecordingReader reader = RecordingReader.open(path))
        {
            final RecordingHeader header = reader.header();
            assertEquals(List.of(NAMES), header.names());
            assertEquals(List.of(UNITS), header.units());
            assertEquals(1000.0, header.rateHz());
            assertEquals(1_000_000L, header.periodNs());
            assertEquals(1_583_748_873_000_000_000L, header.startEpochNs());
            assertEquals(100, header.rowCount());
            assertEquals(7, header.rowsPerBlock());
            assertEquals(2, header.channel("anomaly"));
            final double[] row = new double[3];
            for (long r = 0; r < 100; r++)
            {
                assertTrue(reader.next(row));
                assertArrayEquals(new double[] {value(r, 0), value(r, 1), value(r, 2)}, row, "row " + r);
            }
            assertFalse(reader.next(row));
            reader.seek(50);
            assertTrue(reader.next(row));
            assertEquals(value(50, 1), row[1]);
            assertEquals(51, reader.position());
        }
    }

    @Test
    void shouldReadAcrossMappedRegions() throws IOException
    {
        final Path path = write("regions.irec", 1000, 7);
        final int blockLength = 16 + 7 * 3 * 8;
        try (RecordingReader reader = RecordingReader.open(path, 3L * blockLength))
        {
            final double[] row = new double[3];
            for (long r = 0; r < 1000; r++)
            {
                assertTrue(reader.next(row));
                assertEquals(value(r, 2), row[2], "row " + r);
            }
            assertFalse(reader.next(row));
            reader.seek(22);
            assertTrue(reader.next(row));
            assertEquals(value(22, 0), row[0], "first row of the second region");
        }
    }

    @Test
    void shouldWriteRowsWithoutAllocating() throws IOException
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (RecordingWriter writer = RecordingWriter.create(dir.resolve("w.irec"), NAMES, UNITS, 1000.0, 64))
        {
            final double[] row = {1.0, 2.0, 3.0};
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 8; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++)
                {
                    row[0] = i;
                    writer.append(row);
                }
                best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, best, "bytes allocated appending 20 000 rows, blocks written included (best of 8 rounds)");
        }
    }

    @Test
    void shouldReadAnEmptyRecording() throws IOException
    {
        try (RecordingReader reader = RecordingReader.open(write("empty.irec", 0, 4)))
        {
            assertEquals(0, reader.header().rowCount());
            assertFalse(reader.next(new double[3]));
        }
    }

    @Test
    void shouldPinTheDocumentedByteLayout() throws IOException
    {
        final Path path = write("layout.irec", 10, 4);
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('I', bytes.get(0));
        assertEquals('R', bytes.get(1));
        assertEquals('L', bytes.get(2));
        assertEquals('R', bytes.get(3));
        assertEquals(1, bytes.getShort(4));
        assertEquals(3, bytes.getShort(6));
        final int headerLength = bytes.getInt(8);
        assertEquals(128, headerLength, "48 fixed + channel table 42 + CRC 4 = 94, padded to a multiple of 64");
        final int blockLength = bytes.getInt(12);
        assertEquals(16 + 4 * 3 * 8, blockLength);
        assertEquals(4, bytes.getInt(16));
        assertEquals(10L, bytes.getLong(24));
        assertEquals(1000.0, bytes.getDouble(32));
        assertEquals(8, bytes.getShort(48), "name length of 'pressure'");
        assertEquals(headerLength + 3 * blockLength, bytes.capacity(), "ten rows in three blocks, the last padded");
        final int lastBlock = headerLength + 2 * blockLength;
        assertEquals(2, bytes.getInt(lastBlock + 4), "rows in the last block");
        assertEquals(8L, bytes.getLong(lastBlock + 8), "first row of the last block");
        assertEquals(value(9, 2), bytes.getDouble(lastBlock + 16 + (3 + 2) * 8));
        assertEquals(0.0, bytes.getDouble(lastBlock + blockLength - 8), "padding is zero");
    }

    @Test
    void shouldReadRowsWithoutAllocating() throws IOException
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (RecordingReader reader = RecordingReader.open(write("many.irec", 20_000, 64)))
        {
            final double[] row = new double[3];
            long best = Long.MAX_VALUE;
            double sum = 0;
            for (int round = 0; round < 8; round++)
            {
                reader.seek(0);
                final long before = threads.getCurrentThreadAllocatedBytes();
                while (reader.next(row))
                {
                    sum += row[0];
                }
                best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(sum > 0);
            assertEquals(0, best, "bytes allocated reading 20 000 rows (best of 8 rounds)");
        }
    }

    @Test
    void shouldRefuseATruncatedRecordingNamingTheOffsetAndBlock() throws IOException
    {
        final Path path = write("cut.irec", 100, 10);
        final long size = Files.size(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            channel.truncate(size - 100);
        }
        final RecordingFormatException ex = assertThrows(RecordingFormatException.class, () -> RecordingReader.open(path));
        final int blockLength = 16 + 10 * 3 * 8;
        final long lastBlockOffset = 128 + 9L * blockLength;
        assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
        assertTrue(ex.getMessage().contains("block 9 at byte offset " + lastBlockOffset), ex.getMessage());
    }

    @Test
    void shouldRefuseACorruptedBlockNamingTheOffsetAndBlock() throws IOException
    {
        final Path path = write("flip.irec", 100, 10);
        final int blockLength = 16 + 10 * 3 * 8;
        final long damaged = 128 + 4L * blockLength + 100;
        flipByte(path, damaged);
        final RecordingFormatException ex = assertThrows(RecordingFormatException.class, () -> RecordingReader.open(path));
        assertTrue(ex.getMessage().contains("block 4 at byte offset " + (128 + 4L * blockLength) + " is damaged"),
            ex.getMessage());
    }

    @Test
    void shouldRefuseADamagedHeader() throws IOException
    {
        final Path path = write("head.irec", 10, 4);
        flipByte(path, 33);
        final RecordingFormatException ex = assertThrows(RecordingFormatException.class, () -> RecordingReader.open(path));
        assertTrue(ex.getMessage().contains("header CRC32C at byte offset 90"), ex.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotARecording() throws IOException
    {
        final Path path = dir.resolve("text.csv");
        Files.writeString(path, "timestamp,value\n2014-07-01 00:00:00,10844\n2014-07-01 00:30:00,8127\n");
        final RecordingFormatException ex = assertThrows(RecordingFormatException.class, () -> RecordingReader.open(path));
        assertTrue(ex.getMessage().contains("not an Ironloop recording"), ex.getMessage());
        Files.write(path, new byte[] {'I', 'R'});
        assertTrue(assertThrows(RecordingFormatException.class, () -> RecordingReader.open(path)).getMessage()
            .contains("truncated header"));
    }

    @Test
    void shouldRefuseAnUnknownVersion() throws IOException
    {
        final Path path = write("v2.irec", 10, 4);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(new byte[] {2, 0}), 4);
        }
        assertTrue(assertThrows(RecordingFormatException.class, () -> RecordingReader.open(path)).getMessage()
            .contains("version 2 at byte offset 4 is not supported"));
    }

    private static void flipByte(final Path path, final long offset) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte)(one.get(0) ^ 0x5A));
            one.rewind();
            channel.write(one, offset);
        }
    }
}
