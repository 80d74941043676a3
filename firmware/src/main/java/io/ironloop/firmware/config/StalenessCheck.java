package io.ironloop.firmware.config;

/** Reads how old a sensor's reading may be before loops and interlocks call it stale. */
final class StalenessCheck
{
    private StalenessCheck()
    {
    }

    /** {@code staleAfterMs} of a sensor; by default three sample periods at {@code rateHz}. */
    static double staleAfterMs(final YamlNode node, final String owner, final double rateHz)
    {
        return node.positive("staleAfterMs", owner, 3000.0 / rateHz);
    }
}
