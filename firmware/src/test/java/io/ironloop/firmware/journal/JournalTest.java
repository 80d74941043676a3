package io.ironloop.firmware.journal;

import io.ironloop.firmware.mqtt.AcknowledgingLink;
import io.ironloop.firmware.mqtt.Acknowledgements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.ironloop.firmware.journal.JournalRecords.TOPIC;
import static io.ironloop.firmware.journal.JournalRecords.append;
import static io.ironloop.firmware.journal.JournalRecords.appendAll;
import static io.ironloop.firmware.journal.JournalRecords.assertRecord;
import static io.ironloop.firmware.journal.JournalRecords.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    @TempDir
    Path dir;

    private final JournalRecord record = new JournalRecord();

    @Test
    void shouldReadBackEveryAppendedRecordAcrossSegments() throws IOException
    {
        try (Journal journal = Journal.open(config(dir)))
        {
            appendAll(journal, 0, 5000);
            assertTrue(journal.segments() > 3, "small segments roll: " + journal.segments());
            for (long sequence = 0; sequence < 5000; sequence++)
            {
                assertRecord(journal, record, sequence);
            }
            assertRecord(journal, record, 1234);
            assertRecord(journal, record, 7);
            assertFalse(journal.read(5000, record));
            assertEquals(5000, journal.backlogDepth());
        }
    }

    @Test
    void shouldAdvanceTheWatermarkOverOutOfOrderAcknowledgements() throws IOException
    {
        try (Journal journal = Journal.open(config(dir)))
        {
            appendAll(journal, 0, 10);
            journal.acknowledge(2);
            journal.acknowledge(1);
            journal.acknowledge(5);
            journal.acknowledge(5);
            assertEquals(0, journal.watermark());
            assertEquals(7, journal.backlogDepth());
            assertTrue(journal.isReleased(1) && journal.isReleased(2) && journal.isReleased(5));
            assertFalse(journal.isReleased(0) || journal.isReleased(3) || journal.isReleased(4));

            journal.acknowledge(0);
            assertEquals(3, journal.watermark());
            journal.acknowledge(4);
            journal.acknowledge(3);
            assertEquals(6, journal.watermark());
            assertEquals(4, journal.backlogDepth());
            assertFalse(journal.acknowledge(10), "never handed out");
            assertFalse(journal.acknowledge(-1));
        }
    }

    @Test
    void shouldDeleteSegmentsOnlyOnceEveryRecordInThemIsAcknowledged() throws IOException
    {
        try (Journal journal = Journal.open(config(dir)))
        {
            appendAll(journal, 0, 3000);
            final int segments = journal.segments();
            assertEquals(segments, segmentFiles());
            for (long sequence = 2999; sequence >= 1; sequence--)
            {
                journal.acknowledge(sequence);
            }
            assertEquals(segments, segmentFiles(), "record 0 holds every segment");
            journal.acknowledge(0);
            assertEquals(3000, journal.watermark());
            assertEquals(1, journal.segments(), "the segment being written stays");
            assertEquals(1, segmentFiles());
            assertEquals(0, journal.backlogDepth());
            assertEquals(0, journal.evictedRecords());
        }
    }

    @Test
    void shouldReplayOnlyUnacknowledgedRecordsAfterReopening() throws IOException
    {
        try (Journal journal = Journal.open(config(dir)))
        {
            appendAll(journal, 0, 1000);
            for (long sequence = 0; sequence < 600; sequence++)
            {
                journal.acknowledge(sequence);
            }
            journal.acknowledge(700);
            journal.poll(1000);
        }
        try (Journal journal = Journal.open(config(dir)))
        {
            assertEquals(600, journal.watermark(), "persisted watermark");
            assertEquals(1000, journal.nextSequence());
            assertEquals(400, journal.backlogDepth(), "out-of-order acknowledgements are not persisted: 700 goes again");
            for (long sequence = 600; sequence < 1000; sequence++)
            {
                assertRecord(journal, record, sequence);
            }
            assertEquals(1000, append(journal, 2000, 1000), "sequences continue");
            assertRecord(journal, record, 1000);
        }
    }

    @Test
    void shouldEvictTheOldestSegmentWhenTheBudgetIsSpentAndCountWhatWasLost() throws IOException
    {
        try (Journal journal = Journal.open(config(dir).maxBytes(4 * 64 * 1024)))
        {
            journal.acknowledge(append(journal, 0, 0));
            appendAll(journal, 1, 20_000);
            assertTrue(journal.evictedSegments() > 0);
            assertEquals(JournalState.JOURNALING, journal.state(), "evicting keeps journaling");
            assertTrue(segmentFiles() <= 4, "files on disk: " + segmentFiles());
            assertTrue(journal.diskBytes() <= 4 * 64 * 1024);
            assertEquals(journal.watermark() - 1, journal.evictedRecords(), "every unacknowledged evicted record is counted");
            assertEquals(20_000 - journal.watermark(), journal.backlogDepth());
            assertRecord(journal, record, journal.watermark());
            assertRecord(journal, record, 19_999);
            assertFalse(journal.read(journal.watermark() - 1, record));
        }
    }

    @Test
    void shouldRefuseNewRecordsUnderDropNewestUntilAcknowledgementsFreeASegment() throws IOException
    {
        try (Journal journal = Journal.open(config(dir).maxBytes(2 * 64 * 1024).eviction(EvictionPolicy.DROP_NEWEST)))
        {
            long sequence = 0;
            while (append(journal, sequence, sequence) >= 0)
            {
                sequence++;
            }
            final long accepted = sequence;
            assertEquals(JournalState.FULL, journal.state());
            assertTrue(journal.alarm());
            assertEquals(Journal.REJECTED_FULL, append(journal, 0, accepted));
            assertEquals(2, journal.refusedFull());
            assertEquals(0, journal.evictedRecords());
            assertEquals(accepted, journal.nextSequence(), "refused records take no sequence");

            for (long s = 0; s < accepted; s++)
            {
                journal.acknowledge(s);
            }
            assertEquals(0, journal.segments(), "every segment acknowledged and deleted");
            assertEquals(accepted, append(journal, 1, accepted));
            assertEquals(JournalState.JOURNALING, journal.state());
            assertFalse(journal.alarm());
        }
    }

    @Test
    void shouldRefuseARecordLongerThanTheLimitAndCountIt() throws IOException
    {
        try (Journal journal = Journal.open(config(dir)))
        {
            final byte[] big = new byte[1024];
            assertEquals(Journal.REJECTED_TOO_LONG, journal.append(0, 0, TOPIC, TOPIC.length, big, 0, big.length));
            assertEquals(1, journal.refusedTooLong());
            assertEquals(0, journal.nextSequence());
            assertEquals(0, journal.append(0, 0, TOPIC, TOPIC.length, big, 0, big.length - TOPIC.length));
        }
    }

    @Test
    void shouldCommitEveryNRecords() throws IOException
    {
        try (Journal journal = Journal.open(config(dir).fsync(true).fsyncEveryRecords(10).fsyncIntervalNs(0)))
        {
            appendAll(journal, 0, 9);
            assertEquals(0, journal.committedSequence());
            append(journal, 9, 9);
            assertEquals(10, journal.committedSequence());
            assertEquals(1, journal.fsyncs());
            appendAll(journal, 10, 25);
            assertEquals(20, journal.committedSequence());
        }
    }

    @Test
    void shouldCommitWhenTheOldestUncommittedRecordIsOlderThanTheInterval() throws IOException
    {
        try (Journal journal = Journal.open(config(dir).fsync(true).fsyncIntervalNs(1_000_000)))
        {
            append(journal, 100, 0);
            append(journal, 500_000, 1);
            journal.poll(1_000_099);
            assertEquals(0, journal.committedSequence());
            journal.poll(1_000_100);
            assertEquals(2, journal.committedSequence());
            assertEquals(1, journal.fsyncs());
        }
    }

    @Test
    void shouldHandRecordsToTheSystemOnEveryPollWithoutFsync() throws IOException
    {
        try (Journal journal = Journal.open(config(dir)))
        {
            appendAll(journal, 0, 5);
            assertEquals(0, journal.committedSequence());
            journal.poll(10);
            assertEquals(5, journal.committedSequence());
            assertEquals(0, journal.fsyncs());
        }
    }

    @Test
    void shouldReportTheAgeOfTheOldestUnacknowledgedRecord() throws IOException
    {
        try (Journal journal = Journal.open(config(dir)))
        {
            assertEquals(0, journal.backlogAgeNs(JournalRecords.EPOCH_BASE_NS));
            appendAll(journal, 0, 100);
            assertEquals(1000, journal.backlogAgeNs(JournalRecords.EPOCH_BASE_NS + 1000));
            for (long s = 0; s < 40; s++)
            {
                journal.acknowledge(s);
            }
            assertEquals(960, journal.backlogAgeNs(JournalRecords.EPOCH_BASE_NS + 1000));
        }
    }

    @Test
    void shouldStopJournalingOnAFullDiskWithAnAlarmAndResumeWhenWritingWorksAgain() throws IOException
    {
        final Path devFull = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(devFull), "needs /dev/full");
        final long retryNs = 1_000_000_000L;
        try (Journal journal = Journal.open(config(dir).retryIntervalNs(retryNs)))
        {
            // Every write to the segment the journal opens next fails with ENOSPC, as on a full disk.
            Files.createSymbolicLink(dir.resolve(Journal.segmentName(0)), devFull);
            assertEquals(0, append(journal, 0, 0), "gathered before the write that fails");
            journal.poll(10);
            assertEquals(JournalState.FAILED, journal.state());
            assertTrue(journal.alarm());
            assertEquals(1, journal.ioFailures());
            assertEquals(1, journal.lostOnFailure(), "the gathered record is counted as lost");
            assertEquals(0, journal.backlogDepth(), "and released, so it does not hold the watermark");
            assertEquals(Journal.REJECTED_FAILED, append(journal, 20, 1));
            assertEquals(1, journal.refusedFailed());

            Files.createSymbolicLink(dir.resolve(Journal.segmentName(journal.nextSequence())), devFull);
            journal.poll(10 + retryNs - 1);
            assertEquals(1, journal.ioFailures(), "no retry before the interval");
            journal.poll(10 + retryNs);
            assertEquals(2, journal.ioFailures(), "the retry met the full disk again");
            assertEquals(JournalState.FAILED, journal.state());

            Files.deleteIfExists(dir.resolve(Journal.segmentName(journal.nextSequence())));
            journal.poll(10 + 3 * retryNs);
            assertEquals(JournalState.JOURNALING, journal.state(), "space again: journaling resumes");
            assertFalse(journal.alarm());
            final long sequence = journal.nextSequence();
            assertEquals(sequence, append(journal, 10 + 3 * retryNs, sequence));
            journal.poll(10 + 3 * retryNs);
            assertRecord(journal, record, sequence);
        }
        try (Journal journal = Journal.open(config(dir)))
        {
            assertEquals(1, journal.backlogDepth(), "the record written after the outage survives a reopen");
        }
    }

    @Test
    void shouldNotWaitForRecordsLostToAFailureAfterReopening() throws IOException
    {
        final Path devFull = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(devFull), "needs /dev/full");
        final List<Path> traps = new ArrayList<>();
        long lost;
        try (Journal journal = Journal.open(config(dir).retryIntervalNs(0)))
        {
            appendAll(journal, 0, 500);
            // The segment after the first lands on one of these names, and its writes fail.
            for (long first = 500; first < 2000; first++)
            {
                traps.add(Files.createSymbolicLink(dir.resolve(Journal.segmentName(first)), devFull));
            }
            long sequence = 500;
            while (journal.state() == JournalState.JOURNALING && sequence < 2000)
            {
                JournalRecords.append(journal, sequence, sequence);
                sequence++;
                if (journal.segments() == 2)
                {
                    journal.poll(sequence);
                }
            }
            assertEquals(JournalState.FAILED, journal.state());
            lost = journal.lostOnFailure();
            assertTrue(lost > 0);
            for (final Path trap : traps)
            {
                Files.deleteIfExists(trap);
            }
            journal.poll(Long.MAX_VALUE / 2);
            assertEquals(JournalState.JOURNALING, journal.state());
            final long after = journal.nextSequence();
            assertEquals(after, append(journal, 0, after));
            journal.poll(Long.MAX_VALUE / 2);
            assertEquals(after + 1 - lost, journal.backlogDepth());
        }
        Files.deleteIfExists(dir.resolve("watermark"));
        try (Journal journal = Journal.open(config(dir)))
        {
            final long after = journal.nextSequence() - 1;
            assertEquals(after + 1 - lost, journal.backlogDepth(), "the lost sequences are a gap, not a backlog");
            assertRecord(journal, record, after);
            assertRecord(journal, record, 0);
            for (long s = 0; s < after; s++)
            {
                if (!journal.isReleased(s))
                {
                    assertRecord(journal, record, s);
                }
            }
        }
    }

    @Test
    void shouldAppendWithoutAllocating() throws IOException
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Journal journal = Journal.open(config(dir).segmentBytes(64 * 1024 * 1024).maxBytes(128L * 1024 * 1024)
            .fsync(true).fsyncEveryRecords(1000).fsyncIntervalNs(0)))
        {
            final byte[] payload = JournalRecords.payload(12);
            final long[] now = {0};
            final Runnable append = () ->
            {
                now[0]++;
                journal.append(now[0], now[0], TOPIC, TOPIC.length, payload, 0, payload.length);
                journal.acknowledge(now[0] - 2);
                journal.poll(now[0]);
            };
            for (int i = 0; i < 20_000; i++)
            {
                append.run();
            }
            long fewest = Long.MAX_VALUE;
            // Best of three rounds, as hal's Allocations.bytesAllocated: a one-off JIT event shows in one round only.
            for (int round = 0; round < 3; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++)
                {
                    append.run();
                }
                fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, fewest, "bytes allocated by 10,000 appends with group commits");
        }
    }

    @Test
    void shouldRejectABudgetOfFewerThanTwoSegments()
    {
        assertThrows(IllegalArgumentException.class, () -> Journal.open(config(dir).maxBytes(64 * 1024)));
        assertThrows(IllegalArgumentException.class, () -> Journal.open(config(dir).fsync(true).fsyncIntervalNs(0)));
    }

    private long segmentFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(path -> path.toString().endsWith(".journal")).count();
        }
    }
}
