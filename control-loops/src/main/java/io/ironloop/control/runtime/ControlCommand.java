package io.ironloop.control.runtime;

import io.ironloop.control.mode.Mode;

/**
 * One request for the control agent, as a reusable object from the {@link ControlCommands} pool: a
 * setpoint change, a mode request or a reset of a latched SAFE state, for one loop. Filled on the
 * submitting thread, applied on the control thread at the top of a tick, then returned to the pool.
 */
public final class ControlCommand
{
    /** What a command asks for. */
    public enum Kind
    {
        /** Change the loop's setpoint to {@link #value()}. */
        SETPOINT,
        /** Request {@link #mode()} at this tick (leaving SAFE still needs a reset). */
        MODE,
        /** Clear a latched SAFE state. */
        RESET
    }

    Kind kind;
    int loopIndex;
    double value;
    Mode mode;

    ControlCommand()
    {
    }

    ControlCommand set(final Kind kind, final int loopIndex, final double value, final Mode mode)
    {
        this.kind = kind;
        this.loopIndex = loopIndex;
        this.value = value;
        this.mode = mode;
        return this;
    }

    public Kind kind()
    {
        return kind;
    }

    public int loopIndex()
    {
        return loopIndex;
    }

    public double value()
    {
        return value;
    }

    public Mode mode()
    {
        return mode;
    }
}
