package io.ironloop.hal;

/** A device that produces readings in engineering units. */
public interface Sensor extends HardwareComponent
{
    /** Unit of the values this sensor produces. */
    Unit unit();

    /**
     * Takes one sample. Never throws and, in steady state, never allocates. A bus error sets
     * {@code out} to FAULT with the bus result as error code and returns that (negative) result.
     *
     * @return a non-negative value on success, a negative {@link io.ironloop.hal.bus.BusResult} on failure.
     */
    int read(long nowNs, Reading out);
}
