package io.ironloop.hal.driver;

import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sensor under supervision, PX4 style: a bus error marks the reading FAULT and is counted; reads are
 * then skipped with exponential backoff (capped); when failures pile up the device is reset by
 * re-running its {@link #configure()} sequence, and on the first good read it is ACTIVE again.
 * Nothing escapes into the loop and the steady state (ACTIVE, reads succeeding) allocates nothing.
 * <ul>
 * <li>Failure score: a failure adds two, a success takes one away (never below 0), and the device is
 *   reset at {@code 2 x failuresBeforeReset}. N consecutive failures still reset after N, and a device
 *   that fails one read in two (anything above one in three) climbs to the reset instead of being
 *   forgiven by every good read.</li>
 * <li>Register check: a driver that declares its {@link ConfigRegisters} has one entry re-read every
 *   {@code checkEveryReads} reads; an entry that no longer holds (a brown-out put the chip back
 *   at its power-on values) makes that reading FAULT with {@link BusResult#CONFIG_LOST} and the device
 *   is reconfigured on the next read, then given its settle time before readings count again.</li>
 * <li>Frozen value: with {@code frozenAfterNs} set, a raw value that stays bit-identical for that long
 *   reads FAULT with {@link BusResult#FROZEN} until it moves (no reset: the chip answers).</li>
 * <li>Absent at start-up: {@link #startInReset()} begins in RESET, so the device is configured by the
 *   first read that finds it answering, exactly as after a run-time outage.</li>
 * </ul>
 *
 * <pre>
 *   ACTIVE --fail--> BACKOFF --(nowNs &gt;= retryAtNs) read--score &gt;= 2N--> RESET --configure ok--> ACTIVE
 *      ^  \             |  ok                                         |  configure fails: stay RESET,
 *      |   +-config lost-|-------------------------------------------&gt;+  next attempt after backoff
 *      +-----------------+
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
    /** Default register check: one configuration register every 50 good reads. */
    public static final int DEFAULT_CHECK_EVERY_READS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedSensor.class);
    /** What a failure adds to the score; a success takes one away. */
    private static final int FAILURE_WEIGHT = 2;

    /** Where the supervisor is. */
    public enum Phase
    {
        /** Reading normally. */
        ACTIVE,
        /** A read failed (or the device was just reconfigured): reads are skipped until the retry time. */
        BACKOFF,
        /** Too many failures, or lost configuration: the next attempt re-runs the device's configure sequence. */
        RESET
    }

    private final Sensor device;
    private final int failuresBeforeReset;
    private final long backoffNs;
    private final long maxBackoffNs;
    private final ConfigRegisters registers;
    private final int checkEveryReads;
    private final long frozenAfterNs;

    private Phase phase = Phase.ACTIVE;
    /** The next attempt is due at the next read, whatever the clock says (start-up, lost configuration). */
    private boolean retryNow;
    private long retryAtNs;
    private long currentBackoffNs;
    private int consecutiveFailures;
    private int failureScore;
    private int lastError;
    private long failures;
    private long resets;
    private long resetFailures;
    private long skippedReads;
    private int readsSinceCheck;
    private int nextCheck;
    private long configLosses;
    private boolean haveRawValue;
    private long lastRawBits;
    private long rawChangedNs;
    private boolean frozen;
    private long frozenReads;

    /** Supervises {@code device} with the defaults: reset after 5 failures, backoff 10 ms doubling to 1 s. */
    public SupervisedSensor(final Sensor device)
    {
        this(device, DEFAULT_FAILURES_BEFORE_RESET, DEFAULT_BACKOFF_NS, DEFAULT_MAX_BACKOFF_NS);
    }

    /** As the full constructor with the default register check and no frozen-value check. */
    public SupervisedSensor(final Sensor device, final int failuresBeforeReset, final long backoffNs, final long maxBackoffNs)
    {
        this(device, failuresBeforeReset, backoffNs, maxBackoffNs, DEFAULT_CHECK_EVERY_READS, 0);
    }

    /**
     * @param checkEveryReads good reads between two configuration-register checks (0: never check);
     *                        ignored for a device that declares no {@link ConfigRegisters}
     * @param frozenAfterNs how long a bit-identical raw value may last before the reading is FAULT (0: off)
     */
    public SupervisedSensor(
        final Sensor device,
        final int failuresBeforeReset,
        final long backoffNs,
        final long maxBackoffNs,
        final int checkEveryReads,
        final long frozenAfterNs)
    {
        if (failuresBeforeReset < 1)
        {
            throw new IllegalArgumentException("failuresBeforeReset must be at least 1, got " + failuresBeforeReset);
        }
        if (backoffNs < 0 || maxBackoffNs < backoffNs)
        {
            throw new IllegalArgumentException("backoff must satisfy 0 <= backoffNs <= maxBackoffNs, got " + backoffNs + ", " + maxBackoffNs);
        }
        if (checkEveryReads < 0)
        {
            throw new IllegalArgumentException("checkEveryReads must be 0 (off) or more, got " + checkEveryReads);
        }
        if (frozenAfterNs < 0)
        {
            throw new IllegalArgumentException("frozenAfterNs must be 0 (off) or more, got " + frozenAfterNs);
        }
        this.device = device;
        this.failuresBeforeReset = failuresBeforeReset;
        this.backoffNs = backoffNs;
        this.maxBackoffNs = maxBackoffNs;
        this.registers = device instanceof ConfigRegisters && ((ConfigRegisters)device).configRegisterCount() > 0
            ? (ConfigRegisters)device : null;
        this.checkEveryReads = checkEveryReads;
        this.frozenAfterNs = frozenAfterNs;
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

    /**
     * The device did not answer its configure sequence at start-up: instead of refusing the machine,
     * start in RESET so its readings are FAULT ({@link BusResult#NOT_OPEN}) and the first read, then
     * reads backing off, retry the configure until it answers. Start-up only.
     */
    public void startInReset()
    {
        phase = Phase.RESET;
        retryNow = true;
        lastError = BusResult.NOT_OPEN;
        consecutiveFailures = failuresBeforeReset;
        failureScore = FAILURE_WEIGHT * failuresBeforeReset;
    }

    @Override
    public void activate()
    {
        if (phase == Phase.RESET)
        {
            // Not configured yet (absent at start-up): the successful reset activates the device.
            return;
        }
        device.activate();
        phase = Phase.ACTIVE;
        consecutiveFailures = 0;
        failureScore = 0;
        haveRawValue = false;
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
            if (!retryNow && retryAtNs - nowNs > 0)
            {
                skippedReads++;
                out.unit = device.unit();
                out.fault(lastError, nowNs);
                return lastError;
            }
            if (phase == Phase.RESET)
            {
                if (!reset(nowNs))
                {
                    out.unit = device.unit();
                    out.fault(lastError, nowNs);
                    return lastError;
                }
                final long settleNs = registers == null ? 0 : registers.settleNs();
                if (settleNs > 0)
                {
                    // The chip answers but its first result is not ready: wait out its settle time as a backoff.
                    phase = Phase.BACKOFF;
                    retryAtNs = nowNs + settleNs;
                    out.unit = device.unit();
                    out.fault(lastError, nowNs);
                    return lastError;
                }
            }
        }
        if (registers != null && checkEveryReads > 0 && ++readsSinceCheck >= checkEveryReads)
        {
            readsSinceCheck = 0;
            final int check = checkRegister();
            if (check != ConfigRegisters.HELD)
            {
                if (check < 0)
                {
                    onFailure(nowNs, check);
                }
                else
                {
                    onConfigurationLost(nowNs);
                }
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
            failureScore = failureScore > 0 ? failureScore - 1 : 0;
            currentBackoffNs = 0;
            if (frozenAfterNs > 0 && out.status == SensorStatus.OK && isFrozen(nowNs, out.value))
            {
                frozenReads++;
                out.fault(BusResult.FROZEN, nowNs);
                return BusResult.FROZEN;
            }
            return result;
        }
        onFailure(nowNs, result);
        return result;
    }

    /** Checks the next table entry; a driver exception counts as a bus error. */
    private int checkRegister()
    {
        final int index = nextCheck;
        nextCheck = index + 1 >= registers.configRegisterCount() ? 0 : index + 1;
        try
        {
            return registers.checkConfigRegister(index);
        }
        catch (final RuntimeException ex)
        {
            return BusResult.IO_ERROR;
        }
    }

    private void onConfigurationLost(final long nowNs)
    {
        configLosses++;
        lastError = BusResult.CONFIG_LOST;
        phase = Phase.RESET;
        retryNow = true;
        // Rare: one line per loss, naming the register whose check caught it.
        final int index = nextCheck == 0 ? registers.configRegisterCount() - 1 : nextCheck - 1;
        LOG.warn("sensor '{}': {} no longer holds its configuration (brown-out?), reconfiguring", device.id(),
            registers.configRegister(index).name());
    }

    /** Tracks the raw value's bits; true once they have not moved for {@code frozenAfterNs}. */
    private boolean isFrozen(final long nowNs, final double value)
    {
        final long bits = Double.doubleToRawLongBits(value);
        if (!haveRawValue || bits != lastRawBits)
        {
            haveRawValue = true;
            lastRawBits = bits;
            rawChangedNs = nowNs;
            if (frozen)
            {
                frozen = false;
                LOG.info("sensor '{}': value moves again", device.id());
            }
            return false;
        }
        if (nowNs - rawChangedNs >= frozenAfterNs)
        {
            if (!frozen)
            {
                frozen = true;
                LOG.warn("sensor '{}': value frozen at {} for {} ms", device.id(), value, (nowNs - rawChangedNs) / 1_000_000L);
            }
            return true;
        }
        return false;
    }

    private void onFailure(final long nowNs, final int result)
    {
        failures++;
        consecutiveFailures++;
        failureScore = Math.min(failureScore + FAILURE_WEIGHT, FAILURE_WEIGHT * failuresBeforeReset);
        lastError = result;
        currentBackoffNs = currentBackoffNs == 0 ? backoffNs : Math.min(maxBackoffNs, currentBackoffNs * 2);
        retryAtNs = nowNs + currentBackoffNs;
        if (phase == Phase.RESET || failureScore >= FAILURE_WEIGHT * failuresBeforeReset)
        {
            if (phase != Phase.RESET)
            {
                LOG.warn("sensor '{}': {} failures ({} in a row, last {}), resetting the device", device.id(), failures,
                    consecutiveFailures, BusResult.name(result));
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
        retryNow = false;
        try
        {
            device.configure();
            device.activate();
            resets++;
            failureScore = 0;
            readsSinceCheck = 0;
            haveRawValue = false;
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

    /** Where the supervisor is now. */
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

    /** Good reads between two configuration-register checks (0: off). */
    public int checkEveryReads()
    {
        return checkEveryReads;
    }

    /** How long a bit-identical raw value may last before the reading is FAULT (0: off). */
    public long frozenAfterNs()
    {
        return frozenAfterNs;
    }

    /** Register checks that found the chip's configuration lost. */
    public long configLosses()
    {
        return configLosses;
    }

    /** Readings reported FAULT because the raw value was frozen. */
    public long frozenReads()
    {
        return frozenReads;
    }

    /** The decaying failure score: +2 per failure, -1 per good read; the device resets at 2 x failuresBeforeReset. */
    public int failureScore()
    {
        return failureScore;
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
