package io.ironloop.firmware.config;

/** Reads a rate in hertz (a sensor's sampling, the control tick, telemetry publishing). */
final class RateCheck
{
    /** Slowest rate: one sample per 100 s (a slow thermal process); below it a period is hours or overflows. */
    static final double MIN_HZ = 0.01;

    /**
     * Fastest sampling and control rate: a 100 us period. Faster is beyond what the JVM agents or the buses keep up
     * with; 1e9 Hz hung the control agent and 1e10 Hz made its period 0 ns.
     */
    static final double MAX_HZ = 10_000.0;

    /** Fastest telemetry rate: an MQTT message per millisecond is already far beyond a dashboard's need. */
    static final double MAX_TELEMETRY_HZ = 1_000.0;

    private RateCheck()
    {
    }

    /** {@code rateHz} of {@code node}; must be greater than 0 and from {@link #MIN_HZ} to {@link #MAX_HZ}. */
    static double rateHz(final YamlNode node, final String owner, final double fallback)
    {
        return rateHz(node, owner, fallback, MAX_HZ);
    }

    /** {@code rateHz} of {@code node}; must be greater than 0 and from {@link #MIN_HZ} to {@code maxHz}. */
    static double rateHz(final YamlNode node, final String owner, final double fallback, final double maxHz)
    {
        return RangeCheck.within(node, "rateHz", owner, node.positive("rateHz", owner, fallback), MIN_HZ, maxHz, " Hz");
    }
}
