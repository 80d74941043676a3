package io.ironloop.control.mode;

/** Why a loop changed mode. */
public enum TransitionCause
{
    /** The loop's first mode. */
    STARTUP,
    /** An operator (CLI, MQTT command) asked for it. */
    OPERATOR,
    /** An operator cleared a latched SAFE state. */
    RESET,
    /** An interlock tripped; the detail is the interlock's index in the loop. */
    INTERLOCK,
    /** A measurement was missing, stale or faulted after start-up. */
    SENSOR,
    /** The watchdog tripped (overruns or a stalled agent). */
    WATCHDOG,
    /** A control block threw or returned a non-finite output. */
    BLOCK_ERROR,
    /** Relay autotune aborted (PV out of its bound, timeout, bad input). */
    AUTOTUNE,
    /** The loop's step threw: the control agent contained it and sent this loop alone SAFE. */
    LOOP_ERROR,
    /** The trip was latched when the firmware last stopped and is restored at start-up. */
    RESTORED,
    /** An operator acknowledged a latched trip (no mode change). */
    ACKNOWLEDGE,
    /** The loop's output channel is FAULT (its writes failed in a row); the detail is the last BusResult. */
    OUTPUT_FAULT,
    /** The loop's output channel was latched safe from outside the loop; the detail is the latch reasons. */
    OUTPUT_LATCHED,
    /** Fresh advice asked an ADVISED loop to fall back to AUTO (the only mode change advice can make). */
    ADVISOR_FALLBACK;

    private static final TransitionCause[] VALUES = values();

    /** Allocation-free lookup by ordinal. */
    public static TransitionCause of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
