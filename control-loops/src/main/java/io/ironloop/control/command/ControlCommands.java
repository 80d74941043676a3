package io.ironloop.control.command;

import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpmcArrayQueue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The one path by which anything outside the control thread changes a loop: a pool of preallocated
 * {@link ControlCommand}s and a bounded JCTools MPSC queue. Any thread takes a command from the pool,
 * fills it and queues it, and gets a ticket; the control agent drains at most a fixed number per tick
 * (so a flood cannot starve the loop), applies them in order to the loops at the top of the tick, and
 * writes each answer ({@link CommandAnswer}) into a ring of answers indexed by ticket. A submitter
 * reads the answer with {@link #answer(long)} (in lockstep: submit, run a tick, read) or waits for it
 * with {@link #await(long, long)} (a non-real-time thread). Nothing allocates after construction; a
 * full queue is a refusal ({@link CommandAnswer#QUEUE_FULL}), never a wait.
 */
public final class ControlCommands
{
    /** Answers kept: a ticket older than this many newer ones reads {@link CommandAnswer#UNKNOWN}. */
    public static final int ANSWERS_KEPT = 1024;
    private static final int ANSWER_BITS = 8;
    private static final long AWAIT_PARK_NS = 50_000L;

    private final int loopCount;
    private final MpscArrayQueue<ControlCommand> pending;
    private final SpmcArrayQueue<ControlCommand> free;
    private final AtomicLong nextTicket = new AtomicLong(1);
    /** Per slot: ticket << 8 | answer ordinal, written with release by whoever answers the ticket. */
    private final AtomicLongArray answers = new AtomicLongArray(ANSWERS_KEPT);

    /**
     * @param loopCount number of loops commands may address
     * @param capacity  commands that may be in flight at once
     */
    public ControlCommands(final int loopCount, final int capacity)
    {
        if (capacity < 1 || capacity > ANSWERS_KEPT / 2)
        {
            throw new IllegalArgumentException("capacity must be 1.." + ANSWERS_KEPT / 2 + ": " + capacity);
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

    /** Asks for a mode (any thread). Leaving SAFE needs {@link #reset}. */
    public long mode(final CommandSource source, final int sourceId, final int loopIndex, final Mode mode)
    {
        return submit(ControlCommand.Kind.MODE, source, sourceId, loopIndex, Double.NaN, mode);
    }

    /** Asks for a new setpoint (any thread). */
    public long setpoint(final CommandSource source, final int sourceId, final int loopIndex, final double value)
    {
        return submit(ControlCommand.Kind.SETPOINT, source, sourceId, loopIndex, value, null);
    }

    /** Asks for the output to hold in MANUAL (any thread). */
    public long manualOutput(final CommandSource source, final int sourceId, final int loopIndex, final double value)
    {
        return submit(ControlCommand.Kind.MANUAL_OUTPUT, source, sourceId, loopIndex, value, null);
    }

    /** Asks to clear a latched SAFE state (any thread). */
    public long reset(final CommandSource source, final int sourceId, final int loopIndex)
    {
        return submit(ControlCommand.Kind.RESET, source, sourceId, loopIndex, Double.NaN, null);
    }

    /** Asks to start relay autotune at the tick that applies it (any thread). */
    public long autotuneStart(final CommandSource source, final int sourceId, final int loopIndex)
    {
        return submit(ControlCommand.Kind.AUTOTUNE_START, source, sourceId, loopIndex, Double.NaN, null);
    }

    /** Records that an operator has seen a latched trip (any thread). */
    public long acknowledge(final CommandSource source, final int sourceId, final int loopIndex)
    {
        return submit(ControlCommand.Kind.ACKNOWLEDGE, source, sourceId, loopIndex, Double.NaN, null);
    }

    private long submit(
        final ControlCommand.Kind kind, final CommandSource source, final int sourceId, final int loopIndex, final double value,
        final Mode mode)
    {
        final long ticket = nextTicket.getAndIncrement();
        if (loopIndex < 0 || loopIndex >= loopCount)
        {
            return answer(ticket, CommandAnswer.NO_SUCH_LOOP);
        }
        if (source == null || (kind == ControlCommand.Kind.MODE && mode == null))
        {
            return answer(ticket, CommandAnswer.NOT_ALLOWED);
        }
        if ((kind == ControlCommand.Kind.SETPOINT || kind == ControlCommand.Kind.MANUAL_OUTPUT) && !Double.isFinite(value))
        {
            return answer(ticket, CommandAnswer.NOT_FINITE);
        }
        final ControlCommand command = free.poll();
        if (command == null)
        {
            return answer(ticket, CommandAnswer.QUEUE_FULL);
        }
        command.set(ticket, kind, loopIndex, value, mode, source, sourceId);
        answers.setRelease(slot(ticket), ticket << ANSWER_BITS | CommandAnswer.PENDING.ordinal());
        if (!pending.offer(command))
        {
            command.mode = null;
            free.offer(command);
            return answer(ticket, CommandAnswer.QUEUE_FULL);
        }
        return ticket;
    }

    private long answer(final long ticket, final CommandAnswer answer)
    {
        answers.setRelease(slot(ticket), ticket << ANSWER_BITS | answer.ordinal());
        return ticket;
    }

    private static int slot(final long ticket)
    {
        return (int)(ticket & (ANSWERS_KEPT - 1));
    }

    /**
     * Applies up to {@code limit} queued commands to the loops, oldest first, answers each and returns
     * it to the pool. Control thread only, at the top of a tick after the loops have sensed.
     *
     * @return the number applied
     */
    public int applyTo(final ClosedLoop[] loops, final long nowNs, final int limit)
    {
        int applied = 0;
        while (applied < limit)
        {
            final ControlCommand command = pending.relaxedPoll();
            if (command == null)
            {
                break;
            }
            final CommandAnswer result = loops[command.loopIndex].apply(nowNs, command);
            answer(command.ticket, result);
            command.mode = null;
            free.offer(command);
            applied++;
        }
        return applied;
    }

    /** The answer to {@code ticket} so far (any thread, allocation-free). */
    public CommandAnswer answer(final long ticket)
    {
        final long packed = answers.getAcquire(slot(ticket));
        if (packed >>> ANSWER_BITS != ticket)
        {
            return CommandAnswer.UNKNOWN;
        }
        return CommandAnswer.of((int)(packed & ((1 << ANSWER_BITS) - 1)));
    }

    /**
     * Waits up to {@code timeoutNs} for the control thread to answer {@code ticket}; for non-real-time
     * submitters only (it parks). Returns {@link CommandAnswer#PENDING} when the time ran out.
     */
    public CommandAnswer await(final long ticket, final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        CommandAnswer answer = answer(ticket);
        while (answer == CommandAnswer.PENDING && System.nanoTime() - deadlineNs < 0)
        {
            LockSupport.parkNanos(AWAIT_PARK_NS);
            answer = answer(ticket);
        }
        return answer;
    }

    /** Commands queued and not yet applied (approximate while producers are active). */
    public int depth()
    {
        return pending.size();
    }
}
