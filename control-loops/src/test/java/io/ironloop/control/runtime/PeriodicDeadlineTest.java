package io.ironloop.control.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The advisor's and the vibration monitors' schedule: due once a period, anchored lazily, no catch-up burst after a pause. */
class PeriodicDeadlineTest
{
    @Test
    void dueOncePerPeriodFromTheFirstCall()
    {
        final PeriodicDeadline deadline = new PeriodicDeadline(10);
        assertEquals(7, deadline.nextNs(() -> 7));
        assertTrue(deadline.due(100));
        assertFalse(deadline.due(105));
        assertEquals(110, deadline.nextNs(() -> 0));
        assertTrue(deadline.due(112));
        assertEquals(120, deadline.nextNs(() -> 0), "keeps its phase when a little late");
    }

    @Test
    void farBehindRunsOnceAndThenAPeriodLater()
    {
        final PeriodicDeadline deadline = new PeriodicDeadline(10);
        deadline.start(0);
        assertTrue(deadline.due(0));
        assertTrue(deadline.due(1_000));
        assertFalse(deadline.due(1_005));
        assertEquals(1_010, deadline.nextNs(() -> 0));
    }
}
