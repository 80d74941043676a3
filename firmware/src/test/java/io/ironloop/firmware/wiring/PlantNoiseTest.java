package io.ironloop.firmware.wiring;

import io.ironloop.hal.sim.SeededNoise;
import io.ironloop.plant.GaussianNoise;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The plant module keeps its own copy of the sim noise generator (it depends on the JDK only): the two must not drift apart. */
class PlantNoiseTest
{
    @Test
    void shouldGiveTheSameSequenceAsTheDeviceModelsNoise()
    {
        for (final long seed : new long[] {0L, 1L, 42L, -7L})
        {
            final SeededNoise hal = new SeededNoise(seed);
            final GaussianNoise plant = new GaussianNoise(seed);
            for (int i = 0; i < 10_000; i++)
            {
                assertEquals(hal.nextGaussian(), plant.nextGaussian(), "seed " + seed + " draw " + i);
            }
        }
    }
}
