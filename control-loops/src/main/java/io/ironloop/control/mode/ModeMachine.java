package io.ironloop.control.mode;

import io.ironloop.control.command.CommandSource;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The mode of one loop with its allowed transitions:
 * <pre>
 *   OFF     -> MANUAL, AUTO, SAFE
 *   MANUAL  -> OFF, AUTO, SAFE
 *   AUTO    -> OFF, MANUAL, ADVISED, SAFE
 *   ADVISED -> OFF, MANUAL, AUTO, SAFE
 *   SAFE    -> OFF, MANUAL, AUTO   (only by an explicit reset, and only out of SAFE)
 * </pre>
 * Every change, and every refused request, is recorded with who asked into a {@link TransitionLog}
 * (when given) and published in the loop's mode counter. Used by the control thread only;
 * allocation-free.
 */
public final class ModeMachine
{
    private static final boolean[][] ALLOWED = new boolean[Mode.values().length][Mode.values().length];

    static
    {
        allow(Mode.OFF, Mode.MANUAL, Mode.AUTO, Mode.SAFE);
        allow(Mode.MANUAL, Mode.OFF, Mode.AUTO, Mode.SAFE);
        allow(Mode.AUTO, Mode.OFF, Mode.MANUAL, Mode.ADVISED, Mode.SAFE);
        allow(Mode.ADVISED, Mode.OFF, Mode.MANUAL, Mode.AUTO, Mode.SAFE);
    }

    private final int loop;
    private final TransitionLog log;
    private final AtomicCounter modeCounter;
    private Mode mode;
    private long transitions;

    /**
     * @param loop        index of the loop, for the records
     * @param initial     first mode
     * @param log         where transitions are recorded, or null
     * @param modeCounter counter publishing the mode's ordinal, or null
     */
    public ModeMachine(final int loop, final Mode initial, final TransitionLog log, final AtomicCounter modeCounter)
    {
        this.loop = loop;
        this.mode = initial;
        this.log = log;
        this.modeCounter = modeCounter;
        if (modeCounter != null)
        {
            modeCounter.setRelease(initial.ordinal());
        }
    }

    private static void allow(final Mode from, final Mode... to)
    {
        for (final Mode next : to)
        {
            ALLOWED[from.ordinal()][next.ordinal()] = true;
        }
    }

    /** Whether {@code from -> to} is an allowed transition outside a reset. */
    public static boolean isAllowed(final Mode from, final Mode to)
    {
        return ALLOWED[from.ordinal()][to.ordinal()];
    }

    /**
     * Asks for a mode. Refused (and recorded as refused) when not allowed; leaving SAFE needs
     * {@link #reset}. Asking for the current mode is a no-op.
     *
     * @return true when the loop is now in {@code next}
     */
    public boolean request(
        final long nowNs, final Mode next, final TransitionCause cause, final int detail, final CommandSource source, final int sourceId)
    {
        if (next == mode)
        {
            return true;
        }
        if (!isAllowed(mode, next))
        {
            refuse(nowNs, next, cause, detail, source, sourceId);
            return false;
        }
        enter(nowNs, next, cause, detail, source, sourceId);
        return true;
    }

    /** Forces SAFE from any mode (interlock, watchdog, block error). Returns true if it was not already SAFE. */
    public boolean forceSafe(final long nowNs, final TransitionCause cause, final int detail)
    {
        if (mode == Mode.SAFE)
        {
            return false;
        }
        enter(nowNs, Mode.SAFE, cause, detail, CommandSource.SYSTEM, 0);
        return true;
    }

    /**
     * Leaves a latched SAFE for {@code next} (OFF, MANUAL or AUTO); the caller checks that nothing is
     * still tripping. Anything else (not SAFE, or SAFE/ADVISED as the target) is refused and recorded:
     * a reset never starts a loop that was not latched.
     */
    public boolean reset(final long nowNs, final Mode next, final CommandSource source, final int sourceId)
    {
        if (mode != Mode.SAFE || next == Mode.SAFE || next == Mode.ADVISED)
        {
            refuse(nowNs, next, TransitionCause.RESET, 0, source, sourceId);
            return false;
        }
        enter(nowNs, next, TransitionCause.RESET, 0, source, sourceId);
        return true;
    }

    /** Records a refused request or reset (something still trips, or the mode does not take it). */
    public void refuse(
        final long nowNs, final Mode next, final TransitionCause cause, final int detail, final CommandSource source, final int sourceId)
    {
        if (log != null)
        {
            log.record(nowNs, loop, mode, next, cause, detail, false, source, sourceId);
        }
    }

    /** Records an event that changes no mode (an acknowledgement), as an accepted record from the mode to itself. */
    public void note(final long nowNs, final TransitionCause cause, final int detail, final CommandSource source, final int sourceId)
    {
        if (log != null)
        {
            log.record(nowNs, loop, mode, mode, cause, detail, true, source, sourceId);
        }
    }

    private void enter(
        final long nowNs, final Mode next, final TransitionCause cause, final int detail, final CommandSource source, final int sourceId)
    {
        final Mode previous = mode;
        mode = next;
        transitions++;
        if (modeCounter != null)
        {
            modeCounter.setRelease(next.ordinal());
        }
        if (log != null)
        {
            log.record(nowNs, loop, previous, next, cause, detail, true, source, sourceId);
        }
    }

    public Mode mode()
    {
        return mode;
    }

    /** Transitions made so far. */
    public long transitions()
    {
        return transitions;
    }
}
