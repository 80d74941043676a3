package io.ironloop.firmware.journal;

/** Whether the journal is taking records; anything but {@link #JOURNALING} is an alarm to publish. */
public enum JournalState
{
    /** Records are appended and committed. */
    JOURNALING,

    /** The disk budget is spent under {@link EvictionPolicy#DROP_NEWEST}: new records are refused and counted. */
    FULL,

    /** A write, fsync or segment creation failed (disk full, read-only, gone): records are refused until a retry works. */
    FAILED
}
