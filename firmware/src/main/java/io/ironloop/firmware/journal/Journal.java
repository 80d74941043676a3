package io.ironloop.firmware.journal;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Store-and-forward journal for outgoing telemetry: every record is appended (length, CRC-32C,
 * sequence, epoch timestamp, topic, payload; see {@link RecordLayout}) to segment files before it is
 * sent, and released only when {@link #acknowledge} says the broker kept it. Appends are gathered in
 * a preallocated direct buffer and written with one {@link FileChannel} write per group commit, which
 * fsyncs every N records, every T ns, or never ({@link JournalConfig}); the append path allocates
 * nothing. Acknowledgements may come out of order: the journal keeps the watermark (everything below
 * it is released) in a small file and the out-of-order ranges above it in memory, and deletes a
 * segment once the watermark passes its end. Disk use is bounded by {@link JournalConfig#maxBytes};
 * what is given up is counted. An I/O failure (disk full, read-only) turns the journal
 * {@link JournalState#FAILED}, refuses records with a count and retries later; it never throws from
 * the append path. Writes go through {@code FileChannel}, not a mapping, because a full disk under a
 * mapped sparse file is a SIGBUS that kills the process.
 * <p>
 * Opening recovers what is on disk: a torn last record (partial write, bad CRC, zero-filled tail) is
 * cut off and everything before it is kept. Used by one thread.
 */
public final class Journal implements AutoCloseable
{
    /** {@link #append} refused a record longer than {@link JournalConfig#maxRecordBytes}. */
    public static final long REJECTED_TOO_LONG = -1;
    /** {@link #append} refused a record because the disk budget is spent ({@link EvictionPolicy#DROP_NEWEST}). */
    public static final long REJECTED_FULL = -2;
    /** {@link #append} refused a record because the journal is {@link JournalState#FAILED}. */
    public static final long REJECTED_FAILED = -3;

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final long LOG_INTERVAL_NS = 10_000_000_000L;
    private static final String SEGMENT_SUFFIX = ".journal";
    private static final String WATERMARK_FILE = "watermark";
    private static final int WATERMARK_SLOT_LENGTH = 16;

    private final JournalConfig config;
    private final Path directory;
    private final int maxSegments;
    private final int indexLength;
    private final ByteBuffer writeByteBuffer;
    private final UnsafeBuffer writeBuffer;
    private final ByteBuffer readByteBuffer;
    private final UnsafeBuffer readBuffer;
    private final ByteBuffer watermarkByteBuffer = BufferUtil.allocateDirectAligned(WATERMARK_SLOT_LENGTH, 8);
    private final UnsafeBuffer watermarkBuffer = new UnsafeBuffer(watermarkByteBuffer);
    private final JournalRecord ageRecord = new JournalRecord();
    // The JDK's CRC-32C, not Agrona's: Agrona reaches it by reflection, which needs --add-opens java.base/java.util.zip.
    private final CRC32C crc32c = new CRC32C();

    // Segments, oldest first; while a segment is being written it is the last one and `active` is its channel.
    private final long[] segmentFirst;
    private final long[] segmentEnd;
    private final long[] segmentLength;
    private final Path[] segmentPath;
    private final int[][] segmentIndex;
    private int segmentCount;
    private FileChannel active;
    private long activeWritten;
    private int pending;
    private int pendingRecords;
    private long pendingFirstSequence;

    private FileChannel reader;
    private long readerFirst = -1;
    private long lastReadFirst = -1;
    private long lastReadSequence = -1;
    private long lastReadNextOffset;

    // Released sequences: everything below the watermark, plus sorted disjoint ranges [start, end) above it.
    private final long[] rangeStart;
    private final long[] rangeEnd;
    private int rangeCount;
    private long watermark;
    private FileChannel watermarkChannel;
    private long watermarkWritten = -1;
    private long watermarkGeneration;
    private boolean watermarkUnsynced;
    private long watermarkSyncedNs;

    private long nextSequence;
    private long committedSequence;
    private int unsyncedRecords;
    private long unsyncedSinceNs;
    private long lastNowNs;
    private JournalState state = JournalState.JOURNALING;
    private long failedAtNs;
    private long lastLossLogNs;
    private boolean lossLogged;
    private long lastStateLogNs;
    private boolean stateLogged;
    private long ageSequence = -1;
    private long ageTimestampNs;

    private long appended;
    private long fsyncs;
    private long evictedRecords;
    private long evictedSegments;
    private long refusedTooLong;
    private long refusedFull;
    private long refusedFailed;
    private long lostOnFailure;
    private long ioFailures;
    private long lostAcknowledgements;
    private long corruptReads;
    private long tornBytesDropped;

    private Journal(final JournalConfig config, final int segmentCapacity)
    {
        this.config = config;
        this.directory = config.directory();
        this.maxSegments = (int)Math.min(Integer.MAX_VALUE - 1, config.maxBytes() / config.segmentBytes());
        this.indexLength = (config.segmentBytes() - JournalConfig.SEGMENT_HEADER_LENGTH) / RecordLayout.HEADER_LENGTH /
            RecordLayout.INDEX_STRIDE + 1;
        this.writeByteBuffer = BufferUtil.allocateDirectAligned(alignUp(config.writeBufferBytes()), 64);
        this.writeBuffer = new UnsafeBuffer(writeByteBuffer);
        this.readByteBuffer = BufferUtil.allocateDirectAligned(config.maxFrameBytes(), 64);
        this.readBuffer = new UnsafeBuffer(readByteBuffer);
        final int capacity = Math.max(maxSegments, segmentCapacity) + 1;
        this.segmentFirst = new long[capacity];
        this.segmentEnd = new long[capacity];
        this.segmentLength = new long[capacity];
        this.segmentPath = new Path[capacity];
        this.segmentIndex = new int[capacity][];
        for (int i = 0; i < capacity; i++)
        {
            // Preallocated and recycled, so starting a segment does not allocate its index.
            segmentIndex[i] = new int[indexLength];
        }
        this.rangeStart = new long[config.maxAcknowledgementRanges()];
        this.rangeEnd = new long[config.maxAcknowledgementRanges()];
    }

    /**
     * Opens the journal in the configured directory (created if missing) and recovers what is there:
     * each segment is read up to its first torn record, which is cut off with everything after it.
     *
     * @throws IOException when the directory cannot be created or read
     */
    public static Journal open(final JournalConfig config) throws IOException
    {
        config.conclude();
        final Path directory = config.directory();
        Files.createDirectories(directory);
        final long[] firsts = listSegments(directory);
        final Journal journal = new Journal(config, firsts.length);
        journal.recover(firsts);
        return journal;
    }

    /**
     * Appends a record and returns its sequence, or a negative {@code REJECTED_*} code (counted) when
     * it is not journaled. Commits when the record count of the fsync policy is reached.
     *
     * @param nowNs   monotonic time, for the fsync interval
     * @param epochNs absolute time stored in the record
     */
    public long append(
        final long nowNs,
        final long epochNs,
        final byte[] topic,
        final int topicLength,
        final byte[] payload,
        final int payloadOffset,
        final int payloadLength)
    {
        lastNowNs = nowNs;
        if (topicLength + payloadLength > config.maxRecordBytes())
        {
            refusedTooLong++;
            logLoss(nowNs);
            return REJECTED_TOO_LONG;
        }
        if (state == JournalState.FAILED)
        {
            refusedFailed++;
            logLoss(nowNs);
            return REJECTED_FAILED;
        }
        final int frameLength = RecordLayout.HEADER_LENGTH + topicLength + payloadLength;
        final int alignedLength = RecordLayout.alignedLength(frameLength);
        if (active == null || segmentLength[segmentCount - 1] + alignedLength > config.segmentBytes())
        {
            if (!roll(nowNs))
            {
                if (state == JournalState.FULL)
                {
                    refusedFull++;
                    logLoss(nowNs);
                    return REJECTED_FULL;
                }
                refusedFailed++;
                logLoss(nowNs);
                return REJECTED_FAILED;
            }
        }
        if (pending + alignedLength > writeBuffer.capacity() && !write(nowNs))
        {
            refusedFailed++;
            return REJECTED_FAILED;
        }

        final long sequence = nextSequence;
        final int at = pending;
        final UnsafeBuffer buffer = writeBuffer;
        buffer.putLong(at + RecordLayout.SEQUENCE_OFFSET, sequence);
        buffer.putLong(at + RecordLayout.TIMESTAMP_OFFSET, epochNs);
        buffer.putInt(at + RecordLayout.TOPIC_LENGTH_OFFSET, topicLength);
        buffer.putInt(at + RecordLayout.PAYLOAD_LENGTH_OFFSET, payloadLength);
        buffer.putBytes(at + RecordLayout.HEADER_LENGTH, topic, 0, topicLength);
        buffer.putBytes(at + RecordLayout.HEADER_LENGTH + topicLength, payload, payloadOffset, payloadLength);
        buffer.setMemory(at + frameLength, alignedLength - frameLength, (byte)0);
        final int crc = crc(writeByteBuffer, at + RecordLayout.CRC_START, frameLength - RecordLayout.CRC_START);
        buffer.putInt(at + RecordLayout.CRC_OFFSET, crc);
        buffer.putInt(at + RecordLayout.FRAME_LENGTH_OFFSET, frameLength);

        final int segment = segmentCount - 1;
        final long ordinal = sequence - segmentFirst[segment];
        if (ordinal % RecordLayout.INDEX_STRIDE == 0)
        {
            segmentIndex[segment][(int)(ordinal / RecordLayout.INDEX_STRIDE)] = (int)segmentLength[segment];
        }
        segmentLength[segment] += alignedLength;
        segmentEnd[segment] = sequence + 1;
        if (pendingRecords++ == 0)
        {
            pendingFirstSequence = sequence;
        }
        pending += alignedLength;
        nextSequence = sequence + 1;
        appended++;
        if (unsyncedRecords++ == 0)
        {
            unsyncedSinceNs = nowNs;
        }
        if (config.fsyncEveryRecords() > 0 && unsyncedRecords >= config.fsyncEveryRecords())
        {
            commit(nowNs);
        }
        return sequence;
    }

    /**
     * Duty cycle: commits when the fsync interval is due (with fsync off and neither a count nor an
     * interval set, on every poll), writes a changed watermark, and retries after a failure. Returns work done.
     */
    public int poll(final long nowNs)
    {
        lastNowNs = nowNs;
        int work = 0;
        if (state == JournalState.FAILED)
        {
            if (nowNs - failedAtNs - config.retryIntervalNs() >= 0)
            {
                work++;
                retry(nowNs);
            }
        }
        else if (unsyncedRecords > 0 && (config.fsyncIntervalNs() > 0 ?
            nowNs - unsyncedSinceNs - config.fsyncIntervalNs() >= 0 : !config.fsync() && config.fsyncEveryRecords() == 0))
        {
            work++;
            commit(nowNs);
        }
        if (watermarkWritten != watermark || watermarkUnsynced)
        {
            work += persistWatermark(nowNs, false);
        }
        return work;
    }

    /** Writes what is gathered and fsyncs it (unless fsync is off); false after an I/O failure. */
    public boolean commit(final long nowNs)
    {
        lastNowNs = nowNs;
        if (active == null)
        {
            return state != JournalState.FAILED;
        }
        if (!write(nowNs))
        {
            return false;
        }
        if (config.fsync() && committedSequence < nextSequence)
        {
            try
            {
                active.force(false);
            }
            catch (final IOException ex)
            {
                fail(nowNs, ex);
                return false;
            }
            fsyncs++;
            committedSequence = nextSequence;
        }
        unsyncedRecords = 0;
        return true;
    }

    /**
     * Releases a record the broker acknowledged with success; any order, duplicates ignored. Returns
     * false for a sequence the journal never handed out.
     */
    public boolean acknowledge(final long sequence)
    {
        if (sequence < 0 || sequence >= nextSequence)
        {
            return false;
        }
        release(sequence, sequence + 1);
        return true;
    }

    /** True when the record is acknowledged, evicted or lost, i.e. there is nothing left to send. */
    public boolean isReleased(final long sequence)
    {
        if (sequence < watermark)
        {
            return true;
        }
        final int index = firstRangeEndingAfter(sequence);
        return index < rangeCount && rangeStart[index] <= sequence;
    }

    /**
     * Reads the record with this sequence into {@code record} (valid until the next read); false when
     * it is not on disk (deleted, evicted, lost, not yet appended) or fails its CRC (counted).
     */
    public boolean read(final long sequence, final JournalRecord record)
    {
        if (sequence >= nextSequence || sequence < 0)
        {
            return false;
        }
        if (pendingRecords > 0 && sequence >= pendingFirstSequence && !write(lastNowNs))
        {
            return false;
        }
        final int segment = segmentOf(sequence);
        if (segment < 0)
        {
            return false;
        }
        try
        {
            final FileChannel channel = channelFor(segment);
            final long limit = segment == segmentCount - 1 && active != null ? activeWritten : segmentLength[segment];
            final long offset = offsetOf(segment, sequence, channel, limit);
            if (offset < 0 || offset + RecordLayout.HEADER_LENGTH > limit)
            {
                corruptReads++;
                return false;
            }
            final int length = (int)Math.min(readBuffer.capacity(), limit - offset);
            if (!readFully(channel, offset, length))
            {
                corruptReads++;
                return false;
            }
            final int frameLength = readBuffer.getInt(RecordLayout.FRAME_LENGTH_OFFSET);
            if (!isValidFrame(readBuffer, readByteBuffer, 0, length, sequence, frameLength))
            {
                corruptReads++;
                return false;
            }
            lastReadFirst = segmentFirst[segment];
            lastReadSequence = sequence;
            lastReadNextOffset = offset + RecordLayout.alignedLength(frameLength);
            record.wrap(readBuffer, 0);
            return true;
        }
        catch (final IOException ex)
        {
            corruptReads++;
            logLoss(lastNowNs);
            return false;
        }
    }

    /** The lowest sequence at or after {@code sequence} that may be on disk, or {@link #nextSequence()} if none. */
    public long storedSequenceAtOrAfter(final long sequence)
    {
        for (int i = 0; i < segmentCount; i++)
        {
            if (segmentEnd[i] > sequence)
            {
                return Math.max(sequence, segmentFirst[i]);
            }
        }
        return nextSequence;
    }

    /** Records not yet released: the backlog to send. */
    public long backlogDepth()
    {
        long released = 0;
        for (int i = 0; i < rangeCount; i++)
        {
            released += rangeEnd[i] - rangeStart[i];
        }
        return nextSequence - watermark - released;
    }

    /**
     * Age of the oldest unreleased record against {@code epochNowNs}, 0 for an empty backlog (reads
     * one record from disk when the watermark has moved; meant for a once-a-second counter update).
     */
    public long backlogAgeNs(final long epochNowNs)
    {
        if (watermark >= nextSequence)
        {
            return 0;
        }
        if (ageSequence != watermark)
        {
            final long sequence = storedSequenceAtOrAfter(watermark);
            if (!read(sequence, ageRecord))
            {
                return 0;
            }
            ageSequence = watermark;
            ageTimestampNs = ageRecord.timestampNs();
        }
        return Math.max(0, epochNowNs - ageTimestampNs);
    }

    private boolean roll(final long nowNs)
    {
        if (active != null)
        {
            if (!commit(nowNs))
            {
                return false;
            }
            closeQuietly(active);
            active = null;
        }
        while (segmentCount >= maxSegments)
        {
            if (config.eviction() == EvictionPolicy.DROP_NEWEST)
            {
                changeState(nowNs, JournalState.FULL, null);
                return false;
            }
            evictOldest(nowNs);
        }
        final long first = nextSequence;
        final Path path = directory.resolve(segmentName(first));
        try
        {
            final FileChannel channel = config.segmentOpener().open(path);
            active = channel;
            activeWritten = 0;
            final int segment = segmentCount++;
            segmentFirst[segment] = first;
            segmentEnd[segment] = first;
            segmentLength[segment] = JournalConfig.SEGMENT_HEADER_LENGTH;
            segmentPath[segment] = path;
            writeBuffer.putLong(RecordLayout.SEGMENT_MAGIC_OFFSET, RecordLayout.SEGMENT_MAGIC);
            writeBuffer.putLong(RecordLayout.SEGMENT_VERSION_OFFSET, RecordLayout.SEGMENT_VERSION);
            writeBuffer.putLong(RecordLayout.SEGMENT_FIRST_SEQUENCE_OFFSET, first);
            writeBuffer.putLong(RecordLayout.SEGMENT_FIRST_SEQUENCE_OFFSET + 8, 0L);
            pending = JournalConfig.SEGMENT_HEADER_LENGTH;
            pendingRecords = 0;
            if (config.fsync())
            {
                // The new file's name must survive a power cut too, or its records vanish with it.
                forceDirectory();
            }
        }
        catch (final IOException ex)
        {
            fail(nowNs, ex);
            return false;
        }
        if (state == JournalState.FULL)
        {
            changeState(nowNs, JournalState.JOURNALING, null);
        }
        return true;
    }

    private void retry(final long nowNs)
    {
        state = JournalState.JOURNALING;
        if (roll(nowNs) && write(nowNs))
        {
            changeState(nowNs, JournalState.JOURNALING, null);
            LOG.info("journal {}: writing again from sequence {}", directory, nextSequence);
        }
    }

    private boolean write(final long nowNs)
    {
        if (pending == 0 || active == null)
        {
            return active != null || state != JournalState.FAILED;
        }
        final ByteBuffer bytes = writeByteBuffer;
        bytes.limit(pending).position(0);
        try
        {
            long position = activeWritten;
            while (bytes.hasRemaining())
            {
                position += active.write(bytes, position);
            }
        }
        catch (final IOException ex)
        {
            fail(nowNs, ex);
            return false;
        }
        activeWritten += pending;
        pending = 0;
        pendingRecords = 0;
        if (!config.fsync())
        {
            committedSequence = nextSequence;
            unsyncedRecords = 0;
        }
        return true;
    }

    private void fail(final long nowNs, final IOException ex)
    {
        ioFailures++;
        if (pendingRecords > 0)
        {
            // Gathered but never written: gone from the journal, so released (they may still be sent live).
            lostOnFailure += pendingRecords;
            final long lostFrom = pendingFirstSequence;
            final int segment = segmentCount - 1;
            segmentEnd[segment] = lostFrom;
            pendingRecords = 0;
            release(lostFrom, nextSequence);
        }
        pending = 0;
        unsyncedRecords = 0;
        if (active != null)
        {
            final int segment = segmentCount - 1;
            segmentLength[segment] = activeWritten;
            try
            {
                active.truncate(activeWritten);
            }
            catch (final IOException ignore)
            {
                // The cut is only tidiness: recovery drops a torn tail anyway.
            }
            closeQuietly(active);
            active = null;
            if (activeWritten < JournalConfig.SEGMENT_HEADER_LENGTH || segmentEnd[segment] == segmentFirst[segment])
            {
                deleteQuietly(segmentPath[segment]);
                segmentCount--;
            }
        }
        committedSequence = nextSequence;
        failedAtNs = nowNs;
        changeState(nowNs, JournalState.FAILED, ex);
        logLoss(nowNs);
    }

    private void evictOldest(final long nowNs)
    {
        final long first = segmentFirst[0];
        final long end = segmentEnd[0];
        evictedRecords += end - first - releasedCount(first, end);
        evictedSegments++;
        release(first, end);
        if (segmentCount > 0 && segmentFirst[0] == first)
        {
            removeOldestSegment();
        }
        logLoss(nowNs);
    }

    private void release(final long from, final long to)
    {
        final long start = Math.max(from, watermark);
        if (to <= start)
        {
            return;
        }
        if (start == watermark)
        {
            long mark = to;
            int absorbed = 0;
            while (absorbed < rangeCount && rangeStart[absorbed] <= mark)
            {
                mark = Math.max(mark, rangeEnd[absorbed]);
                absorbed++;
            }
            removeRanges(0, absorbed);
            watermark = mark;
            releaseSegments();
            return;
        }
        final int low = firstRangeEndingAtOrAfter(start);
        int high = low;
        while (high < rangeCount && rangeStart[high] <= to)
        {
            high++;
        }
        if (high == low)
        {
            if (rangeCount == rangeStart.length)
            {
                lostAcknowledgements++;
                logLoss(lastNowNs);
                return;
            }
            System.arraycopy(rangeStart, low, rangeStart, low + 1, rangeCount - low);
            System.arraycopy(rangeEnd, low, rangeEnd, low + 1, rangeCount - low);
            rangeStart[low] = start;
            rangeEnd[low] = to;
            rangeCount++;
        }
        else
        {
            rangeStart[low] = Math.min(start, rangeStart[low]);
            rangeEnd[low] = Math.max(to, rangeEnd[high - 1]);
            removeRanges(low + 1, high);
        }
    }

    private void removeRanges(final int from, final int to)
    {
        if (to > from)
        {
            System.arraycopy(rangeStart, to, rangeStart, from, rangeCount - to);
            System.arraycopy(rangeEnd, to, rangeEnd, from, rangeCount - to);
            rangeCount -= to - from;
        }
    }

    /** Index of the first range whose end is at or after {@code sequence} (so it touches or follows it). */
    private int firstRangeEndingAtOrAfter(final long sequence)
    {
        int low = 0;
        int high = rangeCount;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (rangeEnd[mid] < sequence)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private int firstRangeEndingAfter(final long sequence)
    {
        return firstRangeEndingAtOrAfter(sequence + 1);
    }

    private long releasedCount(final long from, final long to)
    {
        long released = Math.max(0, Math.min(to, watermark) - from);
        for (int i = 0; i < rangeCount; i++)
        {
            released += Math.max(0, Math.min(to, rangeEnd[i]) - Math.max(from, rangeStart[i]));
        }
        return released;
    }

    private void releaseSegments()
    {
        while (segmentCount > 0 && segmentEnd[0] <= watermark && (segmentCount > 1 || active == null))
        {
            removeOldestSegment();
        }
    }

    private void removeOldestSegment()
    {
        if (readerFirst == segmentFirst[0])
        {
            closeQuietly(reader);
            reader = null;
            readerFirst = -1;
        }
        deleteQuietly(segmentPath[0]);
        final int[] freedIndex = segmentIndex[0];
        segmentCount--;
        System.arraycopy(segmentFirst, 1, segmentFirst, 0, segmentCount);
        System.arraycopy(segmentEnd, 1, segmentEnd, 0, segmentCount);
        System.arraycopy(segmentLength, 1, segmentLength, 0, segmentCount);
        System.arraycopy(segmentPath, 1, segmentPath, 0, segmentCount);
        System.arraycopy(segmentIndex, 1, segmentIndex, 0, segmentCount);
        segmentPath[segmentCount] = null;
        segmentIndex[segmentCount] = freedIndex;
    }

    private int segmentOf(final long sequence)
    {
        for (int i = segmentCount - 1; i >= 0; i--)
        {
            if (segmentFirst[i] <= sequence)
            {
                return sequence < segmentEnd[i] ? i : -1;
            }
        }
        return -1;
    }

    private FileChannel channelFor(final int segment) throws IOException
    {
        if (segment == segmentCount - 1 && active != null)
        {
            return active;
        }
        if (readerFirst != segmentFirst[segment])
        {
            closeQuietly(reader);
            reader = null;
            readerFirst = -1;
            reader = FileChannel.open(segmentPath[segment], StandardOpenOption.READ);
            readerFirst = segmentFirst[segment];
        }
        return reader;
    }

    private long offsetOf(final int segment, final long sequence, final FileChannel channel, final long limit) throws IOException
    {
        if (lastReadFirst == segmentFirst[segment] && lastReadSequence + 1 == sequence)
        {
            return lastReadNextOffset;
        }
        final long ordinal = sequence - segmentFirst[segment];
        long offset = segmentIndex[segment][(int)(ordinal / RecordLayout.INDEX_STRIDE)];
        for (long skip = ordinal % RecordLayout.INDEX_STRIDE; skip > 0; skip--)
        {
            if (offset + RecordLayout.HEADER_LENGTH > limit || !readFully(channel, offset, RecordLayout.HEADER_LENGTH))
            {
                return -1;
            }
            final int frameLength = readBuffer.getInt(RecordLayout.FRAME_LENGTH_OFFSET);
            if (frameLength < RecordLayout.HEADER_LENGTH)
            {
                return -1;
            }
            offset += RecordLayout.alignedLength(frameLength);
        }
        return offset;
    }

    private boolean readFully(final FileChannel channel, final long offset, final int length) throws IOException
    {
        final ByteBuffer bytes = readByteBuffer;
        bytes.limit(length).position(0);
        long position = offset;
        while (bytes.hasRemaining())
        {
            final int read = channel.read(bytes, position);
            if (read < 0)
            {
                return false;
            }
            position += read;
        }
        return true;
    }

    /** A frame is whole when its length fits what is there, its sequence is the expected one and its CRC matches. */
    private boolean isValidFrame(
        final UnsafeBuffer buffer,
        final ByteBuffer bytes,
        final int offset, final long available, final long expectedSequence, final int frameLength)
    {
        if (frameLength < RecordLayout.HEADER_LENGTH || frameLength > config.maxFrameBytes() || frameLength > available)
        {
            return false;
        }
        if (buffer.getLong(offset + RecordLayout.SEQUENCE_OFFSET) != expectedSequence)
        {
            return false;
        }
        final long topicLength = buffer.getInt(offset + RecordLayout.TOPIC_LENGTH_OFFSET);
        final long payloadLength = buffer.getInt(offset + RecordLayout.PAYLOAD_LENGTH_OFFSET);
        if (topicLength < 0 || payloadLength < 0 || RecordLayout.HEADER_LENGTH + topicLength + payloadLength != frameLength)
        {
            return false;
        }
        return crc(bytes, offset + RecordLayout.CRC_START, frameLength - RecordLayout.CRC_START) ==
            buffer.getInt(offset + RecordLayout.CRC_OFFSET);
    }

    /** CRC-32C of a range of a direct buffer; moves the buffer's position and limit. */
    private int crc(final ByteBuffer bytes, final int offset, final int length)
    {
        bytes.clear();
        bytes.position(offset).limit(offset + length);
        crc32c.reset();
        crc32c.update(bytes);
        return (int)crc32c.getValue();
    }

    private int persistWatermark(final long nowNs, final boolean force)
    {
        try
        {
            if (watermarkChannel == null)
            {
                watermarkChannel = FileChannel.open(directory.resolve(WATERMARK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            int work = 0;
            if (watermarkWritten != watermark)
            {
                // Two slots, written in turn: a torn slot write still leaves the other one whole.
                watermarkBuffer.putLong(0, watermark);
                watermarkBuffer.putInt(8, crc(watermarkByteBuffer, 0, 8));
                watermarkBuffer.putInt(12, 0);
                watermarkByteBuffer.limit(WATERMARK_SLOT_LENGTH).position(0);
                long position = (watermarkGeneration++ & 1) * WATERMARK_SLOT_LENGTH;
                while (watermarkByteBuffer.hasRemaining())
                {
                    position += watermarkChannel.write(watermarkByteBuffer, position);
                }
                watermarkWritten = watermark;
                watermarkUnsynced = true;
                work++;
            }
            if (watermarkUnsynced && config.fsync() && (force || nowNs - watermarkSyncedNs - config.watermarkSyncIntervalNs() >= 0))
            {
                watermarkChannel.force(false);
                watermarkUnsynced = false;
                watermarkSyncedNs = nowNs;
                work++;
            }
            else if (!config.fsync())
            {
                watermarkUnsynced = false;
            }
            return work;
        }
        catch (final IOException ex)
        {
            // A stale watermark only makes acknowledged records be sent again after a restart.
            ioFailures++;
            watermarkWritten = watermark;
            watermarkUnsynced = false;
            logLoss(nowNs);
            return 0;
        }
    }

    private void recover(final long[] firsts) throws IOException
    {
        final long persisted = readWatermark();
        for (final long first : firsts)
        {
            recoverSegment(first);
        }
        watermark = Math.max(persisted, segmentCount == 0 ? persisted : segmentFirst[0]);
        nextSequence = Math.max(watermark, segmentCount == 0 ? 0 : segmentEnd[segmentCount - 1]);
        committedSequence = nextSequence;
        // Sequences between segments were lost to an I/O failure or a torn tail: nothing to send.
        final int gaps = Math.max(0, segmentCount - 1);
        final long[] gapStart = new long[gaps];
        final long[] gapEnd = new long[gaps];
        for (int i = 0; i < gaps; i++)
        {
            gapStart[i] = segmentEnd[i];
            gapEnd[i] = segmentFirst[i + 1];
        }
        for (int i = 0; i < gaps; i++)
        {
            release(gapStart[i], gapEnd[i]);
        }
        releaseSegments();
        while (segmentCount >= maxSegments)
        {
            evictOldest(0);
        }
        watermarkWritten = persisted;
        if (segmentCount > 0 || tornBytesDropped > 0)
        {
            LOG.info("journal {}: recovered {} records to send in {} segments (sequences {} to {}){}", directory,
                backlogDepth(), segmentCount, watermark, nextSequence - 1,
                tornBytesDropped > 0 ? ", dropped a torn tail of " + tornBytesDropped + " bytes" : "");
        }
    }

    private void recoverSegment(final long first) throws IOException
    {
        final Path path = directory.resolve(segmentName(first));
        final long previousEnd = segmentCount == 0 ? Long.MIN_VALUE : segmentEnd[segmentCount - 1];
        final int[] index = segmentIndex[segmentCount];
        long validLength = 0;
        long end = first;
        final long fileLength;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            fileLength = channel.size();
            if (fileLength >= JournalConfig.SEGMENT_HEADER_LENGTH && first >= previousEnd)
            {
                final long mapLength = Math.min(fileLength, config.segmentBytes());
                final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, mapLength);
                try
                {
                    final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
                    if (buffer.getLong(RecordLayout.SEGMENT_MAGIC_OFFSET) == RecordLayout.SEGMENT_MAGIC &&
                        buffer.getLong(RecordLayout.SEGMENT_VERSION_OFFSET) == RecordLayout.SEGMENT_VERSION &&
                        buffer.getLong(RecordLayout.SEGMENT_FIRST_SEQUENCE_OFFSET) == first)
                    {
                        long offset = JournalConfig.SEGMENT_HEADER_LENGTH;
                        while (offset + RecordLayout.HEADER_LENGTH <= mapLength)
                        {
                            final int frameLength = buffer.getInt((int)offset + RecordLayout.FRAME_LENGTH_OFFSET);
                            if (!isValidFrame(buffer, mapped, (int)offset, mapLength - offset, end, frameLength))
                            {
                                break;
                            }
                            final long ordinal = end - first;
                            if (ordinal % RecordLayout.INDEX_STRIDE == 0)
                            {
                                index[(int)(ordinal / RecordLayout.INDEX_STRIDE)] = (int)offset;
                            }
                            offset += RecordLayout.alignedLength(frameLength);
                            end++;
                        }
                        validLength = Math.min(offset, mapLength);
                    }
                }
                finally
                {
                    IoUtil.unmap(mapped);
                }
            }
            if (end > first && validLength < fileLength)
            {
                tornBytesDropped += fileLength - validLength;
                channel.truncate(validLength);
                channel.force(true);
            }
        }
        if (end == first)
        {
            tornBytesDropped += fileLength;
            Files.deleteIfExists(path);
            return;
        }
        final int segment = segmentCount++;
        segmentFirst[segment] = first;
        segmentEnd[segment] = end;
        segmentLength[segment] = validLength;
        segmentPath[segment] = path;
    }

    private long readWatermark() throws IOException
    {
        final Path path = directory.resolve(WATERMARK_FILE);
        if (!Files.exists(path))
        {
            return 0;
        }
        long best = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            for (int slot = 0; slot < 2; slot++)
            {
                watermarkByteBuffer.clear();
                if (channel.read(watermarkByteBuffer, (long)slot * WATERMARK_SLOT_LENGTH) == WATERMARK_SLOT_LENGTH &&
                    watermarkBuffer.getInt(8) == crc(watermarkByteBuffer, 0, 8))
                {
                    best = Math.max(best, watermarkBuffer.getLong(0));
                }
            }
        }
        return best;
    }

    private static long[] listSegments(final Path directory) throws IOException
    {
        long[] firsts = new long[16];
        int count = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SEGMENT_SUFFIX))
        {
            for (final Path path : stream)
            {
                final String name = path.getFileName().toString();
                final String digits = name.substring(0, name.length() - SEGMENT_SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit))
                {
                    if (count == firsts.length)
                    {
                        firsts = Arrays.copyOf(firsts, count * 2);
                    }
                    firsts[count++] = Long.parseLong(digits);
                }
            }
        }
        final long[] sorted = Arrays.copyOf(firsts, count);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The file name of the segment whose first record has this sequence. */
    static String segmentName(final long first)
    {
        return String.format(Locale.ROOT, "%020d%s", first, SEGMENT_SUFFIX);
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    private void changeState(final long nowNs, final JournalState newState, final IOException cause)
    {
        if (state == newState)
        {
            return;
        }
        state = newState;
        // A journal hovering at its budget would flip between FULL and JOURNALING on every acknowledgement.
        if (!stateLogged || nowNs - lastStateLogNs - LOG_INTERVAL_NS >= 0 || newState == JournalState.FAILED)
        {
            stateLogged = true;
            lastStateLogNs = nowNs;
            if (newState == JournalState.JOURNALING)
            {
                LOG.info("journal {}: journaling", directory);
            }
            else
            {
                LOG.warn("journal {}: {}{}", directory, newState == JournalState.FULL ?
                    "disk budget of " + config.maxBytes() + " bytes spent, refusing new records" :
                    "stopped journaling, retrying in " + config.retryIntervalNs() / 1_000_000 + " ms",
                    cause == null ? "" : ": " + cause);
            }
        }
    }

    private void logLoss(final long nowNs)
    {
        if (!lossLogged || nowNs - lastLossLogNs - LOG_INTERVAL_NS >= 0)
        {
            lossLogged = true;
            lastLossLogNs = nowNs;
            LOG.warn("journal {} ({}): so far {} records evicted in {} segments, refused {} (full) {} (failed) {} (too long), " +
                "{} lost on I/O failure, {} acknowledgements lost, {} unreadable", directory, state, evictedRecords,
                evictedSegments, refusedFull, refusedFailed, refusedTooLong, lostOnFailure, lostAcknowledgements, corruptReads);
        }
    }

    private void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            LOG.warn("journal {}: cannot delete {}: {}", directory, path, ex.toString());
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // Closing a channel we are done with: nothing left to save.
            }
        }
    }

    private static int alignUp(final int length)
    {
        return (length + 63) & -64;
    }

    /** Commits, writes the watermark and closes the files. */
    @Override
    public void close()
    {
        commit(lastNowNs);
        persistWatermark(lastNowNs, true);
        closeQuietly(active);
        active = null;
        closeQuietly(reader);
        reader = null;
        closeQuietly(watermarkChannel);
        watermarkChannel = null;
    }

    public JournalState state()
    {
        return state;
    }

    /** True while the journal is not journaling (full or failed): the visible alarm to publish. */
    public boolean alarm()
    {
        return state != JournalState.JOURNALING;
    }

    /** Sequence the next appended record gets. */
    public long nextSequence()
    {
        return nextSequence;
    }

    /** Every record below this sequence is released (acknowledged, evicted or lost). */
    public long watermark()
    {
        return watermark;
    }

    /** Every record below this sequence has been committed (fsynced, or handed to the OS when fsync is off). */
    public long committedSequence()
    {
        return committedSequence;
    }

    /** Bytes of segment files on disk, including what is gathered and about to be written. */
    public long diskBytes()
    {
        long bytes = 0;
        for (int i = 0; i < segmentCount; i++)
        {
            bytes += segmentLength[i];
        }
        return bytes;
    }

    /** Largest topic plus payload of one record. */
    public int maxRecordBytes()
    {
        return config.maxRecordBytes();
    }

    public int segments()
    {
        return segmentCount;
    }

    public long appended()
    {
        return appended;
    }

    public long fsyncs()
    {
        return fsyncs;
    }

    /** Unacknowledged records deleted because the disk budget was spent ({@link EvictionPolicy#DROP_OLDEST}). */
    public long evictedRecords()
    {
        return evictedRecords;
    }

    public long evictedSegments()
    {
        return evictedSegments;
    }

    /** Records refused because the budget was spent ({@link EvictionPolicy#DROP_NEWEST}). */
    public long refusedFull()
    {
        return refusedFull;
    }

    /** Records refused while {@link JournalState#FAILED}. */
    public long refusedFailed()
    {
        return refusedFailed;
    }

    public long refusedTooLong()
    {
        return refusedTooLong;
    }

    /** Records accepted but lost from the journal when a write failed. */
    public long lostOnFailure()
    {
        return lostOnFailure;
    }

    public long ioFailures()
    {
        return ioFailures;
    }

    /** Out-of-order acknowledgements that did not fit the range table (their records are sent again). */
    public long lostAcknowledgements()
    {
        return lostAcknowledgements;
    }

    /** Records that could not be read back (I/O error or bad CRC). */
    public long corruptReads()
    {
        return corruptReads;
    }

    /** Bytes cut off torn segment tails when the journal was opened. */
    public long tornBytesDropped()
    {
        return tornBytesDropped;
    }
}
