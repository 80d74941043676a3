package io.ironloop.firmware.run;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What happens to an exception that escapes an agent's duty cycle (the agent runs on, its
 * {@code AgentRunner} calls this): counted in the counters file ({@code agent errors}) and logged at
 * most once per interval with the number left unlogged, so an agent failing every cycle cannot flood
 * the journal at a thousand lines a second.
 */
public final class AgentErrors implements ErrorHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(AgentErrors.class);
    /** At most one log line per agent error burst this often. */
    public static final long LOG_INTERVAL_NS = 1_000_000_000L;

    private final AtomicCounter errors;
    private final long intervalNs;
    private final AtomicLong lastLogNs;
    private final AtomicLong unlogged = new AtomicLong();

    /**
     * @param errors     counts every error, or null to count nothing
     * @param intervalNs shortest time between two log lines
     */
    public AgentErrors(final AtomicCounter errors, final long intervalNs)
    {
        this.errors = errors;
        this.intervalNs = intervalNs;
        this.lastLogNs = new AtomicLong(System.nanoTime() - intervalNs);
    }

    @Override
    public void onError(final Throwable error)
    {
        if (errors != null)
        {
            errors.incrementRelease();
        }
        final long nowNs = System.nanoTime();
        final long last = lastLogNs.get();
        if (nowNs - last >= intervalNs && lastLogNs.compareAndSet(last, nowNs))
        {
            final long skipped = unlogged.getAndSet(0);
            if (skipped == 0)
            {
                LOG.error("agent error", error);
            }
            else
            {
                LOG.error("agent error ({} more since the last one logged)", skipped, error);
            }
        }
        else
        {
            unlogged.incrementAndGet();
        }
    }

    /** Errors not logged since the last line. */
    public long unlogged()
    {
        return unlogged.get();
    }
}
