package io.ironloop.plant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TankPlantTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    @Test
    void shouldBalanceMassWhileFillingDrainingAndSpilling()
    {
        final TankPlant tank = new TankPlant(2.0, 3.0, 1.0, 36.0, 0.5, TankPlant.Outflow.GRAVITY, 18.0, 0.0, 1L, MS);
        tank.measuredAt(0, 0);
        final double[] commands = {1.0, 0.0, 0.3, 1.0, 0.0};
        long t = 0;
        for (final double command : commands)
        {
            tank.input(command);
            t += 600 * S;
            tank.measuredAt(0, t);
            final double stored = (tank.trueValue(TankPlant.LEVEL) - 1.0) * tank.areaM2();
            assertEquals(tank.volumeInM3() - tank.volumeOutM3() - tank.volumeSpiltM3(), stored, 1e-9,
                "in - out - spilt = stored, after command " + command);
            assertTrue(tank.trueValue(TankPlant.LEVEL) >= 0.0 && tank.trueValue(TankPlant.LEVEL) <= 3.0);
        }
        assertTrue(tank.volumeSpiltM3() > 0.0, "full inflow (36 m3/h) beats 18 m3/h outflow: it spilt");
    }

    @Test
    void shouldSettleAtTheTorricelliLevel()
    {
        final TankPlant tank = new TankPlant(1.0, 4.0, 0.0, 20.0, 0.0, TankPlant.Outflow.GRAVITY, 20.0, 0.0, 1L, MS);
        tank.measuredAt(0, 0);
        tank.input(0.5); // 10 m3/h in; c = 20/sqrt(4) = 10 m3/h per sqrt(m): h = (10/10)^2 = 1 m
        tank.measuredAt(0, 20_000 * S);
        assertEquals(1.0, tank.trueValue(TankPlant.LEVEL), 1e-6);
        assertEquals(1.0, tank.steadyLevelM(0.5), 1e-12);
        assertEquals(10.0, tank.trueValue(TankPlant.OUTFLOW), 1e-5);
    }

    @Test
    void shouldDrainAPumpedTankToEmptyAndNoFurther()
    {
        final TankPlant tank = new TankPlant(1.0, 2.0, 1.0, 10.0, 0.0, TankPlant.Outflow.PUMP, 7.2, 0.0, 1L, MS);
        tank.measuredAt(0, 0);
        tank.input(0.0);
        tank.measuredAt(0, 250 * S); // 7.2 m3/h = 0.002 m3/s: 1 m3 lasts 500 s
        assertEquals(0.5, tank.trueValue(TankPlant.LEVEL), 1e-9, "linear draw-down");
        tank.measuredAt(0, 2_000 * S);
        assertEquals(0.0, tank.trueValue(TankPlant.LEVEL));
        assertEquals(0.0, tank.trueValue(TankPlant.OUTFLOW), "the draw stops with the tank empty");
        assertEquals(1.0, tank.volumeOutM3(), 1e-9);
        tank.input(0.5); // 5 m3/h in, 7.2 out: the pump takes what comes in
        tank.measuredAt(0, 2_100 * S);
        assertEquals(0.0, tank.trueValue(TankPlant.LEVEL), 1e-12);
        assertEquals(5.0, tank.trueValue(TankPlant.OUTFLOW), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new TankPlant(1, 2, 3, 1, 0, TankPlant.Outflow.PUMP, 1, 0, 1L, MS));
    }
}
