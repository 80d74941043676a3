package io.ironloop.plant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FurnacePlantTest
{
    private static final long S = 1_000_000_000L;

    @Test
    void shouldStartAtAmbientAndRiseAsAFirstOrderLagAfterTheDeadTime()
    {
        final FurnacePlant furnace = new FurnacePlant(20.0, 1000.0, 100.0, 5.0, 0.0, 1L, 1_000_000L);
        assertEquals(20.0, furnace.measuredTemperatureC(0));
        furnace.power(0.5);
        assertEquals(20.0, furnace.measuredTemperatureC(5 * S), 1e-6, "nothing before the dead time");
        final double oneTau = furnace.measuredTemperatureC(105 * S);
        assertEquals(20.0 + 500.0 * (1.0 - Math.exp(-1.0)), oneTau, 0.5, "63 % of the step after one time constant");
        assertEquals(520.0, furnace.measuredTemperatureC(2000 * S), 0.01, "steady state: ambient + power x max rise");
    }

    @Test
    void shouldClampPowerAndReplayTheSameNoiseForTheSameSeed()
    {
        final FurnacePlant a = new FurnacePlant(20.0, 1000.0, 10.0, 0.0, 0.5, 9L, 1_000_000L);
        final FurnacePlant b = new FurnacePlant(20.0, 1000.0, 10.0, 0.0, 0.5, 9L, 1_000_000L);
        a.power(3.0);
        b.power(1.0);
        for (long t = 0; t < 100 * S; t += S / 10)
        {
            assertEquals(a.measuredTemperatureC(t), b.measuredTemperatureC(t));
        }
        assertEquals(1020.0, a.trueTemperatureC(), 0.1, "3.0 is clamped to full power");
        assertThrows(IllegalArgumentException.class, () -> new FurnacePlant(20.0, 0.0, 10.0, 0.0, 0.0, 1L, 1L));
    }
}
