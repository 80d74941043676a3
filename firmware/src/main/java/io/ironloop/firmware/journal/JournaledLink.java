package io.ironloop.firmware.journal;

import io.ironloop.firmware.mqtt.AcknowledgingLink;
import io.ironloop.firmware.mqtt.Acknowledgements;
import io.ironloop.firmware.mqtt.TelemetryLink;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * A {@link TelemetryLink} that journals every message before it is sent and releases it when the
 * broker acknowledges it, so the telemetry agent keeps its interface. Live messages go out first;
 * the backlog (everything unacknowledged from the watermark after a restart or reconnect, and
 * anything the link could not take) is read back from disk in order at a bounded rate, so a long
 * outage does not starve live data when the broker returns. When the journal cannot take a message
 * (full, failed) it is still sent live, unjournaled, and counted. Used by one thread (the telemetry agent).
 * <p>
 * Guarantee: at least once. A message can be sent twice (its acknowledgement was lost with a
 * connection, or a stale watermark after a restart); the receiver sees duplicates, never gaps, for
 * everything the journal committed.
 */
public final class JournaledLink implements TelemetryLink
{
    private static final Logger LOG = LoggerFactory.getLogger(JournaledLink.class);
    private static final int ACKNOWLEDGEMENT_LIMIT = 4096;
    /** Released records skipped per pump, so a long acknowledged stretch cannot stall one duty cycle. */
    private static final int SKIP_LIMIT = 4096;
    private static final int MAX_TOPICS = 16;

    private final Journal journal;
    private final AcknowledgingLink link;
    private final Acknowledgements acknowledgements;
    private final LongConsumer release;
    private final NanoClock clock;
    private final EpochNanoClock epochClock;
    private final long backlogPeriodNs;
    private final long backlogBurst;
    private final JournalRecord record = new JournalRecord();
    private final byte[] payload;
    private final String[] topics = new String[MAX_TOPICS];
    private final byte[][] topicBytes = new byte[MAX_TOPICS][];
    private int topicCount;

    // Records in [cursor, backlogEnd) are not yet sent on this connection; all others are sent or released.
    private long cursor;
    private long backlogEnd;
    private long seenConnections;
    private long allowanceNs;
    private long lastPumpNs;
    private boolean pumped;

    private long live;
    private long replayed;
    private long unjournaled;
    private long dropped;

    /**
     * @param backlogMessagesPerSecond rate at which the backlog is sent beside live data
     */
    public JournaledLink(
        final Journal journal,
        final AcknowledgingLink link,
        final Acknowledgements acknowledgements,
        final NanoClock clock,
        final EpochNanoClock epochClock,
        final double backlogMessagesPerSecond)
    {
        if (backlogMessagesPerSecond <= 0)
        {
            throw new IllegalArgumentException("backlogMessagesPerSecond must be positive: " + backlogMessagesPerSecond);
        }
        this.journal = journal;
        this.link = link;
        this.acknowledgements = acknowledgements;
        this.release = journal::acknowledge;
        this.clock = clock;
        this.epochClock = epochClock;
        this.payload = new byte[journal.maxRecordBytes()];
        this.backlogPeriodNs = Math.max(1, Math.round(1e9 / backlogMessagesPerSecond));
        // A tenth of a second's worth at once (at least one), so pump's duty cycle does not cap the rate.
        this.backlogBurst = Math.max(1, Math.round(backlogMessagesPerSecond / 10));
        this.cursor = journal.watermark();
        this.backlogEnd = journal.nextSequence();
    }

    @Override
    public boolean offer(final String topic, final byte[] payload, final int length)
    {
        final byte[] topicUtf8 = topicBytes(topic);
        final long sequence = journal.append(clock.nanoTime(), epochClock.nanoTime(), topicUtf8, topicUtf8.length, payload, 0, length);
        if (sequence < 0)
        {
            unjournaled++;
            if (link.isConnected() && link.publish(AcknowledgingLink.NO_SEQUENCE, topic, payload, length))
            {
                live++;
                return true;
            }
            dropped++;
            return false;
        }
        // Sending live while the link is down would only queue a copy the replay sends again.
        if (link.isConnected() && link.publish(sequence, topic, payload, length))
        {
            live++;
            if (cursor == backlogEnd)
            {
                cursor = sequence + 1;
                backlogEnd = sequence + 1;
            }
        }
        else
        {
            // Kept contiguous: live messages sent since the old end go again if not acknowledged by then.
            backlogEnd = sequence + 1;
        }
        return true;
    }

    @Override
    public int pump(final long nowNs)
    {
        int work = acknowledgements.drainTo(release, ACKNOWLEDGEMENT_LIMIT);
        work += link.pump(nowNs);
        if (link.isConnected())
        {
            final long connections = link.connections();
            if (connections != seenConnections)
            {
                seenConnections = connections;
                cursor = journal.watermark();
                backlogEnd = journal.nextSequence();
                if (cursor < backlogEnd)
                {
                    LOG.info("journal: connected, replaying {} unacknowledged messages from sequence {}", journal.backlogDepth(), cursor);
                }
            }
            work += replay(nowNs);
        }
        work += journal.poll(nowNs);
        return work;
    }

    private int replay(final long nowNs)
    {
        if (pumped)
        {
            allowanceNs = Math.min(backlogBurst * backlogPeriodNs, allowanceNs + (nowNs - lastPumpNs));
        }
        else
        {
            allowanceNs = backlogPeriodNs;
            pumped = true;
        }
        lastPumpNs = nowNs;
        if (cursor < journal.watermark())
        {
            cursor = journal.watermark();
        }
        int sent = 0;
        int skipped = 0;
        while (cursor < backlogEnd && allowanceNs >= backlogPeriodNs && skipped < SKIP_LIMIT)
        {
            if (journal.isReleased(cursor))
            {
                cursor++;
                skipped++;
                continue;
            }
            if (!journal.read(cursor, record))
            {
                cursor = Math.max(cursor + 1, journal.storedSequenceAtOrAfter(cursor + 1));
                skipped++;
                continue;
            }
            final int length = record.getPayload(payload);
            if (!link.publish(cursor, topicOf(record), payload, length))
            {
                break;
            }
            cursor++;
            replayed++;
            sent++;
            allowanceNs -= backlogPeriodNs;
        }
        if (cursor > backlogEnd)
        {
            backlogEnd = cursor;
        }
        return sent;
    }

    private byte[] topicBytes(final String topic)
    {
        for (int i = 0; i < topicCount; i++)
        {
            if (topics[i] == topic)
            {
                return topicBytes[i];
            }
        }
        // A topic seen for the first time (or an equal string from elsewhere): encoded once, kept while there is room.
        for (int i = 0; i < topicCount; i++)
        {
            if (topics[i].equals(topic))
            {
                return topicBytes[i];
            }
        }
        final byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        remember(topic, bytes);
        return bytes;
    }

    private String topicOf(final JournalRecord record)
    {
        final int length = record.topicLength();
        for (int i = 0; i < topicCount; i++)
        {
            final byte[] bytes = topicBytes[i];
            if (bytes.length == length && sameBytes(record, bytes))
            {
                return topics[i];
            }
        }
        final byte[] bytes = new byte[length];
        record.buffer().getBytes(record.topicOffset(), bytes);
        final String topic = new String(bytes, StandardCharsets.UTF_8);
        remember(topic, bytes);
        return topic;
    }

    private static boolean sameBytes(final JournalRecord record, final byte[] bytes)
    {
        final int offset = record.topicOffset();
        for (int i = 0; i < bytes.length; i++)
        {
            if (record.buffer().getByte(offset + i) != bytes[i])
            {
                return false;
            }
        }
        return true;
    }

    private void remember(final String topic, final byte[] bytes)
    {
        if (topicCount < MAX_TOPICS)
        {
            topics[topicCount] = topic;
            topicBytes[topicCount] = bytes;
            topicCount++;
        }
    }

    /** Messages not yet acknowledged by the broker (the journal's backlog). */
    @Override
    public int backlog()
    {
        return (int)Math.min(Integer.MAX_VALUE, journal.backlogDepth());
    }

    /** Age of the oldest unacknowledged message, ns (0 when there is none). */
    public long backlogAgeNs()
    {
        return journal.backlogAgeNs(epochClock.nanoTime());
    }

    @Override
    public boolean drain(final long timeoutMs)
    {
        // A shutdown wait is wall-clock time, whatever clock the link was given (a replay's stands still).
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadlineNs < 0)
        {
            pump(clock.nanoTime());
            if (journal.backlogDepth() == 0)
            {
                return true;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        journal.commit(clock.nanoTime());
        return journal.backlogDepth() == 0;
    }

    @Override
    public void close()
    {
        acknowledgements.drainTo(release, Integer.MAX_VALUE);
        journal.close();
        link.close();
    }

    public Journal journal()
    {
        return journal;
    }

    /** The link the journal sends through. */
    public AcknowledgingLink link()
    {
        return link;
    }

    /** The link the journal sends through when it is a telemetry link too (Paho's are), else {@code null}. */
    @Override
    public TelemetryLink unwrap()
    {
        return link instanceof TelemetryLink ? (TelemetryLink)link : null;
    }

    /** Messages sent as they were offered. */
    public long live()
    {
        return live;
    }

    /** Messages sent from the backlog (after a restart, a reconnect or a refused live send). */
    public long replayed()
    {
        return replayed;
    }

    /** Messages sent without being journaled because the journal refused them (full, failed, too long). */
    public long unjournaled()
    {
        return unjournaled;
    }

    /** Messages neither journaled nor sent: the caller counts them as dropped too. */
    public long dropped()
    {
        return dropped;
    }
}
