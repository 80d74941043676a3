package io.ironloop.firmware.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One firmware per machine and per board: an exclusive lock on a file, held for the life of the
 * process. The kernel drops the lock when the process dies however it dies (kill -9 included), so a
 * crashed firmware never blocks its restart, while a live one refuses a second instance that would
 * drive the same outputs. The file names its holder (pid, machine, start time) for the refusal.
 * Lock files are never deleted: deleting one that another process has opened would let two processes
 * each hold a lock on a different inode.
 */
public final class InstanceLock implements AutoCloseable
{
    /**
     * Locks this JVM holds. Checked before a file is opened: on Linux closing any channel of a file
     * drops every lock the process holds on it, so a second open-and-close in this JVM would free the first.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(final Path file, final FileChannel channel, final FileLock lock)
    {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Another live process holds the lock. */
    public static final class HeldException extends IOException
    {
        private static final long serialVersionUID = 1L;

        HeldException(final String what, final Path file, final String holder)
        {
            super("another ironloop is already running " + what + ": " + (holder.isBlank() ? "holder unknown" : holder)
                + " (lock " + file + "); stop it first");
        }
    }

    /**
     * Takes the lock at {@code file} or refuses.
     *
     * @param what     what the lock guards, for the message ("machine 'pump-station'")
     * @param identity what this process writes into the file for a later refusal to name
     * @throws HeldException when another process (or this one) holds it
     */
    public static InstanceLock acquire(final Path file, final String what, final String identity) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        final Path key = file.toAbsolutePath().normalize();
        if (!HELD.add(key))
        {
            throw new HeldException(what, file, "this process (pid " + ProcessHandle.current().pid() + ")");
        }
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                throw new HeldException(what, file, readHolder(channel));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(identity.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new InstanceLock(key, channel, lock);
        }
        catch (final IOException | OverlappingFileLockException ex)
        {
            HELD.remove(key);
            if (channel != null)
            {
                channel.close();
            }
            if (ex instanceof OverlappingFileLockException)
            {
                throw new HeldException(what, file, "this process (pid " + ProcessHandle.current().pid() + ")");
            }
            throw (IOException)ex;
        }
    }

    /** The line a firmware writes into its locks. */
    public static String identity(final String machine)
    {
        return "pid " + ProcessHandle.current().pid() + ", machine '" + machine + "', started " + Instant.now() + "\n";
    }

    private static String readHolder(final FileChannel channel)
    {
        try
        {
            final ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer, 0);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    public Path file()
    {
        return file;
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            lock.release();
            channel.close();
        }
        finally
        {
            HELD.remove(file);
        }
    }
}
