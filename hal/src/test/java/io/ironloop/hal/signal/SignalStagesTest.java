package io.ironloop.hal.signal;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.TestSensor;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SignalStagesTest
{
    private final Reading reading = new Reading();

    private boolean feed(final SignalStage stage, final double value, final long timestampNs)
    {
        reading.ok(value, timestampNs);
        return stage.apply(timestampNs, reading);
    }

    private void assertFaultUntouched(final SignalStage stage)
    {
        reading.fault(BusResult.NACK, 123);
        assertTrue(stage.apply(456, reading), "a FAULT is never dropped");
        assertEquals(SensorStatus.FAULT, reading.status);
        assertTrue(Double.isNaN(reading.value));
        assertEquals(BusResult.NACK, reading.errorCode);
        assertEquals(123, reading.timestampNs);
    }

    private void assertNoAllocation(final SignalStage stage)
    {
        final long[] t = {0};
        assertEquals(0, Allocations.bytesPerCall(() ->
        {
            t[0] += 1_000_000;
            reading.ok((t[0] / 1_000_000) % 17, t[0]);
            stage.apply(t[0], reading);
        }, 20_000, 20_000), stage.getClass().getSimpleName());
    }

    @Test
    void shouldCalibrateLinearlyFromScaleAndOffsetOrPointPairs()
    {
        final LinearCalibration direct = new LinearCalibration(2.0, -1.0);
        feed(direct, 3.0, 0);
        assertEquals(5.0, reading.value);
        final LinearCalibration fitted = LinearCalibration.fit(new double[] {0, 10, 20}, new double[] {1, 21, 41});
        assertEquals(2.0, fitted.scale(), 1e-12);
        assertEquals(1.0, fitted.offset(), 1e-12);
        final LinearCalibration noisy = LinearCalibration.fit(new double[] {0, 1, 2, 3}, new double[] {0.1, 0.9, 2.1, 2.9});
        assertEquals(0.96, noisy.scale(), 1e-9, "least squares, not the first two points");
        assertThrows(IllegalArgumentException.class, () -> LinearCalibration.fit(new double[] {1, 1}, new double[] {0, 5}));
        assertThrows(IllegalArgumentException.class, () -> LinearCalibration.fit(new double[] {1}, new double[] {0}));
        assertFaultUntouched(direct);
        assertNoAllocation(direct);
    }

    @Test
    void shouldCalibrateWithAPolynomial()
    {
        final PolynomialCalibration poly = new PolynomialCalibration(1.0, 0.0, 0.5);
        feed(poly, 2.0, 0);
        assertEquals(3.0, reading.value);
        final PolynomialCalibration fitted = PolynomialCalibration.fit(
            new double[] {0, 1, 2, 3, 4}, new double[] {1, 1.5, 3, 5.5, 9}, 2);
        assertArrayEquals(new double[] {1, 0, 0.5}, fitted.coefficients(), 1e-9);
        assertThrows(IllegalArgumentException.class, PolynomialCalibration::new);
        assertFaultUntouched(poly);
        assertNoAllocation(poly);
    }

    @Test
    void shouldScaleAZeroToTenVoltInputThroughItsDivider()
    {
        final VoltageInputScaling input = new VoltageInputScaling(3.0, 0.0, 100.0, Unit.PERCENT);
        for (double adcVolts = 0; adcVolts <= 10.0 / 3; adcVolts += 0.1)
        {
            feed(input, adcVolts, 0);
            assertEquals(SensorStatus.OK, reading.status);
            assertEquals(adcVolts * 3 * 10, reading.value, 1e-9);
            assertEquals(Unit.PERCENT, reading.unit);
        }
        feed(input, 11.0 / 3, 0);
        assertEquals(SensorStatus.FAULT, reading.status, "11 V at the terminal is not a 0-10 V signal");
        feed(input, -1.0, 0);
        assertEquals(SensorStatus.FAULT, reading.status);
        assertThrows(IllegalArgumentException.class, () -> new VoltageInputScaling(0, 0, 1, Unit.PERCENT));
        assertFaultUntouched(input);
        assertNoAllocation(input);
    }

    @Test
    void shouldTakeTheSlidingMedian()
    {
        final MedianFilter median = new MedianFilter(3);
        feed(median, 5, 0);
        assertEquals(5, reading.value);
        feed(median, 1, 1);
        assertEquals(3, reading.value, "median of two is their mean");
        feed(median, 100, 2);
        assertEquals(5, reading.value, "the spike is removed");
        feed(median, 6, 3);
        assertEquals(6, reading.value);
        assertThrows(IllegalArgumentException.class, () -> new MedianFilter(0));
        assertFaultUntouched(median);
        assertNoAllocation(new MedianFilter(7));
    }

    @Test
    void shouldTakeTheSlidingMean()
    {
        final MovingAverageFilter mean = new MovingAverageFilter(4);
        final double[] expected = {2, 3, 4, 5, 7, 9};
        final double[] input = {2, 4, 6, 8, 10, 12};
        for (int i = 0; i < input.length; i++)
        {
            feed(mean, input[i], i);
            assertEquals(expected[i], reading.value, 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> new MovingAverageFilter(0));
        assertFaultUntouched(mean);
        assertNoAllocation(mean);
    }

    @Test
    void shouldDropSamplesThatChangeLessThanDelta()
    {
        final DeltaFilter delta = new DeltaFilter(0.5);
        assertTrue(feed(delta, 1.0, 0));
        assertFalse(feed(delta, 1.3, 1));
        assertFalse(feed(delta, 0.6, 2));
        assertTrue(feed(delta, 1.5, 3));
        assertFaultUntouched(delta);
        assertTrue(feed(delta, 1.5, 4), "the first good sample after a fault is published");
        assertThrows(IllegalArgumentException.class, () -> new DeltaFilter(-1));
        assertNoAllocation(delta);
    }

    @Test
    void shouldThrottleToOneSamplePerInterval()
    {
        final ThrottleFilter throttle = new ThrottleFilter(100);
        assertTrue(feed(throttle, 1, 1000));
        assertFalse(feed(throttle, 2, 1050));
        assertFalse(feed(throttle, 3, 1099));
        assertTrue(feed(throttle, 4, 1100));
        assertFaultUntouched(throttle);
        assertThrows(IllegalArgumentException.class, () -> new ThrottleFilter(-1));
        assertNoAllocation(throttle);
    }

    @Test
    void shouldClampOrFaultOutOfRangeValues()
    {
        final ClampFilter clamp = new ClampFilter(0, 10, ClampFilter.OutOfRange.CLAMP);
        feed(clamp, -3, 0);
        assertEquals(0, reading.value);
        feed(clamp, 12, 0);
        assertEquals(10, reading.value);
        feed(clamp, 4, 0);
        assertEquals(4, reading.value);
        final ClampFilter strict = new ClampFilter(0, 10, ClampFilter.OutOfRange.FAULT);
        feed(strict, 12, 77);
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.BAD_DATA, reading.errorCode);
        assertEquals(77, reading.timestampNs);
        assertThrows(IllegalArgumentException.class, () -> new ClampFilter(2, 1, ClampFilter.OutOfRange.CLAMP));
        assertFaultUntouched(clamp);
        assertNoAllocation(clamp);
        assertNoAllocation(strict);
    }

    @Test
    void shouldMarkStaleWhenNoNewSampleArrivesWithinTheTimeout()
    {
        final TimeoutFilter timeout = new TimeoutFilter(1000);
        reading.ok(5, 100);
        timeout.apply(100, reading);
        assertEquals(SensorStatus.OK, reading.status);
        reading.ok(5, 100);
        timeout.apply(1100, reading);
        assertEquals(SensorStatus.OK, reading.status, "exactly at the timeout is still fresh");
        reading.ok(5, 100);
        timeout.apply(1101, reading);
        assertEquals(SensorStatus.STALE, reading.status, "the same old sample republished");
        assertEquals(5, reading.value, "the value is kept for inspection");
        reading.ok(6, 1200);
        timeout.apply(1200, reading);
        assertEquals(SensorStatus.OK, reading.status, "a new sample is fresh again");
        assertFaultUntouched(timeout);
        assertThrows(IllegalArgumentException.class, () -> new TimeoutFilter(0));
        assertNoAllocation(timeout);
    }

    @Test
    void shouldRunAChainThroughAConditionedSensorWithoutAllocating()
    {
        final double[] value = {0};
        // A sensor that returns the value the test sets.
        final Sensor raw = new TestSensor("fake", (nowNs, out) ->
        {
            out.ok(value[0], nowNs);
            return 0;
        });
        final ConditionedSensor sensor = new ConditionedSensor(raw, Unit.BAR,
            new LinearCalibration(2, 0), new MedianFilter(5), new MovingAverageFilter(4), new EmaFilter(0.5),
            new ClampFilter(0, 100, ClampFilter.OutOfRange.CLAMP), new TimeoutFilter(1_000_000), new DeltaFilter(0.01),
            new ThrottleFilter(0));
        final Reading out = new Reading();
        final long[] now = {0};
        assertEquals(0, Allocations.bytesPerCall(() ->
        {
            now[0] += 1000;
            value[0] = (now[0] / 1000) % 13;
            sensor.read(now[0], out);
        }, 20_000, 20_000));
        assertEquals(Unit.BAR, out.unit);
    }

    @Test
    void shouldForgetFilterStateAfterANonOkRawReadingSoPreOutageSamplesDoNotBlendIn()
    {
        final double[] value = {10.0};
        final boolean[] failing = {false};
        final Sensor device = new TestSensor("level", (nowNs, out) ->
        {
            out.unit = Unit.VOLT;
            if (failing[0])
            {
                out.fault(BusResult.NACK, nowNs);
                return BusResult.NACK;
            }
            out.ok(value[0], nowNs);
            return 0;
        });
        final SignalStage[][] chains = {
            {new EmaFilter(0.1)}, {new MovingAverageFilter(5)}, {new MedianFilter(3)},
            {new EmaFilter(0.5), new MovingAverageFilter(4), new MedianFilter(5)}};
        for (final SignalStage[] chain : chains)
        {
            final ConditionedSensor sensor = new ConditionedSensor(device, Unit.VOLT, chain);
            final String name = chain[0].getClass().getSimpleName() + " (chain of " + chain.length + ")";
            value[0] = 10.0;
            failing[0] = false;
            long now = 0;
            for (int i = 0; i < 20; i++)
            {
                sensor.read(now += 1_000_000L, reading);
            }
            assertEquals(10.0, reading.value, 1e-9, name);
            failing[0] = true;
            sensor.read(now += 1_000_000L, reading);
            assertEquals(SensorStatus.FAULT, reading.status, name);
            failing[0] = false;
            value[0] = 20.0;
            sensor.read(now += 1_000_000L, reading);
            assertEquals(SensorStatus.OK, reading.status, name);
            assertEquals(20.0, reading.value, 1e-9, name + ": the first good reading after the outage is not blended with 10.0");
        }
    }
}
