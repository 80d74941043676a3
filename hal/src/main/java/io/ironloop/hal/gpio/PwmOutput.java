package io.ironloop.hal.gpio;

/** A PWM output channel. */
public interface PwmOutput
{
    /** Channel number on its PWM chip. */
    int channel();

    /** Sets frequency and duty cycle (0..1). Returns 0 or a negative {@link io.ironloop.hal.bus.BusResult}. */
    int set(double frequencyHz, double dutyCycle);
}
