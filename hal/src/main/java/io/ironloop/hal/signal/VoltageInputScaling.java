package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;

/**
 * A 0-10 V transmitter input: ADC volts times the input divider's ratio give terminal volts, which
 * map linearly 0..10 V to [rangeLow, rangeHigh]. 0-10 V has no live zero, so a broken wire reads as
 * the bottom of the range and cannot be told apart; what can be detected is a terminal voltage
 * outside -0.5..10.5 V (a short to a supply, a wrong transmitter), which is a FAULT, not a value.
 */
public final class VoltageInputScaling implements SignalStage
{
    /** Terminal voltage below which the input is faulty. */
    public static final double FAULT_BELOW_VOLTS = -0.5;
    /** Terminal voltage above which the input is faulty. */
    public static final double FAULT_ABOVE_VOLTS = 10.5;

    private final double dividerRatio;
    private final double rangeLow;
    private final double perVolt;
    private final Unit unit;

    /** @param dividerRatio terminal volts per ADC volt (e.g. 3.0 for a 20k/10k divider); 1 without a divider */
    public VoltageInputScaling(final double dividerRatio, final double rangeLow, final double rangeHigh, final Unit unit)
    {
        if (!(dividerRatio > 0))
        {
            throw new IllegalArgumentException("divider ratio must be greater than 0, got " + dividerRatio);
        }
        this.dividerRatio = dividerRatio;
        this.rangeLow = rangeLow;
        this.perVolt = (rangeHigh - rangeLow) / 10.0;
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
        final double volts = reading.value * dividerRatio;
        if (!(volts >= FAULT_BELOW_VOLTS && volts <= FAULT_ABOVE_VOLTS))
        {
            reading.fault(BusResult.BAD_DATA, reading.timestampNs);
            return true;
        }
        reading.value = rangeLow + volts * perVolt;
        return true;
    }
}
