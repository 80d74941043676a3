package io.ironloop.hal;

/** A device that the control agent, and nothing else, commands. */
public interface Actuator extends HardwareComponent
{
    /** Unit of the command value. */
    Unit unit();

    /** The value that puts the machine in its safe state (e.g. pump stopped, heater off). */
    double safeValue();

    /**
     * Commands a value. Never throws; values outside the actuator's range are clamped.
     *
     * @return a non-negative value on success, a negative {@link io.ironloop.hal.bus.BusResult} on failure.
     */
    int write(long nowNs, double value);

    /** The last value successfully commanded. */
    double lastValue();
}
