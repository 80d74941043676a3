package io.ironloop.firmware.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Settings of a {@link Journal}, with defaults; {@link #conclude()} validates them once before the
 * journal opens, so nothing is checked on the append path.
 */
public final class JournalConfig
{
    /** Bytes of a segment file header. */
    public static final int SEGMENT_HEADER_LENGTH = 32;

    private Path directory;
    private int segmentBytes = 8 * 1024 * 1024;
    private long maxBytes = 256L * 1024 * 1024;
    private int maxRecordBytes = 64 * 1024;
    private int writeBufferBytes = 256 * 1024;
    private int fsyncEveryRecords;
    private long fsyncIntervalNs = 100_000_000L;
    private boolean fsync = true;
    private long watermarkSyncIntervalNs = 1_000_000_000L;
    private long retryIntervalNs = 5_000_000_000L;
    private EvictionPolicy eviction = EvictionPolicy.DROP_OLDEST;
    private int maxAcknowledgementRanges = 4096;
    private SegmentOpener segmentOpener = JournalConfig::openSegment;

    /** Opens a new segment file for writing (created, truncated, read and write). */
    @FunctionalInterface
    public interface SegmentOpener
    {
        FileChannel open(Path path) throws IOException;
    }

    private static FileChannel openSegment(final Path path) throws IOException
    {
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    }

    /**
     * How segment files are opened for writing: the file system's by default. A test wraps the channel to
     * fail writes as a full disk does (ENOSPC), which a read-only directory cannot do for root.
     */
    public JournalConfig segmentOpener(final SegmentOpener opener)
    {
        this.segmentOpener = opener;
        return this;
    }

    public SegmentOpener segmentOpener()
    {
        return segmentOpener;
    }

    /** Directory holding the segments and the watermark file; created if missing. */
    public JournalConfig directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /** Largest size of one segment file; a record never spans two segments. */
    public JournalConfig segmentBytes(final int segmentBytes)
    {
        this.segmentBytes = segmentBytes;
        return this;
    }

    /** Disk budget for all segments together; at least two segments. */
    public JournalConfig maxBytes(final long maxBytes)
    {
        this.maxBytes = maxBytes;
        return this;
    }

    /** Largest topic plus payload of one record; larger records are refused and counted. */
    public JournalConfig maxRecordBytes(final int maxRecordBytes)
    {
        this.maxRecordBytes = maxRecordBytes;
        return this;
    }

    /** Bytes gathered before one write to the file (group commit); at least one largest record. */
    public JournalConfig writeBufferBytes(final int writeBufferBytes)
    {
        this.writeBufferBytes = writeBufferBytes;
        return this;
    }

    /** Commit (write and fsync) after this many records; 0 for no count-based commit. */
    public JournalConfig fsyncEveryRecords(final int records)
    {
        this.fsyncEveryRecords = records;
        return this;
    }

    /** Commit when the oldest uncommitted record is this old; 0 for no time-based commit. */
    public JournalConfig fsyncIntervalNs(final long intervalNs)
    {
        this.fsyncIntervalNs = intervalNs;
        return this;
    }

    /**
     * False for no fsync at all: commits (on the same count or interval, or on every poll when neither
     * is set) only hand the bytes to the operating system, which survives a killed process but not a power cut.
     */
    public JournalConfig fsync(final boolean fsync)
    {
        this.fsync = fsync;
        return this;
    }

    /** How often a changed acknowledged watermark is fsynced; a stale one only causes resends. */
    public JournalConfig watermarkSyncIntervalNs(final long intervalNs)
    {
        this.watermarkSyncIntervalNs = intervalNs;
        return this;
    }

    /** How long the journal waits after an I/O failure before it tries a fresh segment. */
    public JournalConfig retryIntervalNs(final long intervalNs)
    {
        this.retryIntervalNs = intervalNs;
        return this;
    }

    /** What to give up when {@link #maxBytes} is spent. */
    public JournalConfig eviction(final EvictionPolicy eviction)
    {
        this.eviction = eviction;
        return this;
    }

    /**
     * Out-of-order acknowledgements are kept as this many ranges above the watermark; one that does
     * not fit is dropped and counted (its record is sent again after the next reconnect).
     */
    public JournalConfig maxAcknowledgementRanges(final int ranges)
    {
        this.maxAcknowledgementRanges = ranges;
        return this;
    }

    /** Validates the settings; the journal calls it before opening. */
    public JournalConfig conclude()
    {
        if (directory == null)
        {
            throw new IllegalArgumentException("journal directory is not set");
        }
        if (maxRecordBytes <= 0)
        {
            throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
        }
        if (segmentBytes < SEGMENT_HEADER_LENGTH + maxFrameBytes())
        {
            throw new IllegalArgumentException("segmentBytes " + segmentBytes + " cannot hold one record of " + maxRecordBytes + " bytes");
        }
        if (maxBytes < 2L * segmentBytes)
        {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " must hold at least two segments of " + segmentBytes);
        }
        if (writeBufferBytes < SEGMENT_HEADER_LENGTH + maxFrameBytes())
        {
            throw new IllegalArgumentException("writeBufferBytes " + writeBufferBytes + " cannot hold one record of " + maxRecordBytes + " bytes");
        }
        if (fsyncEveryRecords < 0 || fsyncIntervalNs < 0 || watermarkSyncIntervalNs < 0 || retryIntervalNs < 0)
        {
            throw new IllegalArgumentException("fsync, watermark and retry settings must not be negative");
        }
        if (fsync && fsyncEveryRecords == 0 && fsyncIntervalNs == 0)
        {
            throw new IllegalArgumentException("fsync needs a record count or an interval (or fsync(false))");
        }
        if (maxAcknowledgementRanges < 1)
        {
            throw new IllegalArgumentException("maxAcknowledgementRanges must be positive: " + maxAcknowledgementRanges);
        }
        if (segmentOpener == null)
        {
            throw new IllegalArgumentException("segment opener is not set");
        }
        if (eviction == null)
        {
            throw new IllegalArgumentException("eviction policy is not set");
        }
        return this;
    }

    /** Largest frame on disk: header, topic and payload, padded to the record alignment. */
    int maxFrameBytes()
    {
        return RecordLayout.alignedLength(RecordLayout.HEADER_LENGTH + maxRecordBytes);
    }

    public Path directory()
    {
        return directory;
    }

    public int segmentBytes()
    {
        return segmentBytes;
    }

    public long maxBytes()
    {
        return maxBytes;
    }

    public int maxRecordBytes()
    {
        return maxRecordBytes;
    }

    public int writeBufferBytes()
    {
        return writeBufferBytes;
    }

    public int fsyncEveryRecords()
    {
        return fsyncEveryRecords;
    }

    public long fsyncIntervalNs()
    {
        return fsyncIntervalNs;
    }

    public boolean fsync()
    {
        return fsync;
    }

    public long watermarkSyncIntervalNs()
    {
        return watermarkSyncIntervalNs;
    }

    public long retryIntervalNs()
    {
        return retryIntervalNs;
    }

    public EvictionPolicy eviction()
    {
        return eviction;
    }

    public int maxAcknowledgementRanges()
    {
        return maxAcknowledgementRanges;
    }
}
