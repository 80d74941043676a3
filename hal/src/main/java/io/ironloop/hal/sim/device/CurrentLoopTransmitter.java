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
    /** Loop milliamps per process unit above the range's low end (16 / span). */
    private final double milliampsPerUnit;
    /** Shunt volts per milliamp. */
    private final double voltsPerMilliamp;
    private volatile double forcedMilliamps = Double.NaN;

    public CurrentLoopTransmitter(
        final AnalogSignal process, final double rangeLow, final double rangeHigh, final double shuntOhms)
    {
        this.process = process;
        this.rangeLow = rangeLow;
        this.rangeHigh = rangeHigh;
        this.shuntOhms = shuntOhms;
        this.milliampsPerUnit = 16.0 / (rangeHigh - rangeLow);
        this.voltsPerMilliamp = 1e-3 * shuntOhms;
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
        return Math.max(3.8, Math.min(20.5, 4.0 + (process.valueAt(nowNs) - rangeLow) * milliampsPerUnit));
    }

    /** Shunt voltage at {@code nowNs}. */
    @Override
    public double valueAt(final long nowNs)
    {
        return milliampsAt(nowNs) * voltsPerMilliamp;
    }
}
