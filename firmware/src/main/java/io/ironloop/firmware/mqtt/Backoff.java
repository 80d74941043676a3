package io.ironloop.firmware.mqtt;

import java.util.SplittableRandom;

/**
 * Jittered exponential backoff for one connection (Paho's own reconnect delay is a JVM-wide static):
 * each failure doubles the ceiling from {@code minNs} up to {@code maxNs}, and the delay is drawn
 * uniformly from the upper half of the ceiling, so boards that lost one broker together do not all
 * return in the same millisecond. Single-threaded.
 */
public final class Backoff
{
    private final long minNs;
    private final long maxNs;
    private final SplittableRandom random;
    private long ceilingNs;

    public Backoff(final long minNs, final long maxNs, final long seed)
    {
        if (minNs <= 0 || maxNs < minNs)
        {
            throw new IllegalArgumentException("backoff needs 0 < min <= max: " + minNs + ", " + maxNs);
        }
        this.minNs = minNs;
        this.maxNs = maxNs;
        this.random = new SplittableRandom(seed);
        this.ceilingNs = minNs;
    }

    /** The delay before the next attempt after a failure; grows the ceiling. */
    public long nextDelayNs()
    {
        final long ceiling = ceilingNs;
        ceilingNs = Math.min(maxNs, ceilingNs * 2);
        final long half = ceiling / 2;
        return half + random.nextLong(ceiling - half + 1);
    }

    /** After a successful connection: start again from the minimum. */
    public void reset()
    {
        ceilingNs = minNs;
    }

    public long ceilingNs()
    {
        return ceilingNs;
    }
}
