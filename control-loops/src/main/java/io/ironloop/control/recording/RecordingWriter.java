package io.ironloop.control.recording;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

import static io.ironloop.control.recording.RecordingFormat.*;

/**
 * Writes a recording one row at a time without allocating per row. The file is written under a
 * temporary name and moved into place by {@link #close()}, once the header (row count, start time)
 * is final, so a conversion that fails half-way never leaves a file that looks complete.
 */
public final class RecordingWriter implements AutoCloseable
{
    private final Path path;
    private final Path partial;
    private final FileChannel channel;
    private final String[] names;
    private final String[] units;
    private double rateHz;
    private final int channelCount;
    private final int rowsPerBlock;
    private final int blockLength;
    private final int headerLength;
    private final ByteBuffer block;
    private final UnsafeBuffer blockBuffer;
    private final CRC32C crc = new CRC32C();
    private long startEpochNs;
    private long rowCount;
    private int rowsInBlock;
    private boolean closed;
    private final boolean live;

    private RecordingWriter(
        final Path path, final String[] names, final String[] units, final double rateHz, final int rowsPerBlock)
        throws IOException
    {
        this(path, names, units, rateHz, rowsPerBlock, false);
    }

    private RecordingWriter(
        final Path path, final String[] names, final String[] units, final double rateHz, final int rowsPerBlock, final boolean live)
        throws IOException
    {
        new RecordingHeader(List.of(names), List.of(units), rateHz, 0, 0, rowsPerBlock);
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES
                || units[i].getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES)
            {
                throw new IllegalArgumentException("channel name or unit longer than " + MAX_TEXT_BYTES + " bytes: " + names[i]);
            }
        }
        this.path = path;
        this.live = live;
        this.partial = live ? path : path.resolveSibling(path.getFileName() + ".partial");
        this.names = names.clone();
        this.units = units.clone();
        this.rateHz = rateHz;
        this.channelCount = names.length;
        this.rowsPerBlock = rowsPerBlock;
        this.blockLength = RecordingFormat.blockLength(channelCount, rowsPerBlock);
        this.headerLength = RecordingFormat.headerLength(headerContentLength(names, units));
        this.block = BufferUtil.allocateDirectAligned(blockLength, 64).order(ByteOrder.LITTLE_ENDIAN);
        this.blockBuffer = new UnsafeBuffer(block);
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        channel.position(headerLength);
        if (live)
        {
            // The header first, flagged live: a run that is killed leaves a file whose complete blocks still read.
            channel.write(header(FLAG_LIVE), 0);
        }
    }

    /**
     * Opens {@code path} for a live recording (a running machine): the header is written at once, flagged
     * {@link RecordingFormat#FLAG_LIVE}, and each block as it fills; {@link #close} writes the last, partial
     * block and the final header. A run interrupted before that leaves a file whose complete blocks read.
     */
    public static RecordingWriter createLive(final Path path, final String[] names, final String[] units, final double rateHz,
                                             final int rowsPerBlock) throws IOException
    {
        if (rowsPerBlock < 1 || RecordingFormat.blockLength(names.length, rowsPerBlock) < 0)
        {
            throw new IllegalArgumentException("rowsPerBlock must be at least 1 and a block at most 2 GiB, got " + rowsPerBlock);
        }
        return new RecordingWriter(path, names, units, rateHz, rowsPerBlock, true);
    }

    /** Opens {@code path} for writing with the default block size. */
    public static RecordingWriter create(final Path path, final String[] names, final String[] units, final double rateHz)
        throws IOException
    {
        return new RecordingWriter(path, names, units, rateHz, RecordingFormat.rowsPerBlock(names.length));
    }

    /** Opens {@code path} for writing with {@code rowsPerBlock} rows per block (tests use small blocks). */
    public static RecordingWriter create(
        final Path path, final String[] names, final String[] units, final double rateHz, final int rowsPerBlock)
        throws IOException
    {
        if (rowsPerBlock < 1 || RecordingFormat.blockLength(names.length, rowsPerBlock) < 0)
        {
            throw new IllegalArgumentException("rowsPerBlock must be at least 1 and a block at most 2 GiB, got " + rowsPerBlock);
        }
        return new RecordingWriter(path, names, units, rateHz, rowsPerBlock);
    }

    /** Wall-clock time of the first row, nanoseconds since the Unix epoch (0 when unknown). */
    public void startEpochNs(final long startEpochNs)
    {
        this.startEpochNs = startEpochNs;
    }

    /** Rows per second, when it is known only once every row is written (a rate taken from timestamps). */
    public void rateHz(final double rateHz)
    {
        if (!(rateHz > 0) || Double.isInfinite(rateHz))
        {
            throw new IllegalArgumentException("rate must be a positive number of Hz, got " + rateHz);
        }
        this.rateHz = rateHz;
    }

    public int channelCount()
    {
        return channelCount;
    }

    public long rowCount()
    {
        return rowCount;
    }

    /** Appends one row: the first {@link #channelCount()} values of {@code row}. */
    public void append(final double[] row) throws IOException
    {
        int offset = BLOCK_PAYLOAD_OFFSET + rowsInBlock * channelCount * Double.BYTES;
        for (int c = 0; c < channelCount; c++)
        {
            blockBuffer.putDouble(offset, row[c], ByteOrder.LITTLE_ENDIAN);
            offset += Double.BYTES;
        }
        rowCount++;
        if (++rowsInBlock == rowsPerBlock)
        {
            writeBlock();
        }
    }

    private void writeBlock() throws IOException
    {
        final long firstRow = rowCount - rowsInBlock;
        blockBuffer.setMemory(BLOCK_PAYLOAD_OFFSET + rowsInBlock * channelCount * Double.BYTES,
            (rowsPerBlock - rowsInBlock) * channelCount * Double.BYTES, (byte)0);
        blockBuffer.putInt(BLOCK_ROWS_OFFSET, rowsInBlock, ByteOrder.LITTLE_ENDIAN);
        blockBuffer.putLong(BLOCK_FIRST_ROW_OFFSET, firstRow, ByteOrder.LITTLE_ENDIAN);
        blockBuffer.putInt(BLOCK_CRC_OFFSET, crc(crc, block, BLOCK_ROWS_OFFSET, blockLength - BLOCK_ROWS_OFFSET),
            ByteOrder.LITTLE_ENDIAN);
        block.clear();
        while (block.hasRemaining())
        {
            channel.write(block);
        }
        rowsInBlock = 0;
    }

    /**
     * CRC32C of {@code length} bytes of {@code bytes} from {@code offset}; moves the buffer's position
     * and limit. java.util.zip rather than Agrona's Crc32c, which needs java.util.zip opened to it.
     */
    static int crc(final CRC32C crc, final ByteBuffer bytes, final int offset, final int length)
    {
        crc.reset();
        bytes.limit(offset + length).position(offset);
        crc.update(bytes);
        return (int)crc.getValue();
    }

    /** Writes the last block and the header, then moves the file to its name. */
    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try (channel)
        {
            if (rowsInBlock > 0)
            {
                writeBlock();
            }
            final ByteBuffer header = header(0);
            // No fsync for a conversion: a file torn by a power cut fails its length or CRC check when opened, and
            // syncing cost more than converting a small file. A live recording syncs its blocks before the
            // header that vouches for them, so a power cut never leaves a final header over missing blocks.
            if (live)
            {
                channel.force(false);
            }
            channel.write(header, 0);
            if (live)
            {
                channel.force(false);
            }
        }
        if (!live)
        {
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private ByteBuffer header(final int flags)
    {
        {
            final ByteBuffer header = ByteBuffer.allocateDirect(headerLength).order(ByteOrder.LITTLE_ENDIAN);
            final UnsafeBuffer h = new UnsafeBuffer(header);
            h.putInt(MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
            h.putShort(VERSION_OFFSET, (short)VERSION, ByteOrder.LITTLE_ENDIAN);
            h.putShort(CHANNEL_COUNT_OFFSET, (short)channelCount, ByteOrder.LITTLE_ENDIAN);
            h.putInt(HEADER_LENGTH_OFFSET, headerLength, ByteOrder.LITTLE_ENDIAN);
            h.putInt(BLOCK_LENGTH_OFFSET, blockLength, ByteOrder.LITTLE_ENDIAN);
            h.putInt(ROWS_PER_BLOCK_OFFSET, rowsPerBlock, ByteOrder.LITTLE_ENDIAN);
            h.putInt(FLAGS_OFFSET, flags, ByteOrder.LITTLE_ENDIAN);
            h.putLong(ROW_COUNT_OFFSET, (flags & FLAG_LIVE) != 0 ? 0 : rowCount, ByteOrder.LITTLE_ENDIAN);
            h.putDouble(RATE_HZ_OFFSET, rateHz, ByteOrder.LITTLE_ENDIAN);
            h.putLong(START_TIME_NS_OFFSET, startEpochNs, ByteOrder.LITTLE_ENDIAN);
            int offset = CHANNEL_TABLE_OFFSET;
            for (int i = 0; i < channelCount; i++)
            {
                offset = putText(h, offset, names[i]);
                offset = putText(h, offset, units[i]);
            }
            h.putInt(offset, crc(crc, header, 0, offset), ByteOrder.LITTLE_ENDIAN);
            header.clear();
            return header;
        }
    }

    /** Closes and deletes the unfinished file: for a conversion that found bad input. */
    public void abandon()
    {
        closed = true;
        if (live)
        {
            // A live recording keeps what it has: its complete blocks read (the header stays flagged live).
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // the file is already as good as it will get
            }
            return;
        }
        try
        {
            channel.close();
            Files.deleteIfExists(partial);
        }
        catch (final IOException ignored)
        {
            // nothing useful to do: the partial file has a name that says what it is
        }
    }

    private static int putText(final UnsafeBuffer buffer, final int offset, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.putShort(offset, (short)bytes.length, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(offset + 2, bytes);
        return offset + 2 + bytes.length;
    }
}
