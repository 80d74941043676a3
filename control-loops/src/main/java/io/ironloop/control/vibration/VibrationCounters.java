package io.ironloop.control.vibration;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * One watched bearing's counters in the counters file ({@code ironloop stat}): windows analysed, windows
 * lost to gaps (samples the ring dropped) or to non-finite samples; the last window's features (RMS and
 * peak x1e6 in the sensor's unit, crest factor, kurtosis and the baseline score x1000); the diagnosis
 * (fault code: -1 learning, 0 none, 1 inner race, 2 outer race, 3 ball, 4 unknown), its evidence
 * (which multiple of the defect frequency, its prominence x1000, its peak in mHz) and the alarm (0/1).
 */
public record VibrationCounters(
    AtomicCounter windows,
    AtomicCounter gaps,
    AtomicCounter invalidWindows,
    AtomicCounter rmsMicro,
    AtomicCounter peakMicro,
    AtomicCounter crestMilli,
    AtomicCounter kurtosisMilli,
    AtomicCounter scoreMilli,
    AtomicCounter fault,
    AtomicCounter harmonic,
    AtomicCounter prominenceMilli,
    AtomicCounter peakMilliHz,
    AtomicCounter alarm)
{
    /** Counters this record holds, for sizing the counters file. */
    public static final int COUNT = 13;

    public static final int LEARNING = -1;

    /** The counter value of {@code fault}. */
    public static int code(final BearingDiagnoser.Fault fault)
    {
        return switch (fault)
        {
            case NONE -> 0;
            case INNER_RACE -> 1;
            case OUTER_RACE -> 2;
            case BALL -> 3;
            case UNKNOWN -> 4;
        };
    }
}
