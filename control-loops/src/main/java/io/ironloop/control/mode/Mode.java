package io.ironloop.control.mode;

/** Operating mode of a control loop. Transitions are explicit and logged by their owner. */
public enum Mode
{
    /** Output at its safe value, controller idle. */
    OFF,
    /** Output set by the operator; the controller tracks it for a bumpless return to AUTO. */
    MANUAL,
    /** Deterministic closed-loop control. */
    AUTO,
    /** AUTO plus bounded, expiring advice from the advisor. */
    ADVISED,
    /** An interlock or the watchdog forced the safe state; latched until reset. */
    SAFE;

    private static final Mode[] VALUES = values();

    /** Allocation-free lookup by ordinal. */
    public static Mode of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
