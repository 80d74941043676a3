package io.ironloop.hal.sim;

/** Where a simulated output (DAC, PWM, relay) delivers its value: usually a plant input. */
@FunctionalInterface
public interface AnalogSink
{
    /** Receives the output's new value at time {@code nowNs}. */
    void accept(long nowNs, double value);
}
