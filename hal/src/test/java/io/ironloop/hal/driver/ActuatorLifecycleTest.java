package io.ironloop.hal.driver;

import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ActuatorLifecycleTest
{
    /** An actuator whose first {@code failures} writes fail with a NACK. */
    private static final class FlakyOutput extends ActuatorLifecycle
    {
        private int failures;
        private int writes;

        FlakyOutput(final int failures)
        {
            super("valve", Unit.FRACTION, 0.0);
            this.failures = failures;
        }

        @Override
        public void configure()
        {
            configured();
        }

        @Override
        public int write(final long nowNs, final double value)
        {
            writes++;
            if (failures > 0)
            {
                failures--;
                return BusResult.NACK;
            }
            lastValue(value);
            return 0;
        }
    }

    @Test
    void shouldRetryAFailedSafeWriteOnDeactivateOnce()
    {
        final FlakyOutput output = new FlakyOutput(1);
        output.deactivate();
        assertEquals(2, output.writes);
        assertEquals(0, output.deactivateResult());
        assertEquals(0.0, output.lastValue());
        assertEquals(LifecycleState.INACTIVE, output.state());
    }

    @Test
    void shouldReportASafeWriteThatFailedTwice()
    {
        final FlakyOutput output = new FlakyOutput(5);
        output.deactivate();
        assertEquals(2, output.writes, "one retry, not a loop on a dead bus");
        assertEquals(BusResult.NACK, output.deactivateResult());
    }
}
