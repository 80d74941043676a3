package io.ironloop.hal;

/**
 * A device with a lifecycle. Only {@link #configure()} may throw (it runs at start-up, before any
 * loop); everything a loop calls reports failure as a status or a negative result.
 */
public interface HardwareComponent
{
    /** Stable identifier from the machine file (e.g. {@code discharge_pressure}). */
    String id();

    /** Opens the bus, checks the device identity and writes its configuration. */
    void configure() throws HardwareException;

    /** Starts producing or accepting values. */
    void activate();

    /** Stops producing or accepting values; outputs go to their safe state. */
    void deactivate();

    /** Current lifecycle state. */
    LifecycleState state();
}
