package io.ironloop.hal.bus;

/**
 * Results of bus transfers. Transfers return the number of bytes moved (zero or more) or one of these
 * negative codes; exceptions never cross a bus interface.
 */
public final class BusResult
{
    /** The addressed device did not acknowledge. */
    public static final int NACK = -1;
    /** The transfer did not complete in time. */
    public static final int TIMEOUT = -2;
    /** Any other I/O failure reported by the kernel or the device model. */
    public static final int IO_ERROR = -3;
    /** The bus or device is not open (not configured, or closed). */
    public static final int NOT_OPEN = -4;
    /** The data came back but failed its check (CRC, fault bit, wrong id). */
    public static final int BAD_DATA = -5;
    /**
     * Not a transfer result but the supervisor's finding: a configuration register no longer holds
     * what configure wrote (the chip browned out or reset itself); the chip is being reconfigured.
     */
    public static final int CONFIG_LOST = -6;
    /** Not a transfer result but the supervisor's finding: the raw value has not moved for the configured time. */
    public static final int FROZEN = -7;

    private BusResult()
    {
    }

    /** True for a negative result. */
    public static boolean isError(final int result)
    {
        return result < 0;
    }

    /** Short name of a result for logs (never called on the hot path with an allocation). */
    public static String name(final int result)
    {
        switch (result)
        {
            case NACK: return "NACK";
            case TIMEOUT: return "TIMEOUT";
            case IO_ERROR: return "IO_ERROR";
            case NOT_OPEN: return "NOT_OPEN";
            case BAD_DATA: return "BAD_DATA";
            case CONFIG_LOST: return "CONFIG_LOST";
            case FROZEN: return "FROZEN";
            default: return result >= 0 ? "OK" : "ERROR(" + result + ")";
        }
    }
}
