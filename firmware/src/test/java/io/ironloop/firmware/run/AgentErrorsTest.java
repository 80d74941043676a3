package io.ironloop.firmware.run;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgentErrorsTest
{
    @Test
    void shouldCountEveryErrorAndLogOnlyOncePerInterval()
    {
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 1024)));
        final AtomicCounter counter = counters.newCounter("agent errors");
        // An interval no test outlives: the first error is logged, every later one only counted.
        final AgentErrors errors = new AgentErrors(counter, Long.MAX_VALUE / 4);
        final IllegalStateException failure = new IllegalStateException("an agent that fails every cycle");
        for (int i = 0; i < 1000; i++)
        {
            errors.onError(failure);
        }
        assertEquals(1000, counter.get(), "every error is counted");
        assertEquals(999, errors.unlogged(), "one line logged, the rest waiting for the next interval");
    }
}
