package io.ironloop.plant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PumpSystemPlantTest
{
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    private static PumpSystemPlant pump()
    {
        // 50 m shut-off, 100 m3/h run-out; 10 m lift, 20 m friction at 60 m3/h; 50 m of DN100
        return new PumpSystemPlant(50.0, 100.0, 10.0, 20.0, 60.0, 50.0, 0.1, 0.5, 1000.0, 0.0, 0.0, 1L, MS);
    }

    @Test
    void shouldSettleWhereThePumpCurveCrossesTheSystemCurve()
    {
        for (final double speed : new double[] {0.6, 0.8, 1.0})
        {
            final PumpSystemPlant plant = pump();
            plant.measuredAt(0, 0);
            plant.input(speed);
            plant.measuredAt(0, 60 * S);
            final double flow = plant.trueValue(PumpSystemPlant.FLOW);
            // analytic: 50 n^2 - 50/100^2 Q^2 = 10 + 20/60^2 Q^2
            final double analytic = Math.sqrt((50.0 * speed * speed - 10.0) / (50.0 / 10000.0 + 20.0 / 3600.0));
            assertEquals(analytic, flow, 1e-6 * analytic, "flow at speed " + speed);
            assertEquals(plant.systemHeadM(flow), plant.pumpHeadM(flow, speed), 1e-6, "the curves cross");
            assertEquals(plant.systemHeadM(flow) * 1000.0 * 9.80665 / 1e5, plant.trueValue(PumpSystemPlant.PRESSURE), 1e-6);
            assertEquals(analytic, plant.operatingFlowM3h(speed), 1e-9);
        }
    }

    @Test
    void shouldDeadHeadBehindTheCheckValveWhenTooSlowToLiftTheStaticHead()
    {
        final PumpSystemPlant plant = pump();
        plant.measuredAt(0, 0);
        plant.input(0.4); // 50 * 0.16 = 8 m < 10 m lift
        plant.measuredAt(0, 30 * S);
        assertEquals(0.0, plant.trueValue(PumpSystemPlant.FLOW));
        assertEquals(8.0 * 1000.0 * 9.80665 / 1e5, plant.trueValue(PumpSystemPlant.PRESSURE), 1e-6, "shut-off head at that speed");
    }

    @Test
    void shouldAccelerateTheColumnRatherThanJump()
    {
        final PumpSystemPlant plant = pump();
        plant.measuredAt(0, 0);
        plant.input(1.0);
        final double early = plant.measuredAt(PumpSystemPlant.FLOW, 200 * MS);
        final double later = plant.measuredAt(PumpSystemPlant.FLOW, 2 * S);
        final double steady = plant.operatingFlowM3h(1.0);
        assertEquals(true, early < 0.5 * later && later < steady * 1.001, early + " " + later + " " + steady);
        assertThrows(IllegalArgumentException.class, () -> new PumpSystemPlant(0, 100, 10, 20, 60, 50, 0.1, 0.5, 1000, 0, 0, 1L, MS));
        assertThrows(IllegalArgumentException.class, () -> new PumpSystemPlant(50, 100, -1, 20, 60, 50, 0.1, 0.5, 1000, 0, 0, 1L, MS));
    }
}
