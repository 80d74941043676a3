package io.ironloop.firmware.telemetry;

/**
 * When one signal is published: on change beyond a deadband, periodically, or both (whichever comes
 * first); a change of sensor status is always published. Immutable.
 *
 * @param onChange publish when the value moved more than {@code deadband} from the last one published
 * @param periodNs publish at least this often (0: never periodically)
 */
public record PublishPolicy(boolean onChange, double deadband, long periodNs)
{
    public PublishPolicy
    {
        if (!(deadband >= 0) || periodNs < 0 || (!onChange && periodNs == 0))
        {
            throw new IllegalArgumentException("a publish policy needs a non-negative deadband and a period or on-change");
        }
    }

    public static PublishPolicy periodic(final long periodNs)
    {
        return new PublishPolicy(false, 0.0, periodNs);
    }

    public static PublishPolicy onChange(final double deadband)
    {
        return new PublishPolicy(true, deadband, 0);
    }

    public static PublishPolicy both(final double deadband, final long periodNs)
    {
        return new PublishPolicy(true, deadband, periodNs);
    }

    /** True when a sample should go out now (allocation-free). */
    public boolean due(final long nowNs, final long lastNs, final double value, final double lastValue, final boolean statusChanged, final boolean never)
    {
        if (never || statusChanged)
        {
            return true;
        }
        if (periodNs > 0 && nowNs - lastNs >= periodNs)
        {
            return true;
        }
        if (!onChange)
        {
            return false;
        }
        if (Double.isNaN(value) != Double.isNaN(lastValue))
        {
            return true;
        }
        return Math.abs(value - lastValue) > deadband;
    }
}
