package io.ironloop.firmware.recording;

import java.io.IOException;

/** A CSV file that does not fit its mapping; the message starts with {@code file:line:}. */
public final class CsvRecordingException extends IOException
{
    private static final long serialVersionUID = 1L;

    public CsvRecordingException(final String file, final long line, final String message)
    {
        super(file + ":" + line + ": " + message);
    }
}
