package io.ironloop.control.runtime;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Maps a {@link CountersFile} written by another process, read-only. Opening waits for the header to
 * be published (version set last by the writer), checks the version and that the file is as long as
 * the header says, and only then maps the counters; until then it retries, and gives up with an
 * {@link IOException} rather than read a half-written layout. Every field read from the file is checked
 * before use (the header's lengths at open, each record's state and label length as it is read), so a corrupt or
 * hostile file is a {@link CorruptCountersFile} naming the offset and field, never an out-of-memory
 * error or an index exception.
 */
public final class CountersFileReader implements AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader counters;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;
    private final long pid;
    private final long startTimeMs;

    private CountersFileReader(final Path file, final MappedByteBuffer mapped, final int metadataLength, final int valuesLength)
    {
        this.file = file;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
        this.metadata = new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH, metadataLength);
        this.values = new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH + metadataLength, valuesLength);
        this.counters = new CountersReader(metadata, values, StandardCharsets.US_ASCII);
        this.pid = header.getLong(CountersFile.PID_OFFSET);
        this.startTimeMs = header.getLong(CountersFile.START_TIME_MS_OFFSET);
    }

    /** Opens a counters file, retrying every 10 ms for up to {@code timeoutMs} while it is not yet published. */
    public static CountersFileReader open(final Path file, final long timeoutMs) throws IOException
    {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        return open(file, () ->
        {
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(10_000_000L);
            return true;
        });
    }

    /**
     * Opens a counters file; while it is not yet published, asks {@code retry} whether to try again
     * (it may wait first) and fails when it says no.
     */
    public static CountersFileReader open(final Path file, final Retry retry) throws IOException
    {
        String why = "not published";
        do
        {
            if (!Files.exists(file))
            {
                throw new NoSuchFileException(file.toString(), null, "no counters file");
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
            {
                final long length = raf.length();
                if (length < CountersFile.HEADER_LENGTH)
                {
                    why = "header not yet written";
                    continue;
                }
                final MappedByteBuffer mapped = raf.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, length);
                final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
                final int version = header.getIntVolatile(CountersFile.VERSION_OFFSET);
                if (version == 0)
                {
                    IoUtil.unmap(mapped);
                    why = "header not yet published";
                    continue;
                }
                try
                {
                    // The records are checked as they are read (forEachCounter): a writer adds counters while we read.
                    return checkHeader(file, header, version, length, mapped);
                }
                catch (final CorruptCountersFile ex)
                {
                    IoUtil.unmap(mapped);
                    throw ex;
                }
            }
        }
        while (retry.again());
        throw new IOException(file + ": " + why + " (is the firmware still starting?)");
    }

    private static CountersFileReader checkHeader(
        final Path file, final UnsafeBuffer header, final int version, final long length, final MappedByteBuffer mapped)
        throws CorruptCountersFile
    {
        if (version != CountersFile.VERSION)
        {
            throw new CorruptCountersFile(file, CountersFile.VERSION_OFFSET, "layout version",
                "version " + version + ", this reader knows " + CountersFile.VERSION);
        }
        final int metadataLength = header.getInt(CountersFile.METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(CountersFile.VALUES_LENGTH_OFFSET);
        if (metadataLength <= 0 || metadataLength % CountersReader.METADATA_LENGTH != 0)
        {
            throw new CorruptCountersFile(file, CountersFile.METADATA_LENGTH_OFFSET, "metadata length",
                metadataLength + " bytes, must be a positive multiple of " + CountersReader.METADATA_LENGTH);
        }
        if (valuesLength <= 0 || valuesLength % CountersReader.COUNTER_LENGTH != 0)
        {
            throw new CorruptCountersFile(file, CountersFile.VALUES_LENGTH_OFFSET, "values length",
                valuesLength + " bytes, must be a positive multiple of " + CountersReader.COUNTER_LENGTH);
        }
        if (metadataLength / CountersReader.METADATA_LENGTH != valuesLength / CountersReader.COUNTER_LENGTH)
        {
            throw new CorruptCountersFile(file, CountersFile.VALUES_LENGTH_OFFSET, "values length",
                valuesLength + " bytes hold " + valuesLength / CountersReader.COUNTER_LENGTH + " counters but the metadata length "
                + metadataLength + " holds " + metadataLength / CountersReader.METADATA_LENGTH);
        }
        if ((long)CountersFile.HEADER_LENGTH + metadataLength + valuesLength > length)
        {
            throw new CorruptCountersFile(file, CountersFile.METADATA_LENGTH_OFFSET, "metadata and values lengths",
                "header says " + metadataLength + " + " + valuesLength + " bytes of counters but the file holds " + length);
        }
        return new CountersFileReader(file, mapped, metadataLength, valuesLength);
    }

    /** Receives one counter of {@link #forEachCounter}. */
    @FunctionalInterface
    public interface CounterVisitor
    {
        void accept(int counterId, int typeId, String label, long value);
    }

    /**
     * Visits each allocated counter in id order, checking each record before reading it (Agrona's own reader trusts the
     * label length and allocates whatever it says).
     */
    public void forEachCounter(final CounterVisitor visitor) throws CorruptCountersFile
    {
        final int records = metadata.capacity() / CountersReader.METADATA_LENGTH;
        for (int counterId = 0; counterId < records; counterId++)
        {
            final int offset = counterId * CountersReader.METADATA_LENGTH;
            final int state = metadata.getIntVolatile(offset);
            if (state == CountersReader.RECORD_UNUSED)
            {
                return;
            }
            if (state == CountersReader.RECORD_RECLAIMED)
            {
                continue;
            }
            if (state != CountersReader.RECORD_ALLOCATED)
            {
                throw new CorruptCountersFile(file, fileOffset(offset), "state of counter " + counterId,
                    state + ", must be " + CountersReader.RECORD_UNUSED + " (unused), " + CountersReader.RECORD_ALLOCATED
                    + " (allocated) or " + CountersReader.RECORD_RECLAIMED + " (reclaimed)");
            }
            final int labelLength = metadata.getInt(offset + CountersReader.LABEL_OFFSET);
            if (labelLength < 0 || labelLength > CountersReader.MAX_LABEL_LENGTH)
            {
                throw new CorruptCountersFile(file, fileOffset(offset + CountersReader.LABEL_OFFSET), "label length of counter " + counterId,
                    labelLength + ", must be 0.." + CountersReader.MAX_LABEL_LENGTH);
            }
            final String label = metadata.getStringWithoutLengthAscii(offset + CountersReader.LABEL_OFFSET + Integer.BYTES, labelLength);
            visitor.accept(counterId, metadata.getInt(offset + CountersReader.TYPE_ID_OFFSET), label,
                values.getLongVolatile(counterId * CountersReader.COUNTER_LENGTH));
        }
    }

    private static long fileOffset(final int metadataOffset)
    {
        return (long)CountersFile.HEADER_LENGTH + metadataOffset;
    }

    /** Decides whether to try opening again; may wait before answering. */
    @FunctionalInterface
    public interface Retry
    {
        boolean again();
    }

    /** The counters, live. */
    public CountersReader counters()
    {
        return counters;
    }

    /** False once the writer has closed the file (clean shutdown). */
    public boolean isPublished()
    {
        return header.getIntVolatile(CountersFile.VERSION_OFFSET) == CountersFile.VERSION;
    }

    /** Whether the process that wrote the file is alive (a crashed firmware leaves its file behind). */
    public boolean isWriterAlive()
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public long pid()
    {
        return pid;
    }

    public long startTimeMs()
    {
        return startTimeMs;
    }

    public Path file()
    {
        return file;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
