package io.ironloop.control.recording;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of an Ironloop recording (docs/RECORDING-FORMAT.md): a header, then fixed-size blocks
 * of row-major little-endian doubles, each block with its own CRC32C. Offsets here and in the
 * document must agree; the format tests pin them.
 */
public final class RecordingFormat
{
    /** "IRLR" as the first four bytes of the file. */
    public static final int MAGIC = 0x524C5249;
    /** Incremented on any change to the layout; readers refuse versions they do not know. */
    public static final int VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int CHANNEL_COUNT_OFFSET = 6;
    public static final int HEADER_LENGTH_OFFSET = 8;
    public static final int BLOCK_LENGTH_OFFSET = 12;
    public static final int ROWS_PER_BLOCK_OFFSET = 16;
    public static final int RESERVED_OFFSET = 20;
    /** The u32 at {@link #RESERVED_OFFSET} holds flags; version 1 writers of finished files write 0. */
    public static final int FLAGS_OFFSET = RESERVED_OFFSET;
    /**
     * Flag: a live recording, written block by block while a machine runs; its {@code rowCount} is 0 until the
     * writer closes it cleanly and clears the flag. A file still flagged was interrupted: readers take its
     * complete, undamaged blocks from the start and ignore the torn rest.
     */
    public static final int FLAG_LIVE = 1;
    public static final int ROW_COUNT_OFFSET = 24;
    public static final int RATE_HZ_OFFSET = 32;
    public static final int START_TIME_NS_OFFSET = 40;
    /** Channel table: per channel a u16 name length, the UTF-8 name, a u16 unit length, the UTF-8 unit. */
    public static final int CHANNEL_TABLE_OFFSET = 48;

    /** The header is padded to a multiple of this, so every block and every double is aligned. */
    public static final int HEADER_ALIGNMENT = 64;

    public static final int BLOCK_CRC_OFFSET = 0;
    public static final int BLOCK_ROWS_OFFSET = 4;
    public static final int BLOCK_FIRST_ROW_OFFSET = 8;
    /** First double of a block; the CRC covers every byte of the block after the CRC field. */
    public static final int BLOCK_PAYLOAD_OFFSET = 16;

    /** Blocks near this size: large enough that the per-block check costs nothing, small enough to keep damage local. */
    public static final int TARGET_BLOCK_BYTES = 64 * 1024;

    public static final int MAX_CHANNELS = 0xFFFF;
    public static final int MAX_TEXT_BYTES = 0xFFFF;

    private RecordingFormat()
    {
    }

    /** Rows per block for {@code channelCount} channels: at least one row, blocks near {@link #TARGET_BLOCK_BYTES}. */
    public static int rowsPerBlock(final int channelCount)
    {
        return Math.max(1, (TARGET_BLOCK_BYTES - BLOCK_PAYLOAD_OFFSET) / (channelCount * Double.BYTES));
    }

    /** Bytes of one block, or -1 when that would not fit an int (such a block cannot be mapped). */
    public static int blockLength(final int channelCount, final int rowsPerBlock)
    {
        final long length = BLOCK_PAYLOAD_OFFSET + (long)rowsPerBlock * channelCount * Double.BYTES;
        return length > Integer.MAX_VALUE ? -1 : (int)length;
    }

    /** Bytes of the header before padding: fixed part, channel table and its CRC32C. */
    public static int headerContentLength(final String[] names, final String[] units)
    {
        int length = CHANNEL_TABLE_OFFSET;
        for (int i = 0; i < names.length; i++)
        {
            length += 2 + names[i].getBytes(StandardCharsets.UTF_8).length + 2 + units[i].getBytes(StandardCharsets.UTF_8).length;
        }
        return length + Integer.BYTES;
    }

    /** Header length padded to {@link #HEADER_ALIGNMENT}. */
    public static int headerLength(final int contentLength)
    {
        return (contentLength + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT;
    }

    /** Number of blocks holding {@code rowCount} rows. */
    public static long blockCount(final long rowCount, final int rowsPerBlock)
    {
        return (rowCount + rowsPerBlock - 1) / rowsPerBlock;
    }
}
