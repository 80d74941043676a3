package io.ironloop.control.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedRateScheduleTest
{
    @Test
    void shouldKeepAbsoluteDeadlinesSoLateWakeUpsDoNotDrift()
    {
        final FixedRateSchedule schedule = new FixedRateSchedule(10_000_000L);
        schedule.start(0);
        assertEquals(300_000L, schedule.onTick(300_000L));
        assertEquals(10_000_000L, schedule.deadlineNs());
        assertFalse(schedule.isDue(9_999_999L));
        assertTrue(schedule.isDue(10_000_000L));
        assertEquals(2_000_000L, schedule.onTick(12_000_000L));
        assertEquals(20_000_000L, schedule.deadlineNs(), "the late tick does not push the next deadline");
        assertEquals(0, schedule.overruns());
    }

    @Test
    void shouldCountAnOverrunAndSkipMissedPeriodsKeepingPhase()
    {
        final FixedRateSchedule schedule = new FixedRateSchedule(10_000_000L);
        schedule.start(0);
        schedule.onTick(0);
        schedule.onTick(35_000_000L); // deadline was 10 ms: 25 ms late, periods at 20 and 30 ms missed
        assertEquals(1, schedule.overruns());
        assertEquals(40_000_000L, schedule.deadlineNs());
    }

    @Test
    void shouldCompareDeadlinesAcrossLongWrapAround()
    {
        final FixedRateSchedule schedule = new FixedRateSchedule(10L);
        schedule.start(Long.MAX_VALUE - 5);
        assertTrue(schedule.isDue(Long.MAX_VALUE - 5));
        schedule.onTick(Long.MAX_VALUE - 5);
        assertFalse(schedule.isDue(Long.MAX_VALUE));
        assertTrue(schedule.isDue(Long.MIN_VALUE + 4)); // 10 ns after the first deadline, past the wrap
    }
}
