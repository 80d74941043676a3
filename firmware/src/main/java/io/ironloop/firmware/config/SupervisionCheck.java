package io.ironloop.firmware.config;

/** Reads a sensor's {@code supervision:} map (failures before a reset, reset back-off). */
final class SupervisionCheck
{
    private SupervisionCheck()
    {
    }

    /** A sensor's {@code supervision:} map; the defaults where it or a key is absent. */
    static MachineConfig.Supervision supervision(final YamlNode node, final String owner)
    {
        final MachineConfig.Supervision fallback = MachineConfig.Supervision.DEFAULT;
        if (node == null || !node.expectMap("'supervision' of " + owner))
        {
            return fallback;
        }
        final String what = "'supervision' of " + owner;
        int resetAfter = node.integer("resetAfter", what, fallback.resetAfter());
        if (resetAfter < 1)
        {
            node.keyProblem("resetAfter", "'resetAfter' in " + what + " must be at least 1 (failures in a row before a device reset), got "
                + resetAfter);
            resetAfter = fallback.resetAfter();
        }
        double backoffMs = node.number("backoffMs", what, fallback.backoffMs());
        if (!(backoffMs >= 0) || Double.isInfinite(backoffMs))
        {
            node.keyProblem("backoffMs", "'backoffMs' in " + what + " must be a finite number of milliseconds, 0 or more, got " + backoffMs);
            backoffMs = fallback.backoffMs();
        }
        double maxBackoffMs = node.number("maxBackoffMs", what, Math.max(fallback.maxBackoffMs(), backoffMs));
        if (!(maxBackoffMs >= backoffMs) || Double.isInfinite(maxBackoffMs))
        {
            node.keyProblem("maxBackoffMs", "'maxBackoffMs' in " + what + " must be finite and at least 'backoffMs' (" + backoffMs + "), got "
                + maxBackoffMs);
            maxBackoffMs = Math.max(fallback.maxBackoffMs(), backoffMs);
        }
        node.rejectUnknownKeys(what);
        return new MachineConfig.Supervision(resetAfter, backoffMs, maxBackoffMs);
    }
}
