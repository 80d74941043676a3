package io.ironloop.control.runtime;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldLetAReaderSeeCountersByLabelAndType() throws IOException
    {
        final Path path = CountersFile.fileFor(dir, "pump");
        try (CountersFile file = CountersFile.create(path, 16))
        {
            final AtomicCounter cycles = file.manager().newCounter("control cycles", CounterTypes.CONTROL_CYCLES);
            cycles.setRelease(42);
            try (CountersFileReader reader = CountersFileReader.open(path, 0))
            {
                assertTrue(reader.isPublished());
                assertTrue(reader.isWriterAlive());
                assertEquals(ProcessHandle.current().pid(), reader.pid());
                final int id = cycles.id();
                assertEquals("control cycles", reader.counters().getCounterLabel(id));
                assertEquals(CounterTypes.CONTROL_CYCLES, reader.counters().getCounterTypeId(id));
                assertEquals(42, reader.counters().getCounterValue(id));
                cycles.incrementRelease();
                assertEquals(43, reader.counters().getCounterValue(id));
            }
        }
    }

    @Test
    void shouldStayInvisibleToReadersUntilEveryCounterIsAllocated() throws IOException
    {
        final Path path = CountersFile.fileFor(dir, "pump");
        try (CountersFile file = CountersFile.createUnpublished(path, 16))
        {
            file.manager().newCounter("control cycles", CounterTypes.CONTROL_CYCLES);
            final IOException early = assertThrows(IOException.class, () -> CountersFileReader.open(path, 0));
            assertTrue(early.getMessage().contains("not yet published"), early.getMessage());
            assertEquals(-1, CountersFile.liveWriterPid(path));
            file.manager().newCounter("mqtt backlog", CounterTypes.MQTT_BACKLOG);
            file.publish();
            try (CountersFileReader reader = CountersFileReader.open(path, 0))
            {
                assertTrue(reader.isPublished());
                assertEquals("mqtt backlog", reader.counters().getCounterLabel(1));
            }
            assertEquals(ProcessHandle.current().pid(), CountersFile.liveWriterPid(path));
        }
    }

    @Test
    void shouldDeleteTheFileAndUnpublishOnClose() throws IOException
    {
        final Path path = CountersFile.fileFor(dir, "pump");
        final CountersFile file = CountersFile.create(path, 4);
        try (CountersFileReader reader = CountersFileReader.open(path, 0))
        {
            file.close();
            assertFalse(reader.isPublished());
        }
        assertFalse(Files.exists(path));
        assertFalse(Files.exists(path.getParent()));
        assertThrows(NoSuchFileException.class, () -> CountersFileReader.open(path, 0));
    }

    @Test
    void shouldRefuseAFileWhoseHeaderIsNotPublished() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        unpublishedFile(path, 4);
        final AtomicInteger attempts = new AtomicInteger();
        final IOException refused = assertThrows(IOException.class,
            () -> CountersFileReader.open(path, () -> attempts.incrementAndGet() < 3));
        assertTrue(refused.getMessage().contains("not yet published"), refused.getMessage());
        assertEquals(3, attempts.get());
    }

    @Test
    void shouldRefuseAFileShorterThanItsHeader() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        Files.write(path, new byte[16]);
        final IOException refused = assertThrows(IOException.class, () -> CountersFileReader.open(path, () -> false));
        assertTrue(refused.getMessage().contains("header not yet written"), refused.getMessage());
    }

    @Test
    void shouldWaitForTheHeaderToBePublishedAndThenRead() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        final int counters = 4;
        final MappedByteBuffer mapped = unpublishedFile(path, counters);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
        final AtomicInteger attempts = new AtomicInteger();
        try (CountersFileReader reader = CountersFileReader.open(path, () ->
        {
            // The writer finishes its layout while the reader is retrying.
            header.putInt(CountersFile.METADATA_LENGTH_OFFSET, CountersFile.metadataLength(counters));
            header.putInt(CountersFile.VALUES_LENGTH_OFFSET, CountersFile.valuesLength(counters));
            header.putIntRelease(CountersFile.VERSION_OFFSET, CountersFile.VERSION);
            return attempts.incrementAndGet() < 5;
        }))
        {
            assertEquals(1, attempts.get());
            assertTrue(reader.isPublished());
            assertEquals(counters - 1, reader.counters().maxCounterId());
        }
    }

    @Test
    void shouldRefuseAnUnknownVersionOrAHeaderThatOverstatesTheFile() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        final MappedByteBuffer mapped = unpublishedFile(path, 4);
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
        header.putIntRelease(CountersFile.VERSION_OFFSET, CountersFile.VERSION + 1);
        final IOException version = assertThrows(IOException.class, () -> CountersFileReader.open(path, 0));
        assertTrue(version.getMessage().contains("version"), version.getMessage());

        header.putInt(CountersFile.METADATA_LENGTH_OFFSET, CountersFile.metadataLength(400));
        header.putInt(CountersFile.VALUES_LENGTH_OFFSET, CountersFile.valuesLength(400));
        header.putIntRelease(CountersFile.VERSION_OFFSET, CountersFile.VERSION);
        final IOException length = assertThrows(IOException.class, () -> CountersFileReader.open(path, 0));
        assertTrue(length.getMessage().contains("file holds"), length.getMessage());
    }

    /** A file laid out to full size with a zero header, as a writer leaves it mid-start-up. */
    private static MappedByteBuffer unpublishedFile(final Path path, final int counters) throws IOException
    {
        Files.createDirectories(path.getParent());
        final long length = CountersFile.HEADER_LENGTH + CountersFile.metadataLength(counters) + CountersFile.valuesLength(counters);
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw"))
        {
            raf.setLength(length);
            return raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
    }

    @Test
    void shouldRefuseToReplaceAFilePublishedByALiveProcessButReplaceAStaleOne() throws IOException
    {
        final Path path = CountersFile.fileFor(dir, "pump");
        try (CountersFile first = CountersFile.create(path, 4))
        {
            final CountersFile.InUseException inUse = assertThrows(CountersFile.InUseException.class,
                () -> CountersFile.create(path, 4));
            assertEquals(ProcessHandle.current().pid(), inUse.pid());
            assertEquals(ProcessHandle.current().pid(), CountersFile.liveWriterPid(path));
        }
        final MappedByteBuffer stale = unpublishedFile(path, 4);
        final UnsafeBuffer header = new UnsafeBuffer(stale, 0, CountersFile.HEADER_LENGTH);
        header.putInt(CountersFile.METADATA_LENGTH_OFFSET, CountersFile.metadataLength(4));
        header.putInt(CountersFile.VALUES_LENGTH_OFFSET, CountersFile.valuesLength(4));
        header.putLong(CountersFile.PID_OFFSET, Long.MAX_VALUE);
        header.putIntRelease(CountersFile.VERSION_OFFSET, CountersFile.VERSION);
        assertEquals(-1, CountersFile.liveWriterPid(path), "the writer of a crashed run is not alive");
        try (CountersFile replacement = CountersFile.create(path, 4))
        {
            assertEquals(ProcessHandle.current().pid(), CountersFile.liveWriterPid(path));
        }
        assertFalse(Files.exists(path));
    }
}
