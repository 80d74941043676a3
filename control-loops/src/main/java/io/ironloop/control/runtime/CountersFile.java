package io.ironloop.control.runtime;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The firmware's counters in a memory-mapped file that {@code ironloop stat} reads from another
 * process while the firmware runs, laid out like Aeron's {@code cnc.dat}:
 *
 * <pre>
 *   0  int  version         written LAST, with a release store: 0 means "not published yet"
 *   4  int  metadata length (bytes)
 *   8  int  values length   (bytes)
 *  16  long pid of the writer
 *  24  long start time, ms since the epoch
 * 128  counters metadata (labels, type ids)
 *  ... counters values
 * </pre>
 *
 * A reader ({@link CountersFileReader}) refuses the file until the version is set and checks it and
 * the lengths before mapping the rest, so it never sees a half-written layout. The writer deletes the
 * file on a clean close; a file left by a crashed firmware names a pid that is no longer alive.
 */
public final class CountersFile implements AutoCloseable
{
    /** Layout version; bump on any change to the header or the region order. */
    public static final int VERSION = 1;
    public static final int VERSION_OFFSET = 0;
    public static final int METADATA_LENGTH_OFFSET = 4;
    public static final int VALUES_LENGTH_OFFSET = 8;
    public static final int PID_OFFSET = 16;
    public static final int START_TIME_MS_OFFSET = 24;
    /** Header length: two cache lines, so the regions after it stay aligned. */
    public static final int HEADER_LENGTH = 128;
    /** Name of the file inside a machine's counters directory. */
    public static final String FILE_NAME = "counters.dat";
    /** System property naming the base directory (default: /dev/shm, else java.io.tmpdir). */
    public static final String DIR_PROPERTY = "ironloop.counters.dir";
    /** Prefix of a machine's directory under the base directory. */
    public static final String MACHINE_DIR_PREFIX = "ironloop-";

    private final Path file;
    private final MappedByteBuffer mapped;
    private final CountersManager manager;
    private final long pid;
    private final long startTimeMs;
    private boolean closed;

    private CountersFile(
        final Path file, final MappedByteBuffer mapped, final CountersManager manager, final long pid, final long startTimeMs)
    {
        this.file = file;
        this.mapped = mapped;
        this.manager = manager;
        this.pid = pid;
        this.startTimeMs = startTimeMs;
    }

    /**
     * Base directory of counters files: the {@value #DIR_PROPERTY} property, else {@code /dev/shm}
     * (memory, not disk) when it exists, else {@code java.io.tmpdir}.
     */
    public static Path baseDirectory()
    {
        final String property = System.getProperty(DIR_PROPERTY);
        if (property != null && !property.isBlank())
        {
            return Path.of(property);
        }
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The counters file of a machine under a base directory. */
    public static Path fileFor(final Path baseDirectory, final String machineName)
    {
        return baseDirectory.resolve(MACHINE_DIR_PREFIX + machineName).resolve(FILE_NAME);
    }

    /** Bytes of metadata per counter (label, key, type id). */
    public static int metadataLength(final int maxCounters)
    {
        return maxCounters * CountersReader.METADATA_LENGTH;
    }

    /** Bytes of values per counter (one cache-line padded long). */
    public static int valuesLength(final int maxCounters)
    {
        return maxCounters * CountersReader.COUNTER_LENGTH;
    }

    /**
     * Creates (replacing any stale file) and publishes a counters file with room for
     * {@code maxCounters} counters. Start-up only.
     */
    public static CountersFile create(final Path file, final int maxCounters) throws IOException
    {
        final CountersFile created = createUnpublished(file, maxCounters);
        created.publish();
        return created;
    }

    /**
     * Creates (replacing any stale file) a counters file that readers refuse until {@link #publish()},
     * so that nobody sees a layout with counters still missing. Start-up only.
     */
    public static CountersFile createUnpublished(final Path file, final int maxCounters) throws IOException
    {
        if (maxCounters < 1)
        {
            throw new IllegalArgumentException("maxCounters must be positive: " + maxCounters);
        }
        final int metadataLength = metadataLength(maxCounters);
        final int valuesLength = valuesLength(maxCounters);
        final long fileLength = (long)HEADER_LENGTH + metadataLength + valuesLength;
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        final long livePid = liveWriterPid(file);
        if (livePid != -1)
        {
            throw new InUseException(file, livePid);
        }
        // A new inode: a reader still mapping a previous run's file keeps reading that one, never a mix.
        Files.deleteIfExists(file);
        final MappedByteBuffer mapped;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(fileLength);
            mapped = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, fileLength);
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final UnsafeBuffer metadata = new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength);
        final UnsafeBuffer values = new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength);
        metadata.setMemory(0, metadataLength, (byte)0);
        values.setMemory(0, valuesLength, (byte)0);
        header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(START_TIME_MS_OFFSET, System.currentTimeMillis());
        final CountersManager manager = new CountersManager(metadata, values, StandardCharsets.US_ASCII);
        return new CountersFile(file, mapped, manager, ProcessHandle.current().pid(), header.getLong(START_TIME_MS_OFFSET));
    }

    /** The pid of a live process that has published {@code file}, or -1 (no file, unpublished, or its writer died). */
    public static long liveWriterPid(final Path file)
    {
        if (!Files.exists(file))
        {
            return -1;
        }
        try (CountersFileReader reader = CountersFileReader.open(file, () -> false))
        {
            return reader.isPublished() && reader.isWriterAlive() ? reader.pid() : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /** Another live process publishes counters at this path (two firmware instances for one machine). */
    public static final class InUseException extends IOException
    {
        private static final long serialVersionUID = 1L;
        private final long pid;

        InUseException(final Path file, final long pid)
        {
            super(file + " is in use by process " + pid + " (is another ironloop running this machine?)");
            this.pid = pid;
        }

        /** The process holding the file. */
        public long pid()
        {
            return pid;
        }
    }

    /** Makes the file visible to readers: call once every counter is allocated. */
    public void publish()
    {
        // Published last: a reader that sees the version sees every byte written before it.
        new UnsafeBuffer(mapped, 0, HEADER_LENGTH).putIntRelease(VERSION_OFFSET, VERSION);
    }

    /** The manager to allocate counters in. */
    public CountersManager manager()
    {
        return manager;
    }

    public Path file()
    {
        return file;
    }

    /** Whether the file at our path is the one we created (a stale-file cleanup by someone else may have replaced it). */
    private boolean isStillOurs() throws IOException
    {
        if (!Files.exists(file) || Files.size(file) < HEADER_LENGTH)
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            // The header is in the platform's byte order, as UnsafeBuffer wrote it.
            final ByteBuffer ids = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            while (ids.hasRemaining())
            {
                if (channel.read(ids, PID_OFFSET + ids.position()) < 0)
                {
                    return false;
                }
            }
            return ids.getLong(0) == pid && ids.getLong(8) == startTimeMs;
        }
    }

    /** Unpublishes, unmaps and deletes the file (and its directory when empty). */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        new UnsafeBuffer(mapped, 0, HEADER_LENGTH).putIntRelease(VERSION_OFFSET, 0);
        IoUtil.unmap(mapped);
        try
        {
            if (!isStillOurs())
            {
                return;
            }
            Files.deleteIfExists(file);
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null && parent.getFileName().toString().startsWith(MACHINE_DIR_PREFIX))
            {
                try (var entries = Files.list(parent))
                {
                    if (entries.findAny().isEmpty())
                    {
                        Files.deleteIfExists(parent);
                    }
                }
            }
        }
        catch (final IOException ignored)
        {
            // Best effort at shutdown: a leftover file names a dead pid and readers say so.
        }
    }
}
