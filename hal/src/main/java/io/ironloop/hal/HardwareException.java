package io.ironloop.hal;

/** A start-up failure of a device: wrong chip id, absent device, unsupported setting. Never thrown on a loop. */
public final class HardwareException extends Exception
{
    private static final long serialVersionUID = 1L;

    public HardwareException(final String message)
    {
        super(message);
    }

    public HardwareException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
