package io.ironloop.plant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecondOrderPlantTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    @Test
    void shouldOvershootAsTheDampingRatioSays()
    {
        for (final double zeta : new double[] {0.1, 0.3, 0.5, 0.7})
        {
            final double fn = 0.5;
            final SecondOrderPlant plant = new SecondOrderPlant(0.0, 2.0, fn, zeta, 0.0, 0.0, 1L, MS);
            plant.measuredAt(0, 0);
            plant.input(1.0);
            double peak = 0.0;
            long peakAt = 0;
            for (long t = MS; t < 20 * S; t += MS)
            {
                final double y = plant.measuredAt(0, t);
                if (y > peak)
                {
                    peak = y;
                    peakAt = t;
                }
            }
            final double expected = Math.exp(-zeta * Math.PI / Math.sqrt(1.0 - zeta * zeta));
            assertEquals(expected, peak / 2.0 - 1.0, 1e-6, "overshoot at zeta " + zeta);
            final double wd = 2.0 * Math.PI * fn * Math.sqrt(1.0 - zeta * zeta);
            assertEquals(Math.PI / wd, (peakAt - MS) / 1e9, 2e-3, "peak time at zeta " + zeta);
        }
    }

    @Test
    void shouldSettleAtTheGainWithoutOvershootWhenOverdampedAndWaitTheDeadTime()
    {
        final SecondOrderPlant plant = new SecondOrderPlant(5.0, 3.0, 1.0, 1.5, 0.25, 0.0, 1L, MS);
        plant.measuredAt(0, 0);
        plant.input(0.5);
        assertEquals(5.0, plant.measuredAt(0, 250 * MS), 1e-12, "nothing within the dead time");
        double max = 0.0;
        for (long t = 0; t < 30 * S; t += 10 * MS)
        {
            max = Math.max(max, plant.measuredAt(0, 250 * MS + t));
        }
        assertTrue(max <= 6.5 + 1e-9, "no overshoot, max " + max);
        assertEquals(6.5, plant.trueValue(0), 1e-6);
    }

    @Test
    void shouldRefuseImpossibleParameters()
    {
        assertThrows(IllegalArgumentException.class, () -> new SecondOrderPlant(0, 1, 0.0, 0.5, 0, 0, 1L, MS));
        assertThrows(IllegalArgumentException.class, () -> new SecondOrderPlant(0, 1, 1.0, -0.1, 0, 0, 1L, MS));
        assertThrows(IllegalArgumentException.class, () -> new SecondOrderPlant(0, Double.NaN, 1.0, 0.5, 0, 0, 1L, MS));
    }
}
