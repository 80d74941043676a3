package io.ironloop.firmware.journal;

/** What the journal gives up when its disk budget is spent; either way every lost record is counted. */
public enum EvictionPolicy
{
    /** Delete the oldest segment, acknowledged or not, so the newest data is kept (the default). */
    DROP_OLDEST,

    /** Keep the backlog and refuse new records until acknowledgements free a segment. */
    DROP_NEWEST
}
