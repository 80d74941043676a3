package io.ironloop.hal.sim;

/** An analog quantity that a device model samples: a plant output, a recording, a constant. */
@FunctionalInterface
public interface AnalogSignal
{
    /** Value of the signal at time {@code nowNs} (volts, milliamps or engineering units, as the consumer expects). */
    double valueAt(long nowNs);
}
