package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;

/**
 * One step of a sensor's conditioning chain (scaling, calibration, filter), applied in place.
 * Stages leave FAULT readings alone (a fault must not poison a filter's state) unless their job is
 * to detect faults. Allocation-free.
 */
public interface SignalStage
{
    /**
     * Conditions {@code reading} in place.
     *
     * @return false to drop the sample (throttle, delta): the previous published value stands.
     */
    boolean apply(Reading reading);

    /**
     * Conditions {@code reading} in place, knowing the time of the read (stages that watch time, such
     * as a timeout, override this; the rest use the reading alone).
     *
     * @return false to drop the sample: the previous published value stands.
     */
    default boolean apply(final long nowNs, final Reading reading)
    {
        return apply(reading);
    }

    /** Forgets filter state (after a device reset). */
    default void reset()
    {
    }
}
