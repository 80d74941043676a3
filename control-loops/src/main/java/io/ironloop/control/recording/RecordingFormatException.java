package io.ironloop.control.recording;

import java.io.IOException;

/** A file that is not a readable recording: wrong magic or version, truncated, or a checksum that does not match. */
public final class RecordingFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    public RecordingFormatException(final String message)
    {
        super(message);
    }
}
