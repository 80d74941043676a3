package io.ironloop.control.command;

import io.ironloop.control.mode.Mode;

/**
 * One request for the control agent, as a reusable object from the {@link ControlCommands} pool: for
 * one loop, a mode, a setpoint, a manual output, a reset of a latched SAFE state, an autotune start
 * or an acknowledgement of a trip, with who asked. Filled on the submitting thread, applied on the
 * control thread at the top of a tick, answered through its ticket, then returned to the pool.
 */
public final class ControlCommand
{
    /** What a command asks for. */
    public enum Kind
    {
        /** Enter {@link #mode()} (leaving SAFE needs a reset). */
        MODE,
        /** Change the loop's setpoint to {@link #value()}. */
        SETPOINT,
        /** Hold {@link #value()} as the output while in MANUAL. */
        MANUAL_OUTPUT,
        /** Clear a latched SAFE state. */
        RESET,
        /** Start relay autotune now (the loop must be in AUTO at this tick). */
        AUTOTUNE_START,
        /** Record that an operator has seen the latched trip. */
        ACKNOWLEDGE
    }

    Kind kind;
    int loopIndex;
    double value;
    Mode mode;
    CommandSource source;
    int sourceId;
    long ticket;

    ControlCommand()
    {
    }

    void set(
        final long ticket, final Kind kind, final int loopIndex, final double value, final Mode mode, final CommandSource source,
        final int sourceId)
    {
        this.ticket = ticket;
        this.kind = kind;
        this.loopIndex = loopIndex;
        this.value = value;
        this.mode = mode;
        this.source = source;
        this.sourceId = sourceId;
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

    public CommandSource source()
    {
        return source;
    }

    public int sourceId()
    {
        return sourceId;
    }

    public long ticket()
    {
        return ticket;
    }
}
