package io.ironloop.firmware.sparkplug;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The birth/death sequence number (bdSeq, 0-255) of the last MQTT CONNECT, kept in a file of the state
 * directory so that it goes on increasing across restarts (spec topics-nbirth-bdseq-increment: the rule
 * most edge nodes break). {@link #next} is called once per CONNECT, before the CONNECT is sent, and writes
 * the new value durably (temporary file, fsync, atomic rename): after a power cut the next CONNECT never
 * repeats a bdSeq that a Will may already carry. A file that cannot be read or written leaves the
 * sequence in memory, counted in {@link #writeFailures} and logged by the caller.
 */
public final class BdSeqStore
{
    private final Path file;
    private int last;
    private long writeFailures;
    private String lastProblem;

    /** @param file where the value lives, or null to keep it in memory only */
    public BdSeqStore(final Path file)
    {
        this.file = file;
        this.last = read(file);
    }

    /** The file of a machine's bdSeq in a state directory. */
    public static Path fileFor(final Path stateDirectory, final String machine)
    {
        return stateDirectory.resolve("sparkplug").resolve(machine + ".bdseq");
    }

    private int read(final Path path)
    {
        if (path == null || !Files.isRegularFile(path))
        {
            return -1;
        }
        try
        {
            final String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            final int value = Integer.parseInt(text);
            return value >= 0 && value <= 255 ? value : -1;
        }
        catch (final IOException | NumberFormatException ex)
        {
            lastProblem = "cannot read " + path + ": " + ex.getMessage() + "; bdSeq starts at 0";
            return -1;
        }
    }

    /** The bdSeq for the CONNECT about to be sent: one more than the last (255 wraps to 0; 0 the very first time). */
    public synchronized int next()
    {
        last = (last + 1) & 0xFF;
        write(last);
        return last;
    }

    /** The bdSeq of the latest CONNECT, -1 before the first. */
    public synchronized int current()
    {
        return last;
    }

    private void write(final int value)
    {
        if (file == null)
        {
            return;
        }
        try
        {
            Files.createDirectories(file.getParent());
            final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                channel.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            try
            {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException ex)
        {
            writeFailures++;
            lastProblem = "cannot write " + file + ": " + ex.getMessage();
        }
    }

    public synchronized long writeFailures()
    {
        return writeFailures;
    }

    /** The latest read or write problem, or null. */
    public synchronized String lastProblem()
    {
        return lastProblem;
    }

    public Path file()
    {
        return file;
    }
}
