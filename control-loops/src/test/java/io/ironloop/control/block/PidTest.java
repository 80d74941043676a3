package io.ironloop.control.block;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PidTest
{
    private static final double DT = 0.01;

    /** Seconds the output stays at its upper limit after the setpoint drops from unreachable to reachable. */
    private static double secondsSaturatedAfterWindup(final Pid.AntiWindup antiWindup)
    {
        final Pid pid = new Pid(0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, antiWindup);
        final FopdtPlant plant = new FopdtPlant(1.0, 5.0, 0.5, DT, 0.0);
        double pv = plant.pv();
        for (int i = 0; i < 3000; i++)
        {
            pv = plant.step(pid.update(2.0, pv, 0.0, DT)); // 2.0 is out of reach: max PV is 1.0
        }
        for (int i = 0; i < 10_000; i++)
        {
            final double u = pid.update(0.5, pv, 0.0, DT);
            if (u < 1.0)
            {
                return i * DT;
            }
            pv = plant.step(u);
        }
        return Double.POSITIVE_INFINITY;
    }

    @Test
    void shouldRecoverFromWindupQuicklyWithBackCalculationAndSlowlyWithout()
    {
        final double withBackCalculation = secondsSaturatedAfterWindup(Pid.AntiWindup.BACK_CALCULATION);
        final double withClamping = secondsSaturatedAfterWindup(Pid.AntiWindup.CLAMPING);
        final double without = secondsSaturatedAfterWindup(Pid.AntiWindup.NONE);
        assertTrue(withBackCalculation < 0.5, "back-calculation stayed saturated " + withBackCalculation + " s");
        assertTrue(withClamping < 0.5, "clamping stayed saturated " + withClamping + " s");
        assertTrue(without > 10.0, "without anti-windup the output should stay saturated for long, was " + without + " s");
    }

    @Test
    void shouldStopIntegratingWhileClampedInTheSaturatingDirection()
    {
        final Pid pid = new Pid(0.1, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, Pid.AntiWindup.CLAMPING);
        pid.update(10.0, 0.0, 0.0, DT);
        final double before = pid.integral();
        for (int i = 0; i < 100; i++)
        {
            assertEquals(1.0, pid.update(10.0, 0.0, 0.0, DT));
        }
        assertEquals(before, pid.integral(), 1e-12);
        pid.update(-0.5, 0.0, 0.0, DT);
        assertTrue(pid.integral() < before, "an error that brings the output back integrates again");
    }

    @Test
    void shouldNotKickOnSetpointStepBecauseDerivativeActsOnMeasurement()
    {
        final Pid pid = new Pid(1.0, 0.0, 5.0, 0.0, 0.0, -100.0, 100.0, 0.0);
        final double before = pid.update(1.0, 1.0, 0.0, DT);
        final double after = pid.update(2.0, 1.0, 0.0, DT);
        assertEquals(1.0, after - before, 1e-12, "only the proportional term sees a setpoint step");

        final double moved = pid.update(2.0, 1.1, 0.0, DT);
        assertEquals(-0.1 - 5.0 * 0.1 / DT, moved - after, 1e-9, "a measurement step is differentiated");
    }

    @Test
    void shouldFilterTheDerivative()
    {
        final Pid pid = new Pid(0.0, 0.0, 1.0, 0.1, 0.0, -100.0, 100.0, 0.0);
        pid.update(0.0, 0.0, 0.0, DT);
        final double first = pid.update(0.0, 1.0, 0.0, DT);
        assertEquals(-(1.0 / DT) * DT / (0.1 + DT), first, 1e-9);
    }

    @Test
    void shouldLimitTheOutputRate()
    {
        final Pid pid = new Pid(10.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.5);
        double last = 0.0;
        int steps = 0;
        while (last < 1.0 && steps < 1000)
        {
            final double u = pid.update(1.0, 0.0, 0.0, DT);
            assertTrue(u - last <= 0.5 * DT + 1e-12, "step " + (u - last) + " exceeds the rate limit");
            last = u;
            steps++;
        }
        assertEquals(200, steps, 1, "0 -> 1 at 0.5/s takes 2 s");
        assertTrue(pid.saturatedHigh());
    }

    @Test
    void shouldTransferBumplesslyFromManualToAuto()
    {
        final Pid pid = new Pid(0.8, 0.4, 0.2, 0.05, 0.0, 0.0, 1.0, 0.0);
        final FopdtPlant plant = new FopdtPlant(2.0, 3.0, 0.2, DT, 0.37);
        double pv = plant.pv();
        for (int i = 0; i < 500; i++)
        {
            pid.track(0.37, 1.2, pv, 0.0); // operator holds 37 % while the setpoint is elsewhere
            pv = plant.step(0.37);
        }
        final double first = pid.update(1.2, pv, 0.0, DT);
        assertEquals(0.37, first, 1e-12, "no jump at the switch to AUTO");
        final double second = pid.update(1.2, plant.step(first), 0.0, DT);
        assertTrue(Math.abs(second - first) < 0.01, "and no jump right after: " + (second - first));
    }

    @Test
    void shouldMatchIdealFormWithParallelGains()
    {
        final double kc = 2.0;
        final double ti = 4.0;
        final double td = 0.5;
        final Pid ideal = Pid.fromIdeal(kc, ti, td, 10.0, -1e6, 1e6, 0.0);
        final Pid parallel = new Pid(kc, kc / ti, kc * td, td / 10.0, 0.0, -1e6, 1e6, 0.0);

        // Independent ideal-form reference: Kc * (e + 1/Ti * integral(e) + Td * filtered(-dpv/dt)).
        double integralOfError = 0;
        double filtered = 0;
        double lastPv = 0.3;
        for (int i = 0; i < 500; i++)
        {
            final double sp = i < 250 ? 1.0 : -0.5;
            final double pv = 0.3 + 0.2 * Math.sin(i * 0.05);
            final double e = sp - pv;
            filtered += DT / (td / 10.0 + DT) * (-(pv - lastPv) / DT - filtered);
            lastPv = pv;
            final double reference = kc * (e + integralOfError / ti + td * filtered);
            integralOfError += e * DT;

            final double a = ideal.update(sp, pv, 0.0, DT);
            final double b = parallel.update(sp, pv, 0.0, DT);
            assertEquals(b, a, 1e-12);
            assertEquals(reference, a, 1e-9, "step " + i);
        }
    }

    @Test
    void shouldAddFeedForwardBeforeLimiting()
    {
        final Pid pid = new Pid(1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0);
        assertEquals(0.5, pid.update(1.2, 1.0, 0.3, DT), 1e-12);
        assertEquals(1.0, pid.update(1.2, 1.0, 0.9, DT), 1e-12);
    }

    @Test
    void shouldHoldTheLastOutputOnNonFiniteInputWithoutCorruptingState()
    {
        final Pid pid = new Pid(1.0, 1.0, 0.1, 0.0, 0.0, -10.0, 10.0, 0.0);
        final double u = pid.update(1.0, 0.5, 0.0, DT);
        final double integral = pid.integral();
        assertEquals(u, pid.update(1.0, Double.NaN, 0.0, DT));
        assertEquals(u, pid.update(1.0, Double.POSITIVE_INFINITY, 0.0, DT));
        assertEquals(u, pid.update(Double.NaN, 0.5, 0.0, DT));
        assertEquals(u, pid.update(1.0, 0.5, 0.0, 0.0));
        assertEquals(integral, pid.integral());
        assertFalse(Double.isNaN(pid.update(1.0, 0.5, 0.0, DT)));
    }

    @Test
    void shouldUnwindTowardTheRealizedValue()
    {
        final Pid pid = new Pid(1.0, 1.0, 0.0, 0.0, 1.0, -10.0, 10.0, 0.0);
        pid.track(5.0, 0.0, 0.0, 0.0);
        pid.trackRealized(2.0, 0.5);
        assertEquals(5.0 + (2.0 - 5.0) * 0.5, pid.integral(), 1e-12);
    }

    @Test
    void shouldReachASetpointOnARangeThatExcludesZero()
    {
        final Pid pid = new Pid(0.5, 0.1, 0.0, 0.0, 0.0, 60.0, 100.0, 0.0);
        final FopdtPlant plant = new FopdtPlant(1.0, 20.0, 1.0, DT, 60.0);
        double pv = plant.pv();
        for (int i = 0; i < 60_000; i++)
        {
            pv = plant.step(pid.update(90.0, pv, 0.0, DT));
        }
        assertEquals(90.0, pv, 0.05, "range [60, 100], setpoint 90: the integrator holds ~90 on its own");
        assertEquals(90.0, pid.lastOutput(), 0.05);
    }

    @Test
    void shouldReachTheSetpointWithFeedForwardOnSuchARange()
    {
        final Pid pid = new Pid(0.5, 0.1, 0.0, 0.0, 0.0, 60.0, 100.0, 0.0);
        final FopdtPlant plant = new FopdtPlant(1.0, 20.0, 1.0, DT, 60.0);
        double pv = plant.pv();
        for (int i = 0; i < 60_000; i++)
        {
            pv = plant.step(pid.update(90.0, pv, 75.0, DT));
        }
        assertEquals(90.0, pv, 0.05);
        assertEquals(15.0, pid.integral(), 0.05, "the integrator holds what the feed-forward does not");
    }

    @Test
    void shouldTransferBumplesslyOnARangeThatExcludesZero()
    {
        final Pid pid = new Pid(0.5, 0.1, 0.0, 0.0, 0.0, 60.0, 100.0, 0.0);
        pid.track(80.0, 90.0, 85.0, 0.0);
        assertEquals(80.0, pid.update(90.0, 85.0, 0.0, DT), 1e-9, "the first automatic step gives the manual output");
    }

    @Test
    void shouldLeaveTheLastOutputInsideTheRangeOnReset()
    {
        final Pid pid = new Pid(0.5, 0.1, 0.0, 0.0, 0.0, 60.0, 100.0, 0.0);
        pid.update(90.0, 70.0, 0.0, DT);
        pid.reset();
        assertEquals(60.0, pid.lastOutput());
        assertEquals(60.0, pid.update(60.0, 60.0, 0.0, DT), 1e-9, "at zero error the first step after a reset stays in range");
        final Pid around = new Pid(0.5, 0.1, 0.0, 0.0, 0.0, -1.0, 1.0, 0.0);
        around.reset();
        assertEquals(0.0, around.lastOutput());
    }

    @Test
    void shouldRejectInvalidParameters()
    {
        assertThrows(IllegalArgumentException.class, () -> new Pid(1, 0, 0, 0, 0, 1.0, 0.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Pid(-1, 0, 0, 0, 0, 0.0, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Pid(Double.NaN, 0, 0, 0, 0, 0.0, 1.0, 0));
    }
}
