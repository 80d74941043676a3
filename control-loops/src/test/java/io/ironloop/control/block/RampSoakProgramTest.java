package io.ironloop.control.block;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RampSoakProgramTest
{
    private static final double DT = 0.1;

    @Test
    void shouldRampAtTheRateThenSoakThenGoOn()
    {
        // 20 -> 100 at 2/s (40 s), soak 30 s, then down to 50 at 5/s (10 s), soak 10 s.
        final RampSoakProgram program = new RampSoakProgram(new double[] {2.0, 5.0}, new double[] {100.0, 50.0},
            new double[] {30.0, 10.0}, 0.0);
        double sp = program.update(DT, 20.0);
        assertEquals(20.2, sp, 1e-9, "starts from the measurement");
        for (int i = 1; i < 400; i++)
        {
            sp = program.update(DT, sp);
        }
        assertEquals(100.0, sp, 1e-9);
        assertEquals(RampSoakProgram.State.SOAK, program.state());
        for (int i = 0; i < 300; i++)
        {
            sp = program.update(DT, sp);
        }
        assertEquals(RampSoakProgram.State.RAMP, program.state());
        assertEquals(1, program.segment());
        for (int i = 0; i < 100; i++)
        {
            sp = program.update(DT, sp);
        }
        assertEquals(50.0, sp, 1e-9);
        for (int i = 0; i < 101; i++)
        {
            sp = program.update(DT, sp);
        }
        assertEquals(RampSoakProgram.State.DONE, program.state());
        assertEquals(50.0, program.update(DT, 0.0), "done: holds the last target");
    }

    @Test
    void shouldHoldTheProgramWhileTheMeasurementIsOutsideTheGuaranteedSoakBand()
    {
        final RampSoakProgram program = new RampSoakProgram(new double[] {10.0}, new double[] {100.0}, new double[] {5.0}, 2.0);
        program.start(100.0);
        program.update(DT, 100.0); // reaches the target: soak begins
        assertEquals(RampSoakProgram.State.SOAK, program.state());
        for (int i = 0; i < 100; i++)
        {
            program.update(DT, 95.0); // furnace door opened: 5 degrees low
        }
        assertTrue(program.isWaitingForMeasurement());
        assertEquals(0.0, program.soakedS(), 1e-9, "the soak timer did not run while the work was cold");
        for (int i = 0; i < 51; i++)
        {
            program.update(DT, 99.0); // back inside the band: 5 s of soak (one tick of rounding slack)
        }
        assertEquals(RampSoakProgram.State.DONE, program.state());
    }

    @Test
    void shouldHoldAndResumeOnRequest()
    {
        final RampSoakProgram program = new RampSoakProgram(new double[] {1.0}, new double[] {10.0}, new double[] {0.0}, 0.0);
        program.start(0.0);
        program.update(1.0, 0.0);
        program.hold();
        for (int i = 0; i < 5; i++)
        {
            assertEquals(1.0, program.update(1.0, 0.0), "held");
        }
        program.resume();
        assertEquals(2.0, program.update(1.0, 0.0));
    }

    @Test
    void shouldRejectBadSegments()
    {
        assertThrows(IllegalArgumentException.class, () -> new RampSoakProgram(new double[] {0.0}, new double[] {1.0}, new double[] {0.0}, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RampSoakProgram(new double[] {1.0}, new double[] {1.0}, new double[] {-1.0}, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new RampSoakProgram(new double[0], new double[0], new double[0], 0.0));
    }
}
