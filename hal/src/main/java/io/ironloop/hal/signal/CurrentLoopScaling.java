package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;

/**
 * A 4-20 mA input: shunt volts to milliamps, NAMUR NE 43 fault detection (below 3.8 mA or above
 * 20.5 mA is a fault, not a value), then linear scaling of 4..20 mA to [rangeLow, rangeHigh].
 */
public final class CurrentLoopScaling implements SignalStage
{
    /** NE 43: below this the signal means a failure (wire break, transmitter fault). */
    public static final double FAULT_BELOW_MA = 3.8;
    /** NE 43: above this the signal means a failure (short circuit, transmitter fault). */
    public static final double FAULT_ABOVE_MA = 20.5;
    private static final double BOUNDARY_TOLERANCE_MA = 1e-9;

    private final double shuntOhms;
    private final double rangeLow;
    private final double span;
    /** Milliamps per volt across the shunt (1e3 / shunt), so the read path multiplies instead of dividing. */
    private final double milliampsPerVolt;
    /** Span per milliamp of the 16 mA range. */
    private final double spanPerMilliamp;
    private final Unit unit;

    /** @param shuntOhms shunt resistor; 0 when the input already delivers milliamps */
    public CurrentLoopScaling(final double shuntOhms, final double rangeLow, final double rangeHigh, final Unit unit)
    {
        this.shuntOhms = shuntOhms;
        this.rangeLow = rangeLow;
        this.span = rangeHigh - rangeLow;
        this.milliampsPerVolt = shuntOhms > 0 ? 1e3 / shuntOhms : 1.0;
        this.spanPerMilliamp = span / 16.0;
        this.unit = unit;
    }

    @Override
    public boolean apply(final Reading reading)
    {
        reading.unit = unit;
        if (reading.status != SensorStatus.OK)
        {
            return true;
        }
        final double milliamps = shuntOhms > 0 ? reading.value * milliampsPerVolt : reading.value;
        // The tolerance keeps exactly 3.8 / 20.5 mA valid despite the volts-to-milliamps rounding.
        if (!(milliamps >= FAULT_BELOW_MA - BOUNDARY_TOLERANCE_MA && milliamps <= FAULT_ABOVE_MA + BOUNDARY_TOLERANCE_MA))
        {
            reading.fault(BusResult.BAD_DATA, reading.timestampNs);
            return true;
        }
        reading.value = rangeLow + (milliamps - 4.0) * spanPerMilliamp;
        return true;
    }
}
