package io.ironloop.hal.sim.device;

import io.ironloop.hal.sim.AnalogSignal;

/**
 * A 4-20 mA transmitter with its loop current read as a voltage across a shunt resistor. Saturates at
 * 3.8 and 20.5 mA as NAMUR NE 43 prescribes; a wire break or a transmitter failure can be forced.
 */
public final class CurrentLoopTransmitter implements AnalogSignal
{
    private final AnalogSignal process;
    private final double rangeLow;
    private final double rangeHigh;
    private final double shuntOhms;
    private volatile double forcedMilliamps = Double.NaN;

    public CurrentLoopTransmitter(
        final AnalogSignal process, final double rangeLow, final double rangeHigh, final double shuntOhms)
    {
        this.process = process;
        this.rangeLow = rangeLow;
        this.rangeHigh = rangeHigh;
        this.shuntOhms = shuntOhms;
    }

    /** Forces the loop current (e.g. 0 for a broken wire, 3.5 for a transmitter failure signal); NaN releases it. */
    public void forceMilliamps(final double milliamps)
    {
        forcedMilliamps = milliamps;
    }

    /** Loop current at {@code nowNs}. */
    public double milliampsAt(final long nowNs)
    {
        final double forced = forcedMilliamps;
        if (!Double.isNaN(forced))
        {
            return forced;
        }
        final double fraction = (process.valueAt(nowNs) - rangeLow) / (rangeHigh - rangeLow);
        return Math.max(3.8, Math.min(20.5, 4.0 + 16.0 * fraction));
    }

    /** Shunt voltage at {@code nowNs}. */
    @Override
    public double valueAt(final long nowNs)
    {
        return milliampsAt(nowNs) * 1e-3 * shuntOhms;
    }
}
