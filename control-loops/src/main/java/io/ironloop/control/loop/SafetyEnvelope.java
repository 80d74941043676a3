package io.ironloop.control.loop;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * What advice may do to a loop: a setpoint trim is clamped to {@code [trimMin, trimMax]} and used
 * only while fresh (written less than {@code maxAgeNs} ago and not past its own expiry). Advice that
 * is missing, expired, too old or not a number is ignored and the deterministic setpoint is used in
 * the same tick; each ignored and each clamped advice is counted. Control thread only; allocation-free.
 */
public final class SafetyEnvelope
{
    private final double trimMin;
    private final double trimMax;
    private final long maxAgeNs;
    private long ignored;
    private long clamped;
    private long ignoredSequence;
    private long clampedSequence;
    private long fallbackSequence;
    private AtomicCounter ignoredCounter;
    private AtomicCounter clampedCounter;

    /**
     * @param trimMin  most negative trim ever applied
     * @param trimMax  most positive trim ever applied
     * @param maxAgeNs advice older than this is ignored
     */
    public SafetyEnvelope(final double trimMin, final double trimMax, final long maxAgeNs)
    {
        if (!Double.isFinite(trimMin) || !Double.isFinite(trimMax) || !(trimMax >= trimMin) || maxAgeNs <= 0)
        {
            throw new IllegalArgumentException("invalid safety envelope [" + trimMin + ", " + trimMax + "], max age " + maxAgeNs + " ns");
        }
        this.trimMin = trimMin;
        this.trimMax = trimMax;
        this.maxAgeNs = maxAgeNs;
    }

    /** Also publishes the ignored and clamped counts in the counters file (start-up only). */
    public SafetyEnvelope counters(final AtomicCounter ignored, final AtomicCounter clamped)
    {
        this.ignoredCounter = ignored;
        this.clampedCounter = clamped;
        return this;
    }

    /** Whether the advice is fresh: present, written within the max age, not past its expiry (the trim is not judged). */
    public boolean fresh(final long nowNs, final boolean present, final AdviceSlot.Advice advice)
    {
        return present && nowNs - advice.expiresAtNs() < 0 && nowNs - advice.writtenAtNs() <= maxAgeNs
            && advice.writtenAtNs() - nowNs <= maxAgeNs;
    }

    /**
     * Whether fresh advice asks an ADVISED loop to fall back to AUTO; each advice answers true once, so an
     * operator who puts the loop back in ADVISED is not thrown out again by the same advice.
     */
    public boolean fallbackRequested(final long nowNs, final boolean present, final AdviceSlot.Advice advice)
    {
        if (!fresh(nowNs, present, advice) || !advice.requestsAuto() || advice.sequence() == fallbackSequence)
        {
            return false;
        }
        fallbackSequence = advice.sequence();
        return true;
    }

    /**
     * The trim to apply at {@code nowNs}: 0 when the advice is unusable (each advice counted once,
     * when first found unusable), else the advice's trim clamped to the bounds (counted once per advice when clamped).
     */
    public double trim(final long nowNs, final boolean present, final AdviceSlot.Advice advice)
    {
        if (!present)
        {
            return 0.0;
        }
        final long sequence = advice.sequence();
        final double trim = advice.trim();
        if (!Double.isFinite(trim) || !fresh(nowNs, true, advice))
        {
            if (sequence != ignoredSequence)
            {
                ignoredSequence = sequence;
                ignored++;
                if (ignoredCounter != null)
                {
                    ignoredCounter.incrementRelease();
                }
            }
            return 0.0;
        }
        if (trim < trimMin || trim > trimMax)
        {
            if (sequence != clampedSequence)
            {
                clampedSequence = sequence;
                clamped++;
                if (clampedCounter != null)
                {
                    clampedCounter.incrementRelease();
                }
            }
            return Math.max(trimMin, Math.min(trimMax, trim));
        }
        return trim;
    }

    /** Advice ignored: expired, too old, or not a number. */
    public long ignored()
    {
        return ignored;
    }

    /** Advice whose trim was outside the bounds and was clamped. */
    public long clamped()
    {
        return clamped;
    }

    public double trimMin()
    {
        return trimMin;
    }

    public double trimMax()
    {
        return trimMax;
    }

    public long maxAgeNs()
    {
        return maxAgeNs;
    }
}
