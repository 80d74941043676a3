package io.ironloop.control.detect;

/**
 * Hysteresis and minimum durations that turn a normalized score (1.0 = threshold) into an alarm: the alarm is
 * raised when the score has been at or above {@code raiseLevel} for {@code raiseSamples} consecutive samples and
 * cleared when it has been below {@code clearLevel} for {@code clearSamples} consecutive samples.
 */
public record AlarmRule(double raiseLevel, double clearLevel, int raiseSamples, int clearSamples)
{
    public static final AlarmRule DEFAULT = new AlarmRule(1.0, 0.8, 3, 10);

    public AlarmRule
    {
        if (!(raiseLevel > 0) || !(clearLevel > 0 && clearLevel <= raiseLevel) || raiseSamples < 1 || clearSamples < 1)
        {
            throw new IllegalArgumentException("alarm rule needs 0 < clearLevel <= raiseLevel and sample counts >= 1; got "
                + raiseLevel + ", " + clearLevel + ", " + raiseSamples + ", " + clearSamples);
        }
    }
}
