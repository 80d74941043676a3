package io.ironloop.firmware.config;

/** Reads a sensor's {@code supervision:} map (failures before a reset, reset back-off, register check, frozen value). */
final class SupervisionCheck
{
    /** Most reads between two register checks: beyond this a brown-out would go unnoticed for too long to matter. */
    static final int MAX_CHECK_REGISTERS_EVERY = 100_000;
    /** Longest frozen-value time: one day. */
    static final double MAX_FROZEN_AFTER_MS = 86_400_000.0;

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
        int checkRegistersEvery = node.integer("checkRegistersEvery", what, fallback.checkRegistersEvery());
        if (checkRegistersEvery < 0 || checkRegistersEvery > MAX_CHECK_REGISTERS_EVERY)
        {
            node.keyProblem("checkRegistersEvery", "'checkRegistersEvery' in " + what + " must be 0 (off) to " + MAX_CHECK_REGISTERS_EVERY
                + " (reads between two configuration-register checks), got " + checkRegistersEvery);
            checkRegistersEvery = fallback.checkRegistersEvery();
        }
        double frozenAfterMs = node.number("frozenAfterMs", what, fallback.frozenAfterMs());
        if (!(frozenAfterMs >= 0 && frozenAfterMs <= MAX_FROZEN_AFTER_MS) || frozenAfterMs > 0 && frozenAfterMs < 1)
        {
            node.keyProblem("frozenAfterMs", "'frozenAfterMs' in " + what + " must be 0 (off) or 1 to " + (long)MAX_FROZEN_AFTER_MS
                + " milliseconds, got " + frozenAfterMs);
            frozenAfterMs = fallback.frozenAfterMs();
        }
        node.rejectUnknownKeys(what);
        return new MachineConfig.Supervision(resetAfter, backoffMs, maxBackoffMs, checkRegistersEvery, frozenAfterMs);
    }
}
