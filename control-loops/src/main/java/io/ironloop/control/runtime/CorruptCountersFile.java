package io.ironloop.control.runtime;

import java.io.IOException;
import java.nio.file.Path;

/** A counters file whose header or counter records cannot be what a writer wrote: names the file, byte offset and field. */
public final class CorruptCountersFile extends IOException
{
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String field;

    public CorruptCountersFile(final Path file, final long offset, final String field, final String problem)
    {
        super(file + ": corrupt counters file at byte offset " + offset + " (" + field + "): " + problem);
        this.offset = offset;
        this.field = field;
    }

    /** Byte offset of the bad field from the start of the file. */
    public long offset()
    {
        return offset;
    }

    /** Which field is bad, in words. */
    public String field()
    {
        return field;
    }
}
