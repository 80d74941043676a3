package io.ironloop.hal.driver;

import io.ironloop.hal.Allocations;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.TestClock;
import io.ironloop.hal.TestSensor;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.SupervisedSensor.Phase;
import io.ironloop.hal.driver.ina219.Ina219;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.device.Ina219Model;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SupervisedSensorTest
{
    private static final long MS = 1_000_000L;
    private static final int ADDRESS = 0x45;
    private final TestClock clock = new TestClock();
    private final SimI2cBus bus = new SimI2cBus(1, clock);
    private final Reading reading = new Reading();
    private final Ina219Model chip = new Ina219Model(now -> 1.25, now -> 24.0, 0.1);

    private SupervisedSensor supervisedIna219() throws HardwareException
    {
        bus.attach(ADDRESS, chip);
        final SupervisedSensor sensor = new SupervisedSensor(
            new Ina219("heater_current", bus, ADDRESS, Ina219.Quantity.CURRENT, 0.1, 3.2, 32, 320));
        sensor.configure();
        sensor.activate();
        return sensor;
    }

    /** Reads at {@code nowNs} on the test clock. */
    private int readAt(final SupervisedSensor sensor, final long nowNs)
    {
        clock.setNs(nowNs);
        return sensor.read(nowNs, reading);
    }

    @Test
    void shouldMarkFaultBackOffResetAndRecoverWhenADeviceDisappearsAndComesBack() throws HardwareException
    {
        final SupervisedSensor sensor = supervisedIna219();
        assertTrue(readAt(sensor, 0) >= 0);
        assertEquals(1.25, reading.value, 0.001);

        bus.detach(ADDRESS);
        // First failure: FAULT with the bus result, backoff 10 ms.
        assertEquals(BusResult.NACK, readAt(sensor, 1 * MS));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.NACK, reading.errorCode);
        assertEquals(Phase.BACKOFF, sensor.phase());
        assertEquals(11 * MS, sensor.retryAtNs());
        // Inside the backoff the bus is not touched.
        final long transfers = bus.transfers();
        assertEquals(BusResult.NACK, readAt(sensor, 5 * MS));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(transfers, bus.transfers());
        assertEquals(1, sensor.skippedReads());
        // Failures 2..5 at their retry times: 10, 20, 40, 80 ms apart; the fifth moves to RESET.
        long now = 11 * MS;
        final long[] expectedBackoffMs = {20, 40, 80, 160};
        for (int failure = 2; failure <= 5; failure++)
        {
            assertEquals(BusResult.NACK, readAt(sensor, now));
            assertEquals(failure, sensor.consecutiveFailures());
            assertEquals(now + expectedBackoffMs[failure - 2] * MS, sensor.retryAtNs());
            now = sensor.retryAtNs();
        }
        assertEquals(Phase.RESET, sensor.phase());
        assertEquals(5, sensor.failures());

        // Reset attempts fail while the chip is away; the backoff keeps doubling up to 1 s.
        final long[] resetBackoffMs = {320, 640, 1_000, 1_000, 1_000, 1_000};
        for (int attempt = 0; attempt < resetBackoffMs.length; attempt++)
        {
            assertEquals(BusResult.NACK, readAt(sensor, now));
            assertEquals(SensorStatus.FAULT, reading.status);
            assertEquals(Phase.RESET, sensor.phase());
            assertEquals(resetBackoffMs[attempt] * MS, sensor.retryAtNs() - now, "backoff after reset attempt " + attempt);
            now = sensor.retryAtNs();
        }
        assertEquals(6, sensor.resetFailures());
        assertEquals(0, sensor.resets());

        // Re-attached (after a power cycle: the chip is in its reset state): reset re-runs configure, then reads.
        bus.attach(ADDRESS, new Ina219Model(ignored -> 2.5, ignored -> 24.0, 0.1));
        assertTrue(readAt(sensor, now) >= 0);
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(2.5, reading.value, 0.001);
        assertEquals(Phase.ACTIVE, sensor.phase());
        assertEquals(1, sensor.resets());
        assertEquals(0, sensor.consecutiveFailures());
        assertEquals(LifecycleState.ACTIVE, sensor.state());
    }

    @Test
    void shouldReturnToActiveAfterOneTransientErrorWithoutAReset() throws HardwareException
    {
        final SupervisedSensor sensor = supervisedIna219();
        bus.faults().failNext(ADDRESS, 1, BusResult.TIMEOUT);
        assertEquals(BusResult.TIMEOUT, readAt(sensor, 0));
        assertEquals(Phase.BACKOFF, sensor.phase());
        assertTrue(readAt(sensor, 10 * MS) >= 0);
        assertEquals(Phase.ACTIVE, sensor.phase());
        assertEquals(1, sensor.failures());
        assertEquals(0, sensor.resets());
    }

    @Test
    void shouldKeepADriverExceptionOutOfTheLoop() throws HardwareException
    {
        final Sensor broken = new TestSensor("broken", (nowNs, out) ->
        {
            throw new IllegalStateException("driver bug");
        });
        final SupervisedSensor sensor = new SupervisedSensor(broken);
        assertEquals(BusResult.IO_ERROR, sensor.read(0, reading));
        assertEquals(SensorStatus.FAULT, reading.status);
    }

    @Test
    void shouldRejectNonsenseSettings()
    {
        final Sensor none = new SupervisedSensor(new SupervisedSensor(null, 1, 0, 0), 1, 0, 0);
        assertNotNull(none);
        assertThrows(IllegalArgumentException.class, () -> new SupervisedSensor(null, 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new SupervisedSensor(null, 3, 2, 1));
    }

    @Test
    void shouldNotAllocateInSteadyState() throws HardwareException
    {
        final SupervisedSensor sensor = supervisedIna219();
        assertEquals(0, Allocations.bytesAllocated(20_000, 10_000, () -> sensor.read(clock.nanoTime(), reading)));
    }

    @Test
    void shouldNotAllocateWhileBackingOff() throws HardwareException
    {
        final SupervisedSensor sensor = supervisedIna219();
        bus.detach(ADDRESS);
        readAt(sensor, 0);
        assertEquals(0, Allocations.bytesAllocated(20_000, 10_000, () -> sensor.read(1, reading)));
    }

    /** A device whose reads fail with NACK where {@code pattern} says so (cycling), else read their call number. */
    private static Sensor failingWhere(final boolean[] pattern, final int[] calls)
    {
        return new TestSensor("flaky", (nowNs, out) ->
        {
            final int call = calls[0]++;
            if (pattern[call % pattern.length])
            {
                out.fault(BusResult.NACK, nowNs);
                return BusResult.NACK;
            }
            out.ok(call, nowNs);
            return 0;
        });
    }

    @Test
    void shouldResetADeviceThatFailsEveryOtherRead() throws HardwareException
    {
        final int[] calls = {0};
        final SupervisedSensor sensor = new SupervisedSensor(failingWhere(new boolean[] {true, false}, calls), 3, 0, 0);
        for (int i = 0; i < 40; i++)
        {
            sensor.read(i * MS, reading);
        }
        assertTrue(sensor.resets() >= 1, "a device failing one read in two is reset, got " + sensor.resets() + " resets");
    }

    @Test
    void shouldForgiveAnOccasionalFailureAsTheScoreDecaysOnSuccess() throws HardwareException
    {
        final int[] calls = {0};
        final SupervisedSensor sensor = new SupervisedSensor(failingWhere(new boolean[] {true, false, false, false}, calls), 3, 0, 0);
        for (int i = 0; i < 400; i++)
        {
            sensor.read(i * MS, reading);
        }
        assertEquals(0, sensor.resets(), "one failure in four decays away");
        assertEquals(100, sensor.failures());
        assertTrue(sensor.failureScore() <= 2, "score " + sensor.failureScore());
    }

    @Test
    void shouldResetAfterTheConfiguredConsecutiveFailuresAsBefore() throws HardwareException
    {
        final int[] calls = {0};
        final SupervisedSensor sensor = new SupervisedSensor(failingWhere(new boolean[] {true}, calls), 3, 0, 0);
        sensor.read(0, reading);
        sensor.read(1, reading);
        assertEquals(Phase.BACKOFF, sensor.phase());
        sensor.read(2, reading);
        assertEquals(Phase.RESET, sensor.phase(), "three failures in a row with resetAfter 3");
    }

    @Test
    void shouldReportAFrozenValueAfterTheConfiguredTimeAndRecoverWhenItMoves() throws HardwareException
    {
        final double[] value = {4.0};
        final Sensor transmitter = new TestSensor("pressure", (nowNs, out) ->
        {
            out.ok(value[0], nowNs);
            return 0;
        });
        final SupervisedSensor sensor = new SupervisedSensor(transmitter, 5, MS, MS, 50, 100 * MS);
        assertEquals(100 * MS, sensor.frozenAfterNs());
        for (long t = 0; t < 100 * MS; t += 10 * MS)
        {
            clock.setNs(t);
            assertTrue(sensor.read(clock.nanoTime(), reading) >= 0, "at " + t / MS + " ms");
            assertEquals(SensorStatus.OK, reading.status);
        }
        clock.setNs(100 * MS);
        assertEquals(BusResult.FROZEN, sensor.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(BusResult.FROZEN, reading.errorCode);
        clock.setNs(150 * MS);
        assertEquals(BusResult.FROZEN, sensor.read(clock.nanoTime(), reading), "still frozen");
        assertEquals(Phase.ACTIVE, sensor.phase(), "a frozen value is not a bus failure: no backoff, no reset");
        assertEquals(0, sensor.failures());

        value[0] = Math.nextUp(4.0);
        clock.setNs(160 * MS);
        assertTrue(sensor.read(clock.nanoTime(), reading) >= 0, "the smallest move recovers it");
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(Math.nextUp(4.0), reading.value);
        clock.setNs(250 * MS);
        assertEquals(SensorStatus.OK, status(sensor), "frozen again only after another 100 ms");
        clock.setNs(260 * MS);
        assertEquals(SensorStatus.FAULT, status(sensor));
        assertEquals(3, sensor.frozenReads());
    }

    @Test
    void shouldNeverCallAValueFrozenWhenTheCheckIsOff() throws HardwareException
    {
        final Sensor constant = new TestSensor("contact", (nowNs, out) ->
        {
            out.ok(1.0, nowNs);
            return 0;
        });
        final SupervisedSensor sensor = new SupervisedSensor(constant);
        for (long t = 0; t < 10_000 * MS; t += 100 * MS)
        {
            assertTrue(sensor.read(t, reading) >= 0);
            assertEquals(SensorStatus.OK, reading.status);
        }
    }

    @Test
    void shouldNotAllocateWithTheFrozenCheckAndTheRegisterCheckOn() throws HardwareException
    {
        bus.attach(ADDRESS, chip);
        final SupervisedSensor sensor = new SupervisedSensor(
            new Ina219("heater_current", bus, ADDRESS, Ina219.Quantity.CURRENT, 0.1, 3.2, 32, 320), 5, MS, MS, 3, 1_000 * MS);
        sensor.configure();
        sensor.activate();
        final long[] t = {0};
        assertEquals(0, Allocations.bytesAllocated(20_000, 10_000, () -> sensor.read(t[0] += MS, reading)));
    }

    private SensorStatus status(final SupervisedSensor sensor)
    {
        sensor.read(clock.nanoTime(), reading);
        return reading.status;
    }

    @Test
    void shouldStartFaultedWhenAbsentAtBootAndComeInWhenItAnswers() throws HardwareException
    {
        final Ina219 ina = new Ina219("heater_current", bus, ADDRESS, Ina219.Quantity.CURRENT, 0.1, 3.2, 32, 320);
        final SupervisedSensor sensor = new SupervisedSensor(ina, 5, 10 * MS, 40 * MS);
        assertThrows(HardwareException.class, sensor::configure, "nothing at the address yet");
        sensor.startInReset();
        sensor.activate();
        assertEquals(Phase.RESET, sensor.phase(), "activate leaves an unconfigured device to its reset");

        // The first read retries at once; then the attempts back off 10, 20, 40, 40 ms.
        clock.setNs(-5 * MS);
        assertEquals(BusResult.NOT_OPEN, sensor.read(clock.nanoTime(), reading));
        assertEquals(SensorStatus.FAULT, reading.status);
        assertEquals(1, sensor.resetFailures());
        long now = sensor.retryAtNs();
        final long[] backoffMs = {20, 40, 40};
        for (final long backoff : backoffMs)
        {
            assertTrue(readAt(sensor, now - 1) < 0, "backing off");
            assertTrue(readAt(sensor, now) < 0);
            assertEquals(backoff * MS, sensor.retryAtNs() - now);
            now = sensor.retryAtNs();
        }
        assertEquals(4, sensor.resetFailures());

        bus.attach(ADDRESS, chip);
        assertTrue(readAt(sensor, now) >= 0, "comes in when it answers");
        assertEquals(SensorStatus.OK, reading.status);
        assertEquals(1.25, reading.value, 0.001);
        assertEquals(Phase.ACTIVE, sensor.phase());
        assertEquals(1, sensor.resets());
        assertEquals(LifecycleState.ACTIVE, sensor.state());
    }
}
