package io.ironloop.firmware.config;

/** Reads a rate in hertz (a sensor's sampling, the control tick, telemetry publishing). */
final class RateCheck
{
    private RateCheck()
    {
    }

    /** {@code rateHz} of {@code node}; must be greater than 0. */
    static double rateHz(final YamlNode node, final String owner, final double fallback)
    {
        return node.positive("rateHz", owner, fallback);
    }
}
