package io.ironloop.firmware.config;

/** Reads how old a sensor's reading may be before loops and interlocks call it stale. */
final class StalenessCheck
{
    private StalenessCheck()
    {
    }

    /** Shortest staleness limit: 0.1 ms, a sample period at the fastest rate; below it every reading is stale. */
    static final double MIN_MS = 0.1;

    /** {@code staleAfterMs} of a sensor; by default three sample periods at {@code rateHz}; at most an hour. */
    static double staleAfterMs(final YamlNode node, final String owner, final double rateHz)
    {
        return RangeCheck.within(node, "staleAfterMs", owner, node.positive("staleAfterMs", owner, 3000.0 / rateHz), MIN_MS,
            RangeCheck.HOUR_MS, " ms");
    }
}
