package io.ironloop.control.block;

import io.ironloop.hal.Reading;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterlockTest
{
    private static final long MS = 1_000_000L;
    private final Reading reading = new Reading();

    private Reading ok(final double value, final long atNs)
    {
        return reading.ok(value, atNs);
    }

    @Test
    void shouldTripOnHighLimitOnlyAfterItsDelay()
    {
        final Interlock high = new Interlock("over-pressure", Interlock.Kind.HIGH, 0, 9.0, 100 * MS, 1000 * MS, 0);
        assertEquals(Interlock.OK, high.evaluate(0, 1, ok(8.0, 0)));
        assertEquals(Interlock.OK, high.evaluate(10 * MS, 2, ok(9.5, 10 * MS)), "over, but not for 100 ms yet");
        assertEquals(Interlock.OK, high.evaluate(100 * MS, 3, ok(9.5, 100 * MS)));
        assertEquals(Interlock.TRIP, high.evaluate(110 * MS, 4, ok(9.5, 110 * MS)));
        assertTrue(high.isTripping());
        assertEquals(Interlock.OK, high.evaluate(120 * MS, 5, ok(8.5, 120 * MS)));
    }

    @Test
    void shouldTripAtOnceOnLowLimitWithoutDelay()
    {
        final Interlock low = new Interlock("low level", Interlock.Kind.LOW, 0, 1.0, 0, 1000 * MS, 0);
        assertEquals(Interlock.TRIP, low.evaluate(0, 1, ok(0.9, 0)));
    }

    @Test
    void shouldTripOnNonFiniteOrFaultedValuesWhateverTheKindAndDelay()
    {
        for (final Interlock.Kind kind : Interlock.Kind.values())
        {
            final Interlock interlock = new Interlock("x", kind, 0, kind == Interlock.Kind.RATE ? 1.0 : 0.0, 10_000 * MS, 1000 * MS, 0);
            assertEquals(Interlock.TRIP, interlock.evaluate(0, 1, ok(Double.NaN, 0)), kind + " NaN");
            assertTrue(interlock.trippedOnBadValue());
            assertEquals(Interlock.TRIP, interlock.evaluate(1, 2, ok(Double.POSITIVE_INFINITY, 1)), kind + " +inf");
            assertEquals(Interlock.TRIP, interlock.evaluate(2, 3, reading.fault(-5, 2)), kind + " FAULT");
        }
    }

    @Test
    void shouldTripOnRateOfChange()
    {
        final Interlock rate = new Interlock("pressure surge", Interlock.Kind.RATE, 0, 2.0, 0, 1000 * MS, 0);
        assertEquals(Interlock.OK, rate.evaluate(0, 1, ok(4.0, 0)));
        assertEquals(Interlock.OK, rate.evaluate(100 * MS, 2, ok(4.1, 100 * MS)), "1 bar/s");
        assertEquals(Interlock.TRIP, rate.evaluate(200 * MS, 3, ok(4.5, 200 * MS)), "4 bar/s");
        assertEquals(4.0, rate.rate(), 1e-9);
    }

    @Test
    void shouldTripOnStaleOrBadStatus()
    {
        final Interlock status = new Interlock("sensor ok", Interlock.Kind.STATUS, 0, 0.0, 0, 50 * MS, 0);
        assertEquals(Interlock.OK, status.evaluate(10 * MS, 1, ok(4.0, 0)));
        assertEquals(Interlock.TRIP, status.evaluate(60 * MS, 1, ok(4.0, 0)), "60 ms old reading");
    }

    @Test
    void shouldTripOnAStalePermissiveEvenWhenItsLastValuePermits()
    {
        final Interlock door = new Interlock("door closed", Interlock.Kind.PERMISSIVE, 0, 1.0, 0, 50 * MS, 0);
        assertEquals(Interlock.OK, door.evaluate(10 * MS, 1, ok(1.0, 0)));
        assertEquals(Interlock.TRIP, door.evaluate(60 * MS, 1, ok(1.0, 0)), "a contact that stopped reporting is not a closed door");
        assertEquals(Interlock.OK, door.evaluate(70 * MS, 2, ok(1.0, 70 * MS)), "a fresh reading clears the condition");
    }

    @Test
    void shouldTripOnAStaleReadingForHighLowAndRateWhateverTheDelay()
    {
        final Interlock[] kinds = {
            new Interlock("high", Interlock.Kind.HIGH, 0, 9.0, 1000 * MS, 50 * MS, 0),
            new Interlock("low", Interlock.Kind.LOW, 0, 1.0, 1000 * MS, 50 * MS, 0),
            new Interlock("rate", Interlock.Kind.RATE, 0, 2.0, 1000 * MS, 50 * MS, 0)};
        for (final Interlock interlock : kinds)
        {
            assertEquals(Interlock.OK, interlock.evaluate(10 * MS, 1, ok(4.0, 0)), interlock.id());
            assertEquals(Interlock.TRIP, interlock.evaluate(60 * MS, 1, ok(4.0, 0)), interlock.id() + ": 60 ms old, limit 50 ms");
        }
    }

    @Test
    void shouldHoldAStaleReadingDuringStartupGrace()
    {
        final Interlock door = new Interlock("door closed", Interlock.Kind.PERMISSIVE, 0, 1.0, 0, 50 * MS, 500 * MS);
        assertEquals(Interlock.HOLD, door.evaluate(100 * MS, 1, ok(1.0, 0)));
        assertEquals(Interlock.TRIP, door.evaluate(600 * MS, 1, ok(1.0, 0)));
    }

    @Test
    void shouldRequireThePermissive()
    {
        final Interlock door = new Interlock("door closed", Interlock.Kind.PERMISSIVE, 0, 1.0, 0, 1000 * MS, 0);
        assertEquals(Interlock.OK, door.evaluate(0, 1, ok(1.0, 0)));
        assertEquals(Interlock.TRIP, door.evaluate(1, 2, ok(0.0, 1)));
    }

    @Test
    void shouldHoldDuringStartupGraceThenTripWithoutData()
    {
        final Interlock high = new Interlock("x", Interlock.Kind.HIGH, 0, 9.0, 0, 1000 * MS, 500 * MS);
        assertEquals(Interlock.HOLD, high.evaluate(0, 0, reading));
        assertEquals(Interlock.HOLD, high.evaluate(400 * MS, 0, reading));
        assertEquals(Interlock.TRIP, high.evaluate(600 * MS, 0, reading));
    }

    @Test
    void shouldHoldOnAStartingDeviceButTripOnANanValueEvenDuringGrace()
    {
        final Interlock high = new Interlock("x", Interlock.Kind.HIGH, 0, 9.0, 0, 1000 * MS, 500 * MS);
        assertEquals(Interlock.HOLD, high.evaluate(0, 1, reading.fault(-5, 0)), "first conversion faulted");
        assertEquals(Interlock.TRIP, high.evaluate(10 * MS, 2, ok(Double.NaN, 10 * MS)), "a NaN 'measurement' is never held");
        assertEquals(Interlock.TRIP, high.evaluate(600 * MS, 3, reading.fault(-5, 600 * MS)), "after grace a fault trips");
    }

    @Test
    void shouldAnswerTheSameWithinOneTick()
    {
        final Interlock rate = new Interlock("x", Interlock.Kind.RATE, 0, 2.0, 0, 1000 * MS, 0);
        rate.evaluate(0, 1, ok(0.0, 0));
        assertEquals(Interlock.TRIP, rate.evaluate(100 * MS, 2, ok(1.0, 100 * MS)));
        assertEquals(Interlock.TRIP, rate.evaluate(100 * MS, 2, ok(1.0, 100 * MS)), "a second loop sharing it sees the same");
    }

    @Test
    void shouldRejectInvalidConfiguration()
    {
        assertThrows(IllegalArgumentException.class, () -> new Interlock("x", Interlock.Kind.RATE, 0, 0.0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Interlock("x", Interlock.Kind.HIGH, 0, Double.NaN, 0, 1, 0));
    }
}
