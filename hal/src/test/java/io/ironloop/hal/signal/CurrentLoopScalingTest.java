package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurrentLoopScalingTest
{
    private final CurrentLoopScaling scaling = new CurrentLoopScaling(150, 0.0, 10.0, Unit.BAR);

    @ParameterizedTest
    @CsvSource({"4.0, 0.0", "12.0, 5.0", "20.0, 10.0", "3.8, -0.125", "20.5, 10.3125"})
    void shouldScaleTheNamurValidRange(final double milliamps, final double bar)
    {
        final Reading reading = new Reading().ok(milliamps * 0.150, 1);
        scaling.apply(reading);
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(bar, reading.value, 1e-9);
        assertEquals(Unit.BAR, reading.unit);
    }

    @ParameterizedTest
    @CsvSource({"0.0", "3.79", "3.6", "20.51", "21.0", "-1.0"})
    void shouldTreatCurrentsOutsideNe43AsFaults(final double milliamps)
    {
        final Reading reading = new Reading().ok(milliamps * 0.150, 1);
        scaling.apply(reading);
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.BAD_DATA, reading.errorCode);
        assertTrue(Double.isNaN(reading.value));
    }

    @Test
    void shouldLeaveFaultsAlone()
    {
        final Reading reading = new Reading().fault(BusResult.NACK, 7);
        scaling.apply(reading);
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.NACK, reading.errorCode);
    }

    @Test
    void shouldNotLetAFaultPoisonTheEmaFilter()
    {
        final EmaFilter ema = new EmaFilter(0.5);
        ema.apply(new Reading().ok(2.0, 1));
        ema.apply(new Reading().fault(BusResult.NACK, 2));
        final Reading next = new Reading().ok(4.0, 3);
        ema.apply(next);
        assertEquals(3.0, next.value, 1e-12);
    }
}
