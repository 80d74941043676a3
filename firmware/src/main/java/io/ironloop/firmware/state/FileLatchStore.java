package io.ironloop.firmware.state;

import io.ironloop.control.loop.LatchStore;
import io.ironloop.control.mode.TransitionCause;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latched trips of one machine in a small text file in the state directory, one line per latched
 * loop: {@code loopId cause detail timeNs}. Every change rewrites the whole file the crash-safe way:
 * write a temporary file beside it, fsync it, rename it over the old one atomically, fsync the
 * directory. So after a power cut the file is either the old or the new list, never half of one.
 * Called by the transition logger thread (and at start-up); never by the control thread.
 */
public final class FileLatchStore implements LatchStore
{
    private static final String HEADER = "# ironloop latched trips: loopId cause detail timeNs";

    private final Path file;
    private final Map<String, Latch> latches = new LinkedHashMap<>();

    /**
     * Opens (and creates) {@code directory} and reads the latches of {@code machineName} from it.
     *
     * @throws IOException when the directory cannot be created or the file cannot be read
     */
    public FileLatchStore(final Path directory, final String machineName) throws IOException
    {
        Files.createDirectories(directory);
        this.file = directory.resolve(fileName(machineName));
        if (Files.exists(file))
        {
            read(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
    }

    /** The file for a machine: its name with anything but letters, digits, '-', '_' and '.' replaced, so it stays in the directory. */
    static String fileName(final String machineName)
    {
        final String safe = machineName == null || machineName.isEmpty() ? "machine" : machineName.replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.startsWith(".") ? "_" + safe : safe) + ".latches";
    }

    private void read(final List<String> lines)
    {
        for (final String line : lines)
        {
            final String text = line.strip();
            if (text.isEmpty() || text.startsWith("#"))
            {
                continue;
            }
            final String[] parts = text.split("\\s+");
            if (parts.length != 4)
            {
                continue; // a line we did not write: ignore it rather than refuse to start
            }
            try
            {
                final TransitionCause cause = TransitionCause.valueOf(parts[1]);
                latches.put(parts[0], new Latch(parts[0], cause, Integer.parseInt(parts[2]), Long.parseLong(parts[3])));
            }
            catch (final IllegalArgumentException ex)
            {
                // Unknown cause or a bad number: still a latch; an unreadable cause is reported as RESTORED.
                latches.put(parts[0], new Latch(parts[0], TransitionCause.RESTORED, 0, 0L));
            }
        }
    }

    /** The file the latches are kept in. */
    public Path file()
    {
        return file;
    }

    @Override
    public synchronized void record(final String loopId, final TransitionCause cause, final int detail, final long timeNs)
    {
        latches.put(loopId, new Latch(loopId, cause, detail, timeNs));
        write();
    }

    @Override
    public synchronized void clear(final String loopId)
    {
        if (latches.remove(loopId) != null)
        {
            write();
        }
    }

    @Override
    public synchronized Map<String, Latch> load()
    {
        return Map.copyOf(latches);
    }

    private void write()
    {
        final StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (final Latch latch : latches.values())
        {
            text.append(latch.loopId()).append(' ').append(latch.cause().name()).append(' ').append(latch.detail()).append(' ')
                .append(latch.timeNs()).append('\n');
        }
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.getParent());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static void syncDirectory(final Path directory)
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Not every file system lets a directory be opened for fsync; the rename itself is still atomic.
        }
    }
}
