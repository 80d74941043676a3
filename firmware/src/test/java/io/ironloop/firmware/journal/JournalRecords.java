package io.ironloop.firmware.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records with recognisable contents for the journal tests, and the checks on reading them back. */
final class JournalRecords
{
    static final byte[] TOPIC = "ironloop/pump-station/telemetry".getBytes(StandardCharsets.US_ASCII);
    static final long EPOCH_BASE_NS = 1_764_633_600_000_000_000L;

    private JournalRecords()
    {
    }

    static JournalConfig config(final Path directory)
    {
        return new JournalConfig().directory(directory).segmentBytes(64 * 1024).maxBytes(1024 * 1024)
            .maxRecordBytes(1024).writeBufferBytes(16 * 1024).fsync(false).fsyncIntervalNs(0);
    }

    static byte[] payload(final long sequence)
    {
        // Lengths vary so records do not all line up on the same offsets.
        final StringBuilder text = new StringBuilder("{\"seq\":").append(sequence).append(",\"pad\":\"");
        for (long i = 0; i < sequence % 13; i++)
        {
            text.append('x');
        }
        return text.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    static long append(final Journal journal, final long nowNs, final long sequence)
    {
        final byte[] payload = payload(sequence);
        return journal.append(nowNs, EPOCH_BASE_NS + sequence, TOPIC, TOPIC.length, payload, 0, payload.length);
    }

    static void appendAll(final Journal journal, final long from, final long to)
    {
        for (long sequence = from; sequence < to; sequence++)
        {
            assertEquals(sequence, append(journal, sequence, sequence));
        }
    }

    static void assertRecord(final Journal journal, final JournalRecord record, final long sequence)
    {
        assertTrue(journal.read(sequence, record), "record " + sequence + " is readable");
        assertEquals(sequence, record.sequence());
        assertEquals(EPOCH_BASE_NS + sequence, record.timestampNs());
        final byte[] topic = new byte[record.topicLength()];
        record.buffer().getBytes(record.topicOffset(), topic);
        assertArrayEquals(TOPIC, topic);
        final byte[] payload = new byte[record.payloadLength()];
        record.buffer().getBytes(record.payloadOffset(), payload);
        assertArrayEquals(payload(sequence), payload, "payload of " + sequence);
    }
}
