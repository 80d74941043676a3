package io.ironloop.firmware.replay;

import io.ironloop.hal.sim.AnalogSignal;

/**
 * A signal with one injected fault in a time window: stuck (the value at onset held), spike (a value
 * added), drift (a rate added, growing from onset), NaN. Outside the window the signal passes
 * unchanged. Decided by virtual time alone, so a replay is the same every time; no allocation.
 */
final class FaultySignal implements AnalogSignal
{
    static final int STUCK = 0;
    static final int SPIKE = 1;
    static final int DRIFT = 2;
    static final int NAN = 3;

    private final AnalogSignal base;
    private final int kind;
    private final long startNs;
    private final long endNs;
    private final double value;
    private boolean holding;
    private double held;

    FaultySignal(final AnalogSignal base, final int kind, final long startNs, final long endNs, final double value)
    {
        this.base = base;
        this.kind = kind;
        this.startNs = startNs;
        this.endNs = endNs;
        this.value = value;
    }

    static int kind(final String name)
    {
        switch (name)
        {
            case "stuck": return STUCK;
            case "spike": return SPIKE;
            case "drift": return DRIFT;
            case "nan": return NAN;
            default: return -1;
        }
    }

    @Override
    public double valueAt(final long nowNs)
    {
        if (nowNs < startNs || nowNs >= endNs)
        {
            holding = false;
            return base.valueAt(nowNs);
        }
        switch (kind)
        {
            case STUCK:
                if (!holding)
                {
                    held = base.valueAt(nowNs);
                    holding = true;
                }
                return held;
            case SPIKE:
                return base.valueAt(nowNs) + value;
            case DRIFT:
                return base.valueAt(nowNs) + value * ((nowNs - startNs) * 1e-9);
            default:
                return Double.NaN;
        }
    }
}
