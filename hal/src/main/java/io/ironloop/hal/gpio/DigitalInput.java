package io.ironloop.hal.gpio;

/** A raw digital input line (limit switch, e-stop contact, door interlock, pulse input). */
public interface DigitalInput
{
    /** BCM GPIO number. */
    int pin();

    /** Current raw level of the line. */
    boolean isHigh();
}
