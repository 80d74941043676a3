package io.ironloop.hal.gpio;

/** A digital output (relay, contactor, lamp). */
public interface DigitalOutput
{
    /** BCM GPIO number. */
    int pin();

    /** Drives the line. Returns 0 or a negative {@link io.ironloop.hal.bus.BusResult}. */
    int set(boolean high);

    /** The state last driven. */
    boolean isHigh();
}
