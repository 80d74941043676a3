package io.ironloop.control.block;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CascadeTest
{
    private static final double DT = 0.01;

    @Test
    void shouldFeedTheOuterOutputToTheInnerSetpointAndSettle()
    {
        // Outer: slow temperature (K=1, tau=20 s) driven by the fast inner flow (K=1, tau=1 s) through a valve.
        final Cascade cascade = new Cascade(new Pid(2.0, 0.2, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0),
            new Pid(1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0));
        final FopdtPlant flow = new FopdtPlant(1.0, 1.0, 0.05, DT, 0.0);
        final FopdtPlant temperature = new FopdtPlant(1.0, 20.0, 0.5, DT, 0.0);
        final double[] inputs = new double[2];
        for (int i = 0; i < 30_000; i++)
        {
            inputs[0] = temperature.pv();
            inputs[1] = flow.pv();
            final double valve = cascade.update(i * 10_000_000L, DT, 0.6, inputs);
            temperature.step(flow.step(valve));
        }
        assertEquals(0.6, temperature.pv(), 0.006);
        assertEquals(cascade.innerSetpoint(), flow.pv(), 0.01, "the inner loop follows the outer output");
    }

    @Test
    void shouldKeepTheOuterLoopFromWindingUpWhileTheInnerIsSaturated()
    {
        final Cascade cascade = new Cascade(new Pid(1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 10.0, 0.0),
            new Pid(1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0));
        final Pid unprotected = new Pid(1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 10.0, 0.0);
        final double[] inputs = {0.0, 0.5};
        for (int i = 0; i < 2_000; i++)
        {
            // The valve is wide open but the flow cannot pass 0.5: the inner loop saturates.
            cascade.update(i * 10_000_000L, DT, 5.0, inputs);
            unprotected.update(5.0, 0.0, 0.0, DT);
        }
        assertTrue(cascade.inner().saturatedHigh());
        assertTrue(cascade.outer().integral() < 2.0, "outer integral " + cascade.outer().integral());
        assertTrue(unprotected.integral() > 5.0, "for comparison, alone it winds up to " + unprotected.integral());
    }

    @Test
    void shouldTrackSoThatReturningToAutoIsBumpless()
    {
        final Cascade cascade = new Cascade(new Pid(2.0, 0.2, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0),
            new Pid(1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0));
        final double[] inputs = {0.3, 0.4};
        cascade.track(0.55, 0.6, inputs);
        assertEquals(0.55, cascade.update(0, DT, 0.6, inputs), 1e-9, "whole loop manual -> auto: no jump");

        cascade.outerManual(0.45);
        final double innerOnly = cascade.update(10_000_000L, DT, 0.6, inputs);
        assertEquals(0.45, cascade.innerSetpoint());
        cascade.outerAuto();
        cascade.update(20_000_000L, DT, 0.6, inputs);
        assertEquals(0.45, cascade.innerSetpoint(), 1e-9, "closing the cascade keeps the inner setpoint");
        assertTrue(Double.isFinite(innerOnly));
    }
}
