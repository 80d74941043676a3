package io.ironloop.firmware.replay;

import io.ironloop.hal.sim.AnalogSignal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signal-level faults and the stuck actuator, by virtual time; and the bench runs end to end. */
class FaultInjectionTest
{
    private static final AnalogSignal RAMP = now -> now * 1e-9; // the signal is the time in seconds

    private static long s(final double seconds)
    {
        return Math.round(seconds * 1e9);
    }

    @Test
    void stuckHoldsTheValueAtOnsetUntilTheWindowEnds()
    {
        final FaultySignal stuck = new FaultySignal(RAMP, FaultySignal.STUCK, s(2), s(4), 0);
        assertEquals(1.0, stuck.valueAt(s(1)), 1e-12);
        assertEquals(2.5, stuck.valueAt(s(2.5)), 1e-12);
        assertEquals(2.5, stuck.valueAt(s(3.9)), 1e-12);
        assertEquals(4.0, stuck.valueAt(s(4)), 1e-12);
    }

    @Test
    void spikeDriftAndNanActInTheirWindowOnly()
    {
        final FaultySignal spike = new FaultySignal(RAMP, FaultySignal.SPIKE, s(2), s(2.1), 10);
        assertEquals(12.05, spike.valueAt(s(2.05)), 1e-9);
        assertEquals(2.2, spike.valueAt(s(2.2)), 1e-9);
        final FaultySignal drift = new FaultySignal(RAMP, FaultySignal.DRIFT, s(1), Long.MAX_VALUE, 0.5);
        assertEquals(0.5, drift.valueAt(s(0.5)), 1e-9);
        assertEquals(3.0 + 1.0, drift.valueAt(s(3)), 1e-9);
        final FaultySignal nan = new FaultySignal(RAMP, FaultySignal.NAN, s(1), s(2), 0);
        assertTrue(Double.isNaN(nan.valueAt(s(1.5))));
        assertEquals(2.0, nan.valueAt(s(2)), 1e-12);
    }

    @Test
    void aStuckActuatorKeepsThePlantAtItsLastValue()
    {
        final double[] plant = new double[1];
        final StuckSink sink = new StuckSink((now, value) -> plant[0] = value, s(1), s(2));
        sink.accept(s(0.5), 0.3);
        sink.accept(s(1.5), 0.9);
        assertEquals(0.3, plant[0]);
        sink.accept(s(2.5), 0.9);
        assertEquals(0.9, plant[0]);
    }

    @Test
    void theReplayBenchRunsAndReportsItsFields() throws Exception
    {
        final Path home = ReplayTestFiles.root();
        final ReplayBench.Result result = ReplayBench.run(home, 4, false);
        assertEquals(8, result.channels());
        assertEquals(3000, result.rows());
        assertTrue(result.rowsPerSecond() > 0 && result.csvRowsPerSecond() > 0 && result.cpuRowsPerSecond() > 0, result.toString());
        assertTrue(Double.isNaN(result.skabSeconds()) && Double.isNaN(result.skabCpuSeconds()));
    }
}
