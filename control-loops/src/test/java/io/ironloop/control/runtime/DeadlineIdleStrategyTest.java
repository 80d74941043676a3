package io.ironloop.control.runtime;

import io.ironloop.control.time.VirtualClock;
import org.agrona.collections.MutableLong;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeadlineIdleStrategyTest
{
    private final VirtualClock clock = new VirtualClock(1_000_000L);
    private final MutableLong deadlineNs = new MutableLong();
    private final MutableLong parkedNs = new MutableLong(-1);
    private final ScheduledAgent agent = new ScheduledAgent()
    {
        @Override
        public long nextDeadlineNs()
        {
            return deadlineNs.get();
        }

        @Override
        public int doWork()
        {
            return 0;
        }

        @Override
        public String roleName()
        {
            return "test";
        }
    };
    private final DeadlineIdleStrategy idle = new DeadlineIdleStrategy(clock, agent, 100_000L, 2_000_000L, parkedNs::set);

    @Test
    void shouldParkUntilTheSpinWindowBeforeTheDeadline()
    {
        deadlineNs.set(clock.nanoTime() + 900_000L);
        idle.idle(0);
        assertEquals(800_000L, parkedNs.get());
    }

    @Test
    void shouldParkNoLongerThanTheMaximumSoAnEarlierDeadlineIsNoticed()
    {
        deadlineNs.set(clock.nanoTime() + 50_000_000L);
        idle.idle(0);
        assertEquals(2_000_000L, parkedNs.get());
    }

    @Test
    void shouldSpinInsideTheWindowAndWhenLate()
    {
        deadlineNs.set(clock.nanoTime() + 100_000L);
        idle.idle(0);
        deadlineNs.set(clock.nanoTime() - 5_000L);
        idle.idle(0);
        assertEquals(-1, parkedNs.get());
    }

    @Test
    void shouldNotIdleAfterWork()
    {
        deadlineNs.set(clock.nanoTime() + 900_000L);
        idle.idle(1);
        assertEquals(-1, parkedNs.get());
    }

    @Test
    void shouldBeSelectableByNameOnlyWithItsAgent()
    {
        assertEquals("deadline", IdleStrategies.of("deadline", 0, agent, clock).alias());
        assertThrows(IllegalArgumentException.class, () -> IdleStrategies.of("deadline", 0));
        assertThrows(IllegalArgumentException.class, () -> IdleStrategies.of("nap", 0));
    }
}
