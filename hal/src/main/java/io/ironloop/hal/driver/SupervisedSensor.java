package io.ironloop.hal.driver;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sensor under supervision, PX4 style: a bus error marks the reading FAULT and is counted; reads are
 * then skipped with exponential backoff (capped); after N consecutive failures the device is reset by
 * re-running its {@link #configure()} sequence, and on the first good read it is ACTIVE again.
 * Nothing escapes into the loop and the steady state (ACTIVE, reads succeeding) allocates nothing.
 *
 * <pre>
 *   ACTIVE --fail--> BACKOFF --(nowNs &gt;= retryAtNs) read--fail x N--> RESET --configure ok--> ACTIVE
 *      ^                 |  ok                                     |  configure fails: stay RESET,
 *      +-----------------+                                         +  next attempt after backoff
 * </pre>
 */
public final class SupervisedSensor implements Sensor
{
    /** Default consecutive failures before a reset. */
    public static final int DEFAULT_FAILURES_BEFORE_RESET = 5;
    /** Default first backoff: 10 ms. */
    public static final long DEFAULT_BACKOFF_NS = 10_000_000L;
    /** Default backoff cap: 1 s. */
    public static final long DEFAULT_MAX_BACKOFF_NS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedSensor.class);

    /** Where the supervisor is. */
    public enum Phase
    {
        /** Reading normally. */
        ACTIVE,
        /** A read failed: reads are skipped until the retry time, then tried again. */
        BACKOFF,
        /** Too many consecutive failures: the next attempt re-runs the device's configure sequence. */
        RESET
    }

    private final Sensor device;
    private final int failuresBeforeReset;
    private final long backoffNs;
    private final long maxBackoffNs;

    private Phase phase = Phase.ACTIVE;
    private long retryAtNs;
    private long currentBackoffNs;
    private int consecutiveFailures;
    private int lastError;
    private long failures;
    private long resets;
    private long resetFailures;
    private long skippedReads;

    /** Supervises {@code device} with the defaults: reset after 5 failures, backoff 10 ms doubling to 1 s. */
    public SupervisedSensor(final Sensor device)
    {
        this(device, DEFAULT_FAILURES_BEFORE_RESET, DEFAULT_BACKOFF_NS, DEFAULT_MAX_BACKOFF_NS);
    }

    public SupervisedSensor(final Sensor device, final int failuresBeforeReset, final long backoffNs, final long maxBackoffNs)
    {
        if (failuresBeforeReset < 1)
        {
            throw new IllegalArgumentException("failuresBeforeReset must be at least 1, got " + failuresBeforeReset);
        }
        if (backoffNs < 0 || maxBackoffNs < backoffNs)
        {
            throw new IllegalArgumentException("backoff must satisfy 0 <= backoffNs <= maxBackoffNs, got " + backoffNs + ", " + maxBackoffNs);
        }
        this.device = device;
        this.failuresBeforeReset = failuresBeforeReset;
        this.backoffNs = backoffNs;
        this.maxBackoffNs = maxBackoffNs;
    }

    /** The supervised device. */
    public Sensor device()
    {
        return device;
    }

    @Override
    public String id()
    {
        return device.id();
    }

    @Override
    public Unit unit()
    {
        return device.unit();
    }

    @Override
    public void configure() throws HardwareException
    {
        device.configure();
    }

    @Override
    public void activate()
    {
        device.activate();
        phase = Phase.ACTIVE;
        consecutiveFailures = 0;
    }

    @Override
    public void deactivate()
    {
        device.deactivate();
    }

    @Override
    public LifecycleState state()
    {
        return device.state();
    }

    @Override
    public int read(final long nowNs, final Reading out)
    {
        if (phase != Phase.ACTIVE)
        {
            if (retryAtNs - nowNs > 0)
            {
                skippedReads++;
                out.unit = device.unit();
                out.fault(lastError, nowNs);
                return lastError;
            }
            if (phase == Phase.RESET && !reset(nowNs))
            {
                out.unit = device.unit();
                out.fault(lastError, nowNs);
                return lastError;
            }
        }
        int result;
        try
        {
            result = device.read(nowNs, out);
        }
        catch (final RuntimeException ex)
        {
            // A driver bug is a fault like a bus error: it must not reach the loop.
            result = BusResult.IO_ERROR;
            out.fault(result, nowNs);
        }
        if (result >= 0)
        {
            phase = Phase.ACTIVE;
            consecutiveFailures = 0;
            currentBackoffNs = 0;
            return result;
        }
        onFailure(nowNs, result);
        return result;
    }

    private void onFailure(final long nowNs, final int result)
    {
        failures++;
        consecutiveFailures++;
        lastError = result;
        currentBackoffNs = currentBackoffNs == 0 ? backoffNs : Math.min(maxBackoffNs, currentBackoffNs * 2);
        retryAtNs = nowNs + currentBackoffNs;
        if (consecutiveFailures >= failuresBeforeReset)
        {
            if (phase != Phase.RESET)
            {
                LOG.warn("sensor '{}': {} consecutive failures (last {}), resetting the device", device.id(), consecutiveFailures,
                    BusResult.name(result));
            }
            phase = Phase.RESET;
        }
        else
        {
            phase = Phase.BACKOFF;
        }
    }

    /** Re-runs the device's configure sequence; true when it answered. Allocates only on this rare path. */
    private boolean reset(final long nowNs)
    {
        try
        {
            device.configure();
            device.activate();
            resets++;
            LOG.info("sensor '{}': reset #{} succeeded", device.id(), resets);
            return true;
        }
        catch (final HardwareException | RuntimeException ex)
        {
            resetFailures++;
            lastError = lastError < 0 ? lastError : BusResult.IO_ERROR;
            currentBackoffNs = Math.min(maxBackoffNs, Math.max(backoffNs, currentBackoffNs * 2));
            retryAtNs = nowNs + currentBackoffNs;
            if (resetFailures == 1 || Long.bitCount(resetFailures) == 1)
            {
                // Logged at 1, 2, 4, 8... failed attempts so a dead device cannot flood the log.
                LOG.warn("sensor '{}': reset attempt failed ({} so far): {}", device.id(), resetFailures, ex.getMessage());
            }
            return false;
        }
    }

    /** Where the supervisor is now. */
    /** Consecutive failures before a device reset. */
    public int failuresBeforeReset()
    {
        return failuresBeforeReset;
    }

    /** The first backoff after a failure. */
    public long backoffNs()
    {
        return backoffNs;
    }

    /** The cap the doubling backoff stops at. */
    public long maxBackoffNs()
    {
        return maxBackoffNs;
    }

    public Phase phase()
    {
        return phase;
    }

    /** Failed reads since start (skipped reads not included). */
    public long failures()
    {
        return failures;
    }

    /** Successful device resets. */
    public long resets()
    {
        return resets;
    }

    /** Reset attempts whose configure sequence failed. */
    public long resetFailures()
    {
        return resetFailures;
    }

    /** Reads skipped while backing off. */
    public long skippedReads()
    {
        return skippedReads;
    }

    /** Failures since the last good read. */
    public int consecutiveFailures()
    {
        return consecutiveFailures;
    }

    /** When the next attempt is due (meaningful outside ACTIVE). */
    public long retryAtNs()
    {
        return retryAtNs;
    }
}
