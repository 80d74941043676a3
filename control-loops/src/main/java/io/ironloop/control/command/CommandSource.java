package io.ironloop.control.command;

/**
 * Who asked for a command or a mode change: the channel it came through. Together with a small
 * source id (a CLI session, an MQTT client number, a page session) it is recorded in the transition
 * log, so every change of a loop's mode says who caused it.
 */
public enum CommandSource
{
    /** The firmware itself: trips, start-up, the watchdog, a restored latch. */
    SYSTEM,
    /** A process on the board itself: a bench, an autotune run, a test. */
    LOCAL,
    /** The command line. */
    CLI,
    /** A remote command over MQTT. */
    MQTT,
    /** The local status page. */
    PAGE,
    /** The advisor agent, through its advice (a fallback from ADVISED to AUTO only). */
    ADVISOR;

    private static final CommandSource[] VALUES = values();

    /** Allocation-free lookup by ordinal. */
    public static CommandSource of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
