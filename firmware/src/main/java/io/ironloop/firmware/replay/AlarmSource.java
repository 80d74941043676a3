package io.ironloop.firmware.replay;

/**
 * What "an alarm" means to a scenario's expectations ({@code alarmWithin}, {@code noAlarmOutside}).
 * Judged once per control tick, after the control agent, on the control thread of the replay;
 * implementations must not allocate there. The built-in source is the machine's own interlocks and
 * trips ({@link InterlockAlarms}); an anomaly detector plugs in by registering a factory under a name
 * in {@link AlarmSources} and a scenario selecting it with {@code alarm: NAME}.
 */
public interface AlarmSource
{
    /** True while the alarm is raised at {@code nowNs}. */
    boolean active(long nowNs);

    /** A short description of what raised the alarm last (for the report), or "". */
    String cause();
}
