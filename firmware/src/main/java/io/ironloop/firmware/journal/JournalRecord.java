package io.ironloop.firmware.journal;

import org.agrona.DirectBuffer;

/**
 * A flyweight over one record read back from the journal; valid until the next read. See
 * {@link RecordLayout} for the bytes.
 */
public final class JournalRecord
{
    private DirectBuffer buffer;
    private int offset;

    void wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
    }

    public long sequence()
    {
        return buffer.getLong(offset + RecordLayout.SEQUENCE_OFFSET);
    }

    /** When the record was appended, absolute epoch ns. */
    public long timestampNs()
    {
        return buffer.getLong(offset + RecordLayout.TIMESTAMP_OFFSET);
    }

    public int topicLength()
    {
        return buffer.getInt(offset + RecordLayout.TOPIC_LENGTH_OFFSET);
    }

    public int payloadLength()
    {
        return buffer.getInt(offset + RecordLayout.PAYLOAD_LENGTH_OFFSET);
    }

    /** The buffer holding the record; topic and payload are at {@link #topicOffset} and {@link #payloadOffset}. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int topicOffset()
    {
        return offset + RecordLayout.HEADER_LENGTH;
    }

    public int payloadOffset()
    {
        return topicOffset() + topicLength();
    }

    /** Copies the payload into {@code destination} at 0 and returns its length. */
    public int getPayload(final byte[] destination)
    {
        final int length = payloadLength();
        buffer.getBytes(payloadOffset(), destination, 0, length);
        return length;
    }
}
