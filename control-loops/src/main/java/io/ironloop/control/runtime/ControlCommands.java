package io.ironloop.control.runtime;

import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpmcArrayQueue;

/**
 * The hand-off of commands from non-real-time threads (MQTT, CLI, status page) into the control agent:
 * a pool of preallocated {@link ControlCommand}s and a bounded JCTools MPSC queue. Any thread takes a
 * command from the pool, fills it and queues it; the control agent drains at most a fixed number per
 * tick (so a flood cannot starve the loop), applies them before running its loops, and returns each
 * command to the pool. Nothing allocates after construction; a full queue is a refusal, not a wait.
 */
public final class ControlCommands
{
    /** The command was queued; it takes effect at the next tick. */
    public static final int ACCEPTED = 0;
    /** Every pooled command is in flight: the control agent is behind or the sender floods. */
    public static final int QUEUE_FULL = -1;
    /** No such loop, or a setpoint that is not a finite number. */
    public static final int INVALID = -2;

    private final int loopCount;
    private final MpscArrayQueue<ControlCommand> pending;
    private final SpmcArrayQueue<ControlCommand> free;

    /**
     * @param loopCount number of loops commands may address
     * @param capacity  commands that may be in flight at once
     */
    public ControlCommands(final int loopCount, final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.loopCount = loopCount;
        this.pending = new MpscArrayQueue<>(capacity);
        this.free = new SpmcArrayQueue<>(capacity);
        for (int i = 0; i < capacity; i++)
        {
            if (!free.offer(new ControlCommand()))
            {
                break; // JCTools rounds capacity up to a power of two; the pool fills what was asked
            }
        }
    }

    /** Asks for a new setpoint (any thread). */
    public int setpoint(final int loopIndex, final double value)
    {
        if (!Double.isFinite(value))
        {
            return INVALID;
        }
        return submit(ControlCommand.Kind.SETPOINT, loopIndex, value, null);
    }

    /** Asks for a mode (any thread). */
    public int mode(final int loopIndex, final Mode mode)
    {
        if (mode == null)
        {
            return INVALID;
        }
        return submit(ControlCommand.Kind.MODE, loopIndex, Double.NaN, mode);
    }

    /** Asks to clear a latched SAFE state (any thread). */
    public int reset(final int loopIndex)
    {
        return submit(ControlCommand.Kind.RESET, loopIndex, Double.NaN, null);
    }

    private int submit(final ControlCommand.Kind kind, final int loopIndex, final double value, final Mode mode)
    {
        if (loopIndex < 0 || loopIndex >= loopCount)
        {
            return INVALID;
        }
        final ControlCommand command = free.poll();
        if (command == null)
        {
            return QUEUE_FULL;
        }
        command.set(kind, loopIndex, value, mode);
        if (!pending.offer(command))
        {
            free.offer(command);
            return QUEUE_FULL;
        }
        return ACCEPTED;
    }

    /**
     * Applies up to {@code limit} queued commands to the loops, oldest first, and returns them to the
     * pool. Control thread only.
     *
     * @return the number applied
     */
    public int applyTo(final ClosedLoop[] loops, final int limit)
    {
        int applied = 0;
        while (applied < limit)
        {
            final ControlCommand command = pending.relaxedPoll();
            if (command == null)
            {
                break;
            }
            final ClosedLoop loop = loops[command.loopIndex];
            switch (command.kind)
            {
                case SETPOINT:
                    loop.setpoint(command.value);
                    break;
                case MODE:
                    loop.requestMode(command.mode);
                    break;
                case RESET:
                    loop.reset();
                    break;
                default:
                    break;
            }
            command.mode = null;
            free.offer(command);
            applied++;
        }
        return applied;
    }

    /** Commands queued and not yet applied (approximate while producers are active). */
    public int depth()
    {
        return pending.size();
    }
}
