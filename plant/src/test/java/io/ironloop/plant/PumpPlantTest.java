package io.ironloop.plant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PumpPlantTest
{
    @Test
    void shouldReachTheAffinityLawPressureAfterTheLag()
    {
        final PumpPlant plant = new PumpPlant(8.0, 1.5, 0.2, 0.0, 1, 1_000_000L);
        plant.measuredPressureBar(0);
        plant.speed(0.5);
        assertEquals(8.0 * 0.25, plant.measuredPressureBar(20_000_000_000L), 1e-5);
    }

    @Test
    void shouldNotReactBeforeTheDeadTime()
    {
        final PumpPlant plant = new PumpPlant(8.0, 1.5, 0.2, 0.0, 1, 1_000_000L);
        plant.measuredPressureBar(0);
        plant.speed(1.0);
        assertEquals(0.0, plant.measuredPressureBar(199_000_000L), 0.0);
        assertTrue(plant.measuredPressureBar(260_000_000L) > 0.0);
    }

    @Test
    void shouldFollowAFirstOrderLag()
    {
        final PumpPlant plant = new PumpPlant(8.0, 1.5, 0.0, 0.0, 1, 1_000_000L);
        plant.measuredPressureBar(0);
        plant.speed(1.0);
        // one time constant after the step (plus the one-step dead-time line): 63.2 % of the final value
        assertEquals(8.0 * (1 - Math.exp(-1)), plant.measuredPressureBar(1_501_000_000L), 0.01);
    }

    @Test
    void shouldRepeatTheSameNoiseForTheSameSeed()
    {
        assertArrayEquals(trajectory(42), trajectory(42));
        assertTrue(trajectory(42)[10] != trajectory(43)[10]);
    }

    private static double[] trajectory(final long seed)
    {
        final PumpPlant plant = new PumpPlant(8.0, 1.5, 0.2, 0.05, seed, 1_000_000L);
        plant.speed(0.7);
        final double[] values = new double[100];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = plant.measuredPressureBar(i * 10_000_000L);
        }
        return values;
    }
}
