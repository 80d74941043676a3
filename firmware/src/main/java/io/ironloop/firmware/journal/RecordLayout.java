package io.ironloop.firmware.journal;

/**
 * The bytes of a journal record and of a segment header, little-endian. A record:
 * <pre>
 *   0  int   frame length: header + topic + payload, without the padding
 *   4  int   CRC-32C of bytes [8, frame length)
 *   8  long  sequence
 *  16  long  timestamp, absolute epoch ns
 *  24  int   topic length
 *  28  int   payload length
 *  32  topic bytes (UTF-8), then payload bytes, then zero padding to a multiple of 8
 * </pre>
 * A segment starts with a 32-byte header: magic, version, first sequence. A zero frame length
 * ends a segment (a zero-filled tail); a frame whose length, CRC or sequence does not fit is a torn write.
 */
final class RecordLayout
{
    static final int FRAME_LENGTH_OFFSET = 0;
    static final int CRC_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 8;
    static final int TIMESTAMP_OFFSET = 16;
    static final int TOPIC_LENGTH_OFFSET = 24;
    static final int PAYLOAD_LENGTH_OFFSET = 28;
    static final int HEADER_LENGTH = 32;
    /** The CRC covers everything after itself: sequence, timestamp, lengths, topic, payload. */
    static final int CRC_START = SEQUENCE_OFFSET;
    static final int ALIGNMENT = 8;

    static final long SEGMENT_MAGIC = 0x314C4E524A4C5249L; // "IRLJRNL1" little-endian
    static final int SEGMENT_VERSION = 1;
    static final int SEGMENT_MAGIC_OFFSET = 0;
    static final int SEGMENT_VERSION_OFFSET = 8;
    static final int SEGMENT_FIRST_SEQUENCE_OFFSET = 16;

    /** Records of a segment between two entries of its offset index. */
    static final int INDEX_STRIDE = 64;

    private RecordLayout()
    {
    }

    static int alignedLength(final int frameLength)
    {
        return (frameLength + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
