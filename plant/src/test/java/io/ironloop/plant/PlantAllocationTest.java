package io.ironloop.plant;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Integrating and sampling a plant allocates nothing: it runs inside the acquisition agent's duty cycle. */
class PlantAllocationTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldIntegrateAndSampleWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Plant[] plants = {
            new FirstOrderDeadTimePlant(0, 1, 1, 0.5, 0.01, 1L, MS),
            new SecondOrderPlant(0, 1, 1, 0.3, 0.1, 0.01, 1L, MS),
            new PumpSystemPlant(50, 100, 10, 20, 60, 50, 0.1, 0.5, 1000, 0.01, 0.1, 1L, MS),
            new TankPlant(1, 2, 0.5, 10, 0.5, TankPlant.Outflow.GRAVITY, 5, 0.001, 1L, MS)};
        for (final Plant plant : plants)
        {
            final double warm = run(plant, 0, 200_000);
            final long tid = Thread.currentThread().getId();
            // A real allocation shows in every round; a JIT transition (OSR, deoptimisation) in at most one.
            long allocated = Long.MAX_VALUE;
            double sum = 0;
            for (int round = 0; round < 5 && allocated != 0; round++)
            {
                final long before = threads.getThreadAllocatedBytes(tid);
                sum += run(plant, 200_000, 400_000);
                allocated = threads.getThreadAllocatedBytes(tid) - before;
            }
            assertTrue(Double.isFinite(sum + warm));
            assertEquals(0L, allocated, plant.getClass().getSimpleName() + " allocated " + allocated + " bytes over 200k samples");
        }
    }

    private static double run(final Plant plant, final int from, final int to)
    {
        double sum = 0.0;
        for (int i = from; i < to; i++)
        {
            plant.input((i % 1000) / 1000.0);
            for (int output = 0; output < plant.outputs(); output++)
            {
                sum += plant.measuredAt(output, i * MS);
            }
        }
        return sum;
    }
}
