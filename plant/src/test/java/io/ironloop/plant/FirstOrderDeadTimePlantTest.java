package io.ironloop.plant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FirstOrderDeadTimePlantTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    @Test
    void shouldReach632PercentOneTimeConstantAfterTheDeadTime()
    {
        final FirstOrderDeadTimePlant plant = new FirstOrderDeadTimePlant(10.0, 50.0, 20.0, 3.0, 0.0, 1L, MS);
        assertEquals(10.0, plant.measuredAt(0, 0));
        plant.input(1.0);
        assertEquals(10.0, plant.measuredAt(0, 3 * S), 1e-12, "nothing before the dead time");
        // exact discretization: analytic 1 - e^-1 at theta + tau
        assertEquals(10.0 + 50.0 * (1.0 - Math.exp(-1.0)), plant.measuredAt(0, 23 * S), 1e-9);
        assertEquals(60.0, plant.measuredAt(0, 400 * S), 1e-6, "steady state offset + gain");
    }

    @Test
    void shouldFollowTheAnalyticStepResponseAtEveryPoint()
    {
        final double tau = 2.0;
        final double theta = 0.5;
        final FirstOrderDeadTimePlant plant = new FirstOrderDeadTimePlant(0.0, 1.0, tau, theta, 0.0, 1L, MS);
        plant.measuredAt(0, 0);
        plant.input(0.4);
        for (long t = 600 * MS; t < 10 * S; t += 250 * MS)
        {
            final double since = t / 1e9 - theta;
            assertEquals(0.4 * (1.0 - Math.exp(-since / tau)), plant.measuredAt(0, t), 1e-9, "at " + t);
        }
    }

    @Test
    void shouldRepeatTheSameTrajectoryForTheSameSeed()
    {
        assertArrayEquals(trajectory(5), trajectory(5));
        assertThrows(IllegalArgumentException.class, () -> new FirstOrderDeadTimePlant(0, 1, 0.0, 0, 0, 1L, MS));
        assertThrows(IllegalArgumentException.class, () -> new FirstOrderDeadTimePlant(0, 1, 1.0, -1, 0, 1L, MS));
        assertThrows(IllegalArgumentException.class, () -> new FirstOrderDeadTimePlant(0, 1, 1.0, 0, -1, 1L, MS));
        assertThrows(IllegalArgumentException.class, () -> new FirstOrderDeadTimePlant(0, 1, 1.0, 0, 0, 1L, 0));
    }

    @Test
    void shouldNeverIntegrateANaNInput()
    {
        final FirstOrderDeadTimePlant plant = new FirstOrderDeadTimePlant(0.0, 1.0, 1.0, 0.0, 0.0, 1L, MS);
        plant.measuredAt(0, 0);
        plant.input(Double.NaN);
        assertEquals(0.0, plant.measuredAt(0, 10 * S));
    }

    private static double[] trajectory(final long seed)
    {
        final FirstOrderDeadTimePlant plant = new FirstOrderDeadTimePlant(0.0, 1.0, 1.0, 0.1, 0.05, seed, MS);
        plant.input(0.7);
        final double[] values = new double[200];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = plant.measuredAt(0, i * 10 * MS);
        }
        return values;
    }
}
