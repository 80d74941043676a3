package io.ironloop.control.recording;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.ironloop.control.recording.RecordingFormat.*;

/**
 * Reads a recording through memory maps. {@link #open} checks the header, the file length and the
 * CRC32C of every block, and refuses a bad file with the byte offset and block at fault; after that
 * {@link #next(double[])} copies one row into the caller's array and allocates nothing, so a replay
 * never meets a damaged block half-way through.
 */
public final class RecordingReader implements AutoCloseable
{
    /** Largest mapped region: whole blocks up to 1 GiB, because one mapping is indexed by int. */
    private static final long REGION_BYTES = 1L << 30;

    private final RecordingHeader header;
    private final MappedByteBuffer[] mappings;
    private final UnsafeBuffer[] regions;
    private final int channelCount;
    private final int rowsPerBlock;
    private final int blockLength;
    private final int rowBytes;
    private final long blocksPerRegion;
    private final long rowCount;
    private long row;
    private UnsafeBuffer region;
    private int offset;
    private int rowsLeftInBlock;
    private boolean interrupted;

    private RecordingReader(
        final RecordingHeader header, final MappedByteBuffer[] mappings, final int blockLength, final long blocksPerRegion)
    {
        this.header = header;
        this.mappings = mappings;
        this.regions = new UnsafeBuffer[mappings.length];
        for (int i = 0; i < mappings.length; i++)
        {
            regions[i] = new UnsafeBuffer(mappings[i]);
        }
        this.channelCount = header.channelCount();
        this.rowsPerBlock = header.rowsPerBlock();
        this.blockLength = blockLength;
        this.rowBytes = channelCount * Double.BYTES;
        this.blocksPerRegion = blocksPerRegion;
        this.rowCount = header.rowCount();
        seek(0);
    }

    /** Opens and verifies {@code path}; a file that is not a whole, undamaged recording is refused. */
    public static RecordingReader open(final Path path) throws IOException
    {
        return open(path, REGION_BYTES);
    }

    /** As {@link #open(Path)}, with mapped regions of at most {@code regionBytes} (tests cross regions with small files). */
    static RecordingReader open(final Path path, final long regionBytes) throws IOException
    {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ))
        {
            final String name = path.toString();
            final long size = file.size();
            if (size < CHANNEL_TABLE_OFFSET)
            {
                throw new RecordingFormatException(name + ": truncated header: the file is " + size
                    + " bytes, the fixed header alone is " + CHANNEL_TABLE_OFFSET);
            }
            final CRC32C crc = new CRC32C();
            final UnsafeBuffer fixed = new UnsafeBuffer(read(file, 0, CHANNEL_TABLE_OFFSET));
            final int magic = fixed.getInt(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (magic != MAGIC)
            {
                throw new RecordingFormatException(name + ": not an Ironloop recording: bytes 0..3 are 0x"
                    + Integer.toHexString(Integer.reverseBytes(magic)) + ", expected 0x49524c52 (\"IRLR\")");
            }
            final int version = fixed.getShort(VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            if (version != VERSION)
            {
                throw new RecordingFormatException(name + ": recording format version " + version + " at byte offset "
                    + VERSION_OFFSET + " is not supported (this reader knows version " + VERSION + ")");
            }
            final int channelCount = fixed.getShort(CHANNEL_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final long headerLength = fixed.getInt(HEADER_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            if (headerLength < CHANNEL_TABLE_OFFSET || headerLength % HEADER_ALIGNMENT != 0 || headerLength > Integer.MAX_VALUE)
            {
                throw new RecordingFormatException(name + ": header length " + headerLength + " at byte offset "
                    + HEADER_LENGTH_OFFSET + " is not a multiple of " + HEADER_ALIGNMENT);
            }
            if (size < headerLength)
            {
                throw new RecordingFormatException(name + ": truncated header: the file is " + size
                    + " bytes, the header says it is " + headerLength);
            }
            final ByteBuffer headBytes = read(file, 0, (int)headerLength);
            final UnsafeBuffer head = new UnsafeBuffer(headBytes);
            final List<String> names = new ArrayList<>(channelCount);
            final List<String> units = new ArrayList<>(channelCount);
            int at = CHANNEL_TABLE_OFFSET;
            for (int c = 0; c < channelCount; c++)
            {
                for (int text = 0; text < 2; text++)
                {
                    final int length = at + 2 <= headerLength ? head.getShort(at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF : -1;
                    if (length < 0 || at + 2 + length + Integer.BYTES > headerLength)
                    {
                        throw new RecordingFormatException(name + ": channel table overruns the header at byte offset " + at
                            + " (channel " + c + " of " + channelCount + ", header length " + headerLength + ")");
                    }
                    final byte[] bytes = new byte[length];
                    head.getBytes(at + 2, bytes);
                    (text == 0 ? names : units).add(new String(bytes, StandardCharsets.UTF_8));
                    at += 2 + length;
                }
            }
            final int storedHeaderCrc = head.getInt(at, ByteOrder.LITTLE_ENDIAN);
            final int headerCrc = RecordingWriter.crc(crc, headBytes, 0, at);
            if (storedHeaderCrc != headerCrc)
            {
                throw new RecordingFormatException(name + ": header CRC32C at byte offset " + at + " is 0x"
                    + Integer.toHexString(storedHeaderCrc) + ", the header bytes 0.." + (at - 1) + " give 0x"
                    + Integer.toHexString(headerCrc) + ": the header is damaged");
            }
            final int blockLength = fixed.getInt(BLOCK_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int rowsPerBlock = fixed.getInt(ROWS_PER_BLOCK_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final boolean interrupted = (fixed.getInt(FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN) & FLAG_LIVE) != 0;
            final long storedRowCount = fixed.getLong(ROW_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final double rateHz = fixed.getDouble(RATE_HZ_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final long startEpochNs = fixed.getLong(START_TIME_NS_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (channelCount == 0 || rowsPerBlock < 1 || storedRowCount < 0 || !(rateHz > 0) || Double.isInfinite(rateHz)
                || (long)RecordingFormat.blockLength(channelCount, rowsPerBlock) != blockLength)
            {
                throw new RecordingFormatException(name + ": inconsistent header: " + channelCount + " channels, "
                    + rowsPerBlock + " rows per block, block length " + blockLength + ", " + storedRowCount + " rows, rate "
                    + rateHz + " Hz");
            }
            // A live recording that was never closed: its rows are those of its complete, undamaged blocks from the start.
            final long rowCount = interrupted ? recoverRows(file, crc, size, headerLength, blockLength, rowsPerBlock) : storedRowCount;
            final RecordingHeader header = new RecordingHeader(names, units, rateHz, startEpochNs, rowCount, rowsPerBlock);

            final long blocks = blockCount(rowCount, rowsPerBlock);
            final long expected = headerLength + blocks * blockLength;
            if (size < expected)
            {
                final long block = (size - headerLength) / blockLength;
                final long blockStart = headerLength + block * blockLength;
                throw new RecordingFormatException(name + ": truncated: the file is " + size + " bytes, " + rowCount
                    + " rows need " + expected + "; block " + block + " at byte offset " + blockStart + " has "
                    + (size - blockStart) + " of its " + blockLength + " bytes");
            }
            if (size > expected && !interrupted)
            {
                throw new RecordingFormatException(name + ": " + (size - expected) + " unexpected bytes after the last block, from byte offset "
                    + expected + " (the header says " + rowCount + " rows in " + blocks + " blocks)");
            }

            final long blocksPerRegion = Math.max(1, regionBytes / blockLength);
            final int regionCount = (int)blockCount(blocks, (int)Math.min(Integer.MAX_VALUE, blocksPerRegion));
            final MappedByteBuffer[] mappings = new MappedByteBuffer[regionCount];
            try
            {
                for (int r = 0; r < regionCount; r++)
                {
                    final long firstBlock = r * blocksPerRegion;
                    final long regionBlocks = Math.min(blocksPerRegion, blocks - firstBlock);
                    mappings[r] = file.map(FileChannel.MapMode.READ_ONLY, headerLength + firstBlock * blockLength,
                        regionBlocks * blockLength);
                    verify(name, crc, mappings[r], headerLength, firstBlock, regionBlocks, blockLength,
                        rowsPerBlock, rowCount);
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                unmap(mappings);
                throw ex;
            }
            final RecordingReader reader = new RecordingReader(header, mappings, blockLength, blocksPerRegion);
            reader.interrupted = interrupted;
            return reader;
        }
    }

    /**
     * Rows of an interrupted live recording: block after block from the first, as long as a block is whole, its
     * CRC32C and first-row index hold and the one before it was full; the first that fails ends the recording.
     */
    private static long recoverRows(final FileChannel file, final CRC32C crc, final long size, final long headerLength,
                                    final int blockLength, final int rowsPerBlock) throws IOException
    {
        long rows = 0;
        final long whole = (size - headerLength) / blockLength;
        for (long k = 0; k < whole; k++)
        {
            final ByteBuffer block = read(file, headerLength + k * blockLength, blockLength).order(ByteOrder.LITTLE_ENDIAN);
            final int stored = block.getInt(BLOCK_CRC_OFFSET);
            final int inBlock = block.getInt(BLOCK_ROWS_OFFSET);
            final long firstRow = block.getLong(BLOCK_FIRST_ROW_OFFSET);
            if (stored != RecordingWriter.crc(crc, block, BLOCK_ROWS_OFFSET, blockLength - BLOCK_ROWS_OFFSET)
                || inBlock < 1 || inBlock > rowsPerBlock || firstRow != k * rowsPerBlock)
            {
                break;
            }
            rows += inBlock;
            if (inBlock < rowsPerBlock)
            {
                break;
            }
        }
        return rows;
    }

    /** True when the file is a live recording that was never closed: it reads up to its last complete block. */
    public boolean interrupted()
    {
        return interrupted;
    }

    private static void verify(
        final String name,
        final CRC32C crc,
        final MappedByteBuffer mapping,
        final long headerLength,
        final long firstBlock,
        final long regionBlocks,
        final int blockLength,
        final int rowsPerBlock,
        final long rowCount) throws RecordingFormatException
    {
        final UnsafeBuffer region = new UnsafeBuffer(mapping);
        final ByteBuffer view = mapping.duplicate();
        for (long b = 0; b < regionBlocks; b++)
        {
            final long block = firstBlock + b;
            final int start = (int)(b * blockLength);
            final long fileOffset = headerLength + block * blockLength;
            final int stored = region.getInt(start + BLOCK_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int computed = RecordingWriter.crc(crc, view, start + BLOCK_ROWS_OFFSET, blockLength - BLOCK_ROWS_OFFSET);
            if (stored != computed)
            {
                throw new RecordingFormatException(name + ": block " + block + " at byte offset " + fileOffset
                    + " is damaged: its CRC32C is 0x" + Integer.toHexString(stored) + ", its bytes "
                    + (fileOffset + BLOCK_ROWS_OFFSET) + ".." + (fileOffset + blockLength - 1) + " give 0x"
                    + Integer.toHexString(computed));
            }
            final long firstRow = block * rowsPerBlock;
            final long rows = Math.min(rowsPerBlock, rowCount - firstRow);
            final int storedRows = region.getInt(start + BLOCK_ROWS_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final long storedFirstRow = region.getLong(start + BLOCK_FIRST_ROW_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (storedRows != rows || storedFirstRow != firstRow)
            {
                throw new RecordingFormatException(name + ": block " + block + " at byte offset " + fileOffset
                    + " holds rows " + storedFirstRow + "+" + storedRows + ", expected " + firstRow + "+" + rows
                    + " (blocks out of order, or a file spliced from two recordings)");
            }
        }
    }

    private static ByteBuffer read(final FileChannel file, final long position, final int length) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(length);
        while (bytes.hasRemaining())
        {
            if (file.read(bytes, position + bytes.position()) < 0)
            {
                throw new RecordingFormatException("unexpected end of file at byte offset " + (position + bytes.position()));
            }
        }
        return bytes;
    }

    public RecordingHeader header()
    {
        return header;
    }

    /** Index of the row the next {@link #next(double[])} returns. */
    public long position()
    {
        return row;
    }

    /** Moves to row {@code rowIndex} (0 rewinds; {@code rowCount} is the end). */
    public void seek(final long rowIndex)
    {
        if (rowIndex < 0 || rowIndex > rowCount)
        {
            throw new IndexOutOfBoundsException("row " + rowIndex + " of " + rowCount);
        }
        row = rowIndex;
        if (rowIndex == rowCount)
        {
            rowsLeftInBlock = 0;
            return;
        }
        final long block = rowIndex / rowsPerBlock;
        final int inBlock = (int)(rowIndex - block * rowsPerBlock);
        region = regions[(int)(block / blocksPerRegion)];
        offset = (int)((block % blocksPerRegion) * blockLength) + BLOCK_PAYLOAD_OFFSET + inBlock * rowBytes;
        rowsLeftInBlock = rowsPerBlock - inBlock;
    }

    /**
     * Copies the next row into {@code row[0..channelCount)} and returns true, or returns false at the
     * end of the recording. Allocates nothing.
     */
    public boolean next(final double[] values)
    {
        if (row >= rowCount)
        {
            return false;
        }
        if (rowsLeftInBlock == 0)
        {
            seek(row);
        }
        final UnsafeBuffer buffer = region;
        int at = offset;
        for (int c = 0; c < channelCount; c++)
        {
            values[c] = buffer.getDouble(at, ByteOrder.LITTLE_ENDIAN);
            at += Double.BYTES;
        }
        offset = at;
        rowsLeftInBlock--;
        row++;
        return true;
    }

    @Override
    public void close()
    {
        unmap(mappings);
    }

    private static void unmap(final MappedByteBuffer[] mappings)
    {
        for (int i = 0; i < mappings.length; i++)
        {
            if (mappings[i] != null)
            {
                IoUtil.unmap(mappings[i]);
                mappings[i] = null;
            }
        }
    }
}
