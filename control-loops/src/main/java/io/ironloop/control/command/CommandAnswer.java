package io.ironloop.control.command;

/**
 * The answer to one command: {@link #PENDING} until the control thread has applied it, then
 * {@link #ACCEPTED} or one of the reasons it was rejected. A rejected command changes nothing.
 * {@link #UNKNOWN} means the ticket is older than the answers kept (or was never issued).
 */
public enum CommandAnswer
{
    /** Queued, not yet applied. */
    PENDING,
    /** Applied. */
    ACCEPTED,
    /** The loop index names no loop. */
    NO_SUCH_LOOP,
    /** A setpoint or manual output that is not a finite number. */
    NOT_FINITE,
    /** A setpoint outside the loop's configured setpoint range. */
    SETPOINT_OUT_OF_RANGE,
    /** A manual output outside the loop's output range. */
    OUTPUT_OUT_OF_RANGE,
    /** A setpoint for a loop whose ramp/soak program drives the setpoint. */
    PROGRAM_RUNNING,
    /** The loop's current mode does not take this command (a manual output outside MANUAL, autotune outside AUTO). */
    WRONG_MODE,
    /** ADVISED asked of a loop with no advisor input. */
    NO_ADVISOR,
    /** A reset while the cause of the trip persists. */
    TRIP_PERSISTS,
    /** A reset or acknowledge of a loop that is not latched SAFE. */
    NOT_LATCHED,
    /** Autotune asked of a loop without autotune, or one already running. */
    NO_AUTOTUNE,
    /** Every pooled command is in flight: the control agent is behind or the sender floods. */
    QUEUE_FULL,
    /** The mode machine does not allow this transition (leaving SAFE needs a reset; SAFE or ADVISED is no reset target). */
    NOT_ALLOWED,
    /** The ticket is older than the answers kept, or was never issued. */
    UNKNOWN;

    private static final CommandAnswer[] VALUES = values();

    /** Allocation-free lookup by ordinal. */
    public static CommandAnswer of(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** True once the control thread has answered (or the submission itself was refused). */
    public boolean isFinal()
    {
        return this != PENDING;
    }

    /** True for every answer that is a refusal. */
    public boolean isRejected()
    {
        return this != PENDING && this != ACCEPTED && this != UNKNOWN;
    }
}
