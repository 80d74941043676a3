package io.ironloop.control.block;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OnOffTest
{
    private static final long S = 1_000_000_000L;

    private static double step(final OnOff onOff, final long nowNs, final double pv)
    {
        return onOff.update(nowNs, 0.1, 100.0, new double[] {pv});
    }

    @Test
    void shouldSwitchWithHysteresisWhenHeating()
    {
        final OnOff heater = new OnOff(4.0, true, 1.0, 0.0, 0, 0);
        assertEquals(1.0, step(heater, 0, 97.0), "below the band: on");
        assertEquals(1.0, step(heater, S, 101.0), "inside the band: stays on");
        assertEquals(0.0, step(heater, 2 * S, 102.5), "above the band: off");
        assertEquals(0.0, step(heater, 3 * S, 99.0), "inside the band: stays off");
        assertEquals(1.0, step(heater, 4 * S, 97.9), "below again: on");
    }

    @Test
    void shouldMirrorWhenCooling()
    {
        final OnOff cooler = new OnOff(2.0, false, 1.0, 0.0, 0, 0);
        assertEquals(1.0, step(cooler, 0, 101.5));
        assertEquals(1.0, step(cooler, S, 100.0));
        assertEquals(0.0, step(cooler, 2 * S, 98.9));
    }

    @Test
    void shouldRespectMinimumOnAndOffTimes()
    {
        final OnOff heater = new OnOff(1.0, true, 1.0, 0.0, 10 * S, 5 * S);
        assertEquals(1.0, step(heater, 0, 90.0));
        assertEquals(1.0, step(heater, 9 * S, 110.0), "on for only 9 s: must stay on");
        assertEquals(0.0, step(heater, 10 * S, 110.0), "10 s on: may switch off");
        assertEquals(0.0, step(heater, 14 * S, 90.0), "off for only 4 s: must stay off");
        assertEquals(1.0, step(heater, 15 * S, 90.0));
    }

    @Test
    void shouldCountTheMinimumOffTimeFromTheReturnToAutomatic()
    {
        final OnOff heater = new OnOff(1.0, true, 1.0, 0.0, 0, 5 * S);
        assertEquals(1.0, step(heater, 0, 90.0));
        heater.track(0.0, 100.0, new double[] {90.0}); // an interlock forced it off meanwhile
        assertEquals(0.0, step(heater, 20 * S, 90.0), "back in AUTO: the compressor still gets its 5 s off");
        assertEquals(0.0, step(heater, 24 * S, 90.0));
        assertEquals(1.0, step(heater, 25 * S, 90.0));
    }

    @Test
    void shouldRejectNegativeHysteresis()
    {
        assertThrows(IllegalArgumentException.class, () -> new OnOff(-1.0, true, 1.0, 0.0, 0, 0));
    }
}
