package io.ironloop.firmware.service;

import org.agrona.concurrent.status.AtomicCounter;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Tells systemd how the firmware is: {@code READY=1} once the control agent has run its first tick, and
 * {@code WATCHDOG=1} every half watchdog interval, but only while the control agent's cycle counter has
 * moved since the last ping. A control agent that stalls (a deadlock, a thread that died, a JVM frozen
 * in a pause) stops the pings, and systemd kills and restarts the service after {@code WatchdogSec}: the
 * service-level backstop behind the bus agents' in-process last resort.
 *
 * <p>Polled by the thread that supervises the run (never the control thread); it only reads the
 * counter, and the ping itself is one pre-built datagram.
 */
public final class ServiceHealth
{
    private static final byte[] READY = "READY=1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WATCHDOG = "WATCHDOG=1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STOPPING = "STOPPING=1".getBytes(StandardCharsets.US_ASCII);

    private final SystemdNotify notify;
    private final AtomicCounter cycles;
    private final long pingIntervalNs;
    private final long startNs;
    private final Consumer<String> log;
    private boolean ready;
    private long firstTickNs = -1;
    private long lastPingNs;
    private long cyclesAtLastPing;
    private long pings;
    private long withheld;

    /**
     * @param notify         where the messages go (does nothing outside systemd)
     * @param cycles         the control agent's cycle counter
     * @param watchdogUsec   systemd's {@code WATCHDOG_USEC}, or 0 for no watchdog
     * @param startNs        when the process started, on the same clock as {@link #poll(long)}'s argument
     * @param log            where the one start-up line goes
     */
    public ServiceHealth(final SystemdNotify notify, final AtomicCounter cycles, final long watchdogUsec, final long startNs,
        final Consumer<String> log)
    {
        this.notify = notify;
        this.cycles = cycles;
        this.pingIntervalNs = watchdogUsec > 0 ? watchdogUsec * 1_000L / 2 : 0;
        this.startNs = startNs;
        this.log = log;
    }

    /**
     * The watchdog interval systemd asks for, in microseconds, or 0: {@code WATCHDOG_USEC}, honoured
     * only when {@code WATCHDOG_PID} is unset or names this process (sd_watchdog_enabled(3)).
     */
    public static long watchdogUsec(final String usec, final String pid, final long ownPid)
    {
        if (usec == null || usec.isBlank())
        {
            return 0;
        }
        if (pid != null && !pid.isBlank())
        {
            try
            {
                if (Long.parseLong(pid.trim()) != ownPid)
                {
                    return 0;
                }
            }
            catch (final NumberFormatException ex)
            {
                return 0;
            }
        }
        try
        {
            final long value = Long.parseLong(usec.trim());
            return value > 0 ? value : 0;
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    /** Call every few tens of milliseconds from the supervising thread. */
    public void poll(final long nowNs)
    {
        final long count = cycles.get();
        if (!ready)
        {
            if (count <= 0)
            {
                return;
            }
            ready = true;
            firstTickNs = nowNs;
            log.accept(String.format(Locale.ROOT, "first control tick %.0f ms after the JVM started", (nowNs - startNs) * 1e-6));
            notify.send(READY);
            cyclesAtLastPing = count;
            lastPingNs = nowNs;
            if (pingIntervalNs > 0)
            {
                notify.send(WATCHDOG);
                pings++;
            }
            return;
        }
        if (pingIntervalNs <= 0 || nowNs - lastPingNs < pingIntervalNs)
        {
            return;
        }
        lastPingNs = nowNs;
        if (count == cyclesAtLastPing)
        {
            withheld++; // the control agent stood still for half an interval: no ping; systemd restarts us if it lasts
            return;
        }
        cyclesAtLastPing = count;
        if (notify.send(WATCHDOG))
        {
            pings++;
        }
    }

    /** Says the service is stopping (systemd then does not count the exit as a crash while it waits). */
    public void stopping()
    {
        notify.send(STOPPING);
    }

    public boolean ready()
    {
        return ready;
    }

    /** Nanoseconds from the start to the first control tick, or -1 before it. */
    public long timeToFirstTickNs()
    {
        return firstTickNs < 0 ? -1 : firstTickNs - startNs;
    }

    public long pings()
    {
        return pings;
    }

    /** Pings left out because the control agent's cycle counter had not moved. */
    public long withheld()
    {
        return withheld;
    }
}
