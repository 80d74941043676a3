package io.ironloop.hal.pi4j;

import com.pi4j.library.linuxfs.LinuxFile;
import io.ironloop.hal.bus.BusResult;

/**
 * Maps what Pi4J throws to our negative {@link BusResult} codes, so nothing escapes a transfer. Walks
 * the cause chain (Pi4J wraps the kernel's {@code IOException} in one or two {@code Pi4JException}s)
 * without allocating: the errno of a {@code LinuxFileException}, else the kernel's message text.
 */
final class BusFailure
{
    /** ENXIO: i2c-dev's answer for an address nobody acknowledged (most adapters, board-vm's). */
    static final int ENXIO = 6;
    /** EREMOTEIO: the Pi's i2c-bcm2835 answer for a NACK. */
    static final int EREMOTEIO = 121;
    /** ETIMEDOUT: clock stretching or a stuck bus. */
    static final int ETIMEDOUT = 110;

    private static final int MAX_DEPTH = 8;

    private BusFailure()
    {
    }

    /** The result code for a failed transfer. */
    static int resultOf(final Throwable failure)
    {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++)
        {
            if (cause instanceof LinuxFile.LinuxFileException)
            {
                return resultOfErrno(((LinuxFile.LinuxFileException)cause).getCode());
            }
            final String message = cause.getMessage();
            if (message != null)
            {
                // RandomAccessFile.read/write report errno only as strerror() text
                if (message.startsWith("No such device or address") || message.startsWith("Remote I/O error"))
                {
                    return BusResult.NACK;
                }
                if (message.startsWith("Connection timed out"))
                {
                    return BusResult.TIMEOUT;
                }
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return BusResult.IO_ERROR;
    }

    static int resultOfErrno(final int errno)
    {
        switch (errno)
        {
            case ENXIO:
            case EREMOTEIO:
                return BusResult.NACK;
            case ETIMEDOUT:
                return BusResult.TIMEOUT;
            default:
                return BusResult.IO_ERROR;
        }
    }
}
