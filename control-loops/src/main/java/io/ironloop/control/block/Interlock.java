package io.ironloop.control.block;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/**
 * One interlock on one process value: a high or low limit, a rate of change, a sensor status, or a
 * digital permissive (a door contact or an e-stop chain from a {@code gpio-input} sensor). The loops
 * it guards check it at the top of their tick, before any controller, and go to their safe state in
 * that same tick when it trips.
 *
 * <p>A condition must hold for {@code delayNs} before it trips (0 = at once). A value that is not
 * finite, a FAULT reading after start-up, or a reading older than its sensor's staleness limit (or
 * marked STALE) trips at once whatever the kind and delay: a NaN is never a measurement, and an old
 * value says nothing about now (a permissive contact that stopped reporting is not a closed door).
 * Until the slot holds a first value (never written, or STALE without a value) and for FAULT readings,
 * the interlock answers {@link #HOLD} during the start-up grace period (outputs stay safe, nothing
 * latches) and {@link #TRIP} after it. A non-finite value with status OK trips even in the grace period.
 *
 * <p>{@link #evaluate} is idempotent within a tick (same {@code nowNs}), so several loops can share
 * one interlock. Allocation-free; never throws.
 */
public final class Interlock
{
    /** What the interlock watches. */
    public enum Kind { HIGH, LOW, RATE, STATUS, PERMISSIVE }

    /** Answer: the value is fine. */
    public static final int OK = 0;
    /** Answer: no data yet, inside the start-up grace period: hold outputs safe, do not latch. */
    public static final int HOLD = 1;
    /** Answer: force the safe state. */
    public static final int TRIP = 2;

    private final String id;
    private final Kind kind;
    private final int slot;
    private final double limit;
    private final long delayNs;
    private final long staleAfterNs;
    private final long startupGraceNs;

    private long lastEvaluationNs = Long.MIN_VALUE;
    private int lastAnswer = OK;
    private long startNs = Long.MIN_VALUE;
    private long conditionSinceNs = Long.MIN_VALUE;
    private long lastSequence;
    private double lastValue = Double.NaN;
    private long lastTimestampNs;
    private double rate;
    private boolean nonFinite;

    /**
     * @param id             name, for logs and counters
     * @param kind           what to watch
     * @param slot           process image slot of the watched value
     * @param limit          HIGH/LOW: the limit; RATE: the largest |change| per second; PERMISSIVE: the
     *                       value that permits running (a reading counts as that value within 0.5);
     *                       STATUS: unused
     * @param delayNs        how long the condition must hold before tripping
     * @param staleAfterNs   a reading older than this is stale, which trips (every kind)
     * @param startupGraceNs how long missing data holds instead of tripping at start
     */
    public Interlock(
        final String id,
        final Kind kind,
        final int slot,
        final double limit,
        final long delayNs,
        final long staleAfterNs,
        final long startupGraceNs)
    {
        if (kind == null || slot < 0 || delayNs < 0 || staleAfterNs <= 0 || startupGraceNs < 0
            || (kind != Kind.STATUS && !Double.isFinite(limit)) || (kind == Kind.RATE && !(limit > 0)))
        {
            throw new IllegalArgumentException("invalid interlock '" + id + "'");
        }
        this.id = id;
        this.kind = kind;
        this.slot = slot;
        this.limit = limit;
        this.delayNs = delayNs;
        this.staleAfterNs = staleAfterNs;
        this.startupGraceNs = startupGraceNs;
    }

    /**
     * Judges the latest reading of the slot.
     *
     * @param nowNs    time of the tick
     * @param sequence the slot's sequence number (0 = never written)
     * @param reading  the slot's latest reading
     * @return {@link #OK}, {@link #HOLD} or {@link #TRIP}
     */
    public int evaluate(final long nowNs, final long sequence, final Reading reading)
    {
        if (nowNs == lastEvaluationNs)
        {
            return lastAnswer;
        }
        lastEvaluationNs = nowNs;
        if (startNs == Long.MIN_VALUE)
        {
            startNs = nowNs;
        }
        lastAnswer = judge(nowNs, sequence, reading);
        return lastAnswer;
    }

    private int judge(final long nowNs, final long sequence, final Reading reading)
    {
        nonFinite = false;
        final boolean inGrace = nowNs - startNs < startupGraceNs;
        if (sequence == 0 || reading.status == SensorStatus.STALE && !Double.isFinite(reading.value))
        {
            conditionSinceNs = Long.MIN_VALUE;
            return inGrace ? HOLD : TRIP;
        }
        final double value = reading.value;
        if (reading.status == SensorStatus.FAULT && inGrace)
        {
            // A device still starting up may fault its first conversions: hold safe, do not latch.
            return HOLD;
        }
        if (reading.status == SensorStatus.FAULT || !Double.isFinite(value))
        {
            nonFinite = true;
            return TRIP;
        }
        if (reading.status == SensorStatus.STALE || nowNs - reading.timestampNs > staleAfterNs)
        {
            conditionSinceNs = Long.MIN_VALUE;
            return inGrace ? HOLD : TRIP;
        }
        final boolean condition;
        switch (kind)
        {
            case HIGH:
                condition = value > limit;
                break;
            case LOW:
                condition = value < limit;
                break;
            case RATE:
                condition = rateExceeded(sequence, value, reading.timestampNs);
                break;
            case STATUS:
                condition = reading.status != SensorStatus.OK;
                break;
            default:
                condition = Math.abs(value - limit) > 0.5;
                break;
        }
        if (!condition)
        {
            conditionSinceNs = Long.MIN_VALUE;
            return OK;
        }
        if (conditionSinceNs == Long.MIN_VALUE)
        {
            conditionSinceNs = nowNs;
        }
        return nowNs - conditionSinceNs >= delayNs ? TRIP : OK;
    }

    private boolean rateExceeded(final long sequence, final double value, final long timestampNs)
    {
        if (sequence != lastSequence)
        {
            final long dtNs = timestampNs - lastTimestampNs;
            rate = lastSequence != 0 && dtNs > 0 && Double.isFinite(lastValue) ? (value - lastValue) * 1e9 / dtNs : 0.0;
            lastSequence = sequence;
            lastValue = value;
            lastTimestampNs = timestampNs;
        }
        return Math.abs(rate) > limit;
    }

    /** True when the condition is currently tripping (a loop may not leave SAFE while it is). */
    public boolean isTripping()
    {
        return lastAnswer == TRIP;
    }

    /** True when the last trip was caused by a non-finite or FAULT reading. */
    public boolean trippedOnBadValue()
    {
        return nonFinite;
    }

    public String id()
    {
        return id;
    }

    public Kind kind()
    {
        return kind;
    }

    public int slot()
    {
        return slot;
    }

    /** Last measured rate of change per second (RATE kind). */
    public double rate()
    {
        return rate;
    }
}
