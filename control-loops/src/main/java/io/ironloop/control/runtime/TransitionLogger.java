package io.ironloop.control.runtime;

import io.ironloop.control.command.CommandSource;
import io.ironloop.control.loop.LatchStore;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.mode.TransitionLog;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * A non-real-time agent that drains the {@link TransitionLog} every {@code periodNs} and writes each
 * mode transition, with who asked for it, to SLF4J (WARN for SAFE and refusals, INFO otherwise), and
 * keeps the {@link LatchStore} (when given) in step: a loop entering SAFE is recorded, one leaving it
 * cleared. Logging and file I/O allocate and block; that is why they run here and not on the control
 * thread.
 */
public final class TransitionLogger implements ScheduledAgent, TransitionLog.Handler
{
    private static final Logger LOG = LoggerFactory.getLogger(TransitionLogger.class);

    private final NanoClock clock;
    private final TransitionLog log;
    private final String[] loopIds;
    private final String[][] causeDetails;
    private final long periodNs;
    private long nextNs = Long.MIN_VALUE;
    private long reportedDrops;
    private long logged;
    private LatchStore latchStore;

    /**
     * @param loopIds      names of the loops by index
     * @param causeDetails per loop, the names behind an INTERLOCK detail index (may be empty)
     */
    public TransitionLogger(
        final NanoClock clock, final TransitionLog log, final String[] loopIds, final String[][] causeDetails, final long periodNs)
    {
        this.clock = clock;
        this.log = log;
        this.loopIds = loopIds.clone();
        this.causeDetails = causeDetails.clone();
        this.periodNs = periodNs;
    }

    /** Keeps {@code store} up to date with every latch and reset from now on (before the agents start). */
    public TransitionLogger latchStore(final LatchStore store)
    {
        this.latchStore = store;
        return this;
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (nextNs != Long.MIN_VALUE && nowNs - nextNs < 0)
        {
            return 0;
        }
        nextNs = nowNs + periodNs;
        return drain();
    }

    /** Logs everything waiting (also at shutdown). */
    public int drain()
    {
        final int count = log.drain(this);
        final long drops = log.dropped();
        if (drops != reportedDrops)
        {
            LOG.warn("{} mode transition records were dropped (ring of {} full)", drops - reportedDrops, log.capacity());
            reportedDrops = drops;
        }
        return count;
    }

    @Override
    public void onTransition(
        final long timeNs, final int loop, final Mode from, final Mode to, final TransitionCause cause, final int detail,
        final boolean accepted, final CommandSource source, final int sourceId)
    {
        logged++;
        final String loopId = loop >= 0 && loop < loopIds.length ? loopIds[loop] : "loop " + loop;
        final String why = cause == TransitionCause.INTERLOCK && loop >= 0 && loop < causeDetails.length
            && detail >= 0 && detail < causeDetails[loop].length ? cause + " " + causeDetails[loop][detail] : cause.name();
        final String who = source == CommandSource.SYSTEM ? "system" : source.name().toLowerCase(Locale.ROOT) + " " + sourceId;
        if (!accepted)
        {
            LOG.warn("loop {}: {} -> {} refused ({}, asked by {}) at {} ms", loopId, from, to, why, who, timeNs / 1_000_000L);
        }
        else if (to == Mode.SAFE)
        {
            LOG.warn("loop {}: {} -> {} ({}, by {}) at {} ms", loopId, from, to, why, who, timeNs / 1_000_000L);
        }
        else
        {
            LOG.info("loop {}: {} -> {} ({}, by {}) at {} ms", loopId, from, to, why, who, timeNs / 1_000_000L);
        }
        if (accepted && latchStore != null && from != to && (to == Mode.SAFE || from == Mode.SAFE))
        {
            keepLatch(loopId, to == Mode.SAFE, cause, detail, timeNs);
        }
    }

    private void keepLatch(final String loopId, final boolean latched, final TransitionCause cause, final int detail, final long timeNs)
    {
        try
        {
            if (latched)
            {
                latchStore.record(loopId, cause, detail, timeNs);
            }
            else
            {
                latchStore.clear(loopId);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("loop {}: the latch could not be {} in the state directory: {}", loopId, latched ? "recorded" : "cleared",
                ex.getMessage());
        }
    }

    /** Records logged so far. */
    public long logged()
    {
        return logged;
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextNs == Long.MIN_VALUE ? clock.nanoTime() : nextNs;
    }

    @Override
    public void onClose()
    {
        drain();
    }

    @Override
    public String roleName()
    {
        return "transition-logger";
    }
}
