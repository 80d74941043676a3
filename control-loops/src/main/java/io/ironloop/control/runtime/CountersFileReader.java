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
 * {@link IOException} rather than read a half-written layout.
 */
public final class CountersFileReader implements AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader counters;
    private final long pid;
    private final long startTimeMs;

    private CountersFileReader(final Path file, final MappedByteBuffer mapped, final int metadataLength, final int valuesLength)
    {
        this.file = file;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
        this.counters = new CountersReader(
            new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH + metadataLength, valuesLength),
            StandardCharsets.US_ASCII);
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
                if (version != CountersFile.VERSION)
                {
                    IoUtil.unmap(mapped);
                    throw new IOException(file + ": counters layout version " + version + ", this reader knows "
                        + CountersFile.VERSION);
                }
                final int metadataLength = header.getInt(CountersFile.METADATA_LENGTH_OFFSET);
                final int valuesLength = header.getInt(CountersFile.VALUES_LENGTH_OFFSET);
                if (metadataLength <= 0 || valuesLength <= 0
                    || (long)CountersFile.HEADER_LENGTH + metadataLength + valuesLength > length)
                {
                    IoUtil.unmap(mapped);
                    throw new IOException(file + ": header says " + metadataLength + " + " + valuesLength
                        + " bytes of counters but the file holds " + length);
                }
                return new CountersFileReader(file, mapped, metadataLength, valuesLength);
            }
        }
        while (retry.again());
        throw new IOException(file + ": " + why + " (is the firmware still starting?)");
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
