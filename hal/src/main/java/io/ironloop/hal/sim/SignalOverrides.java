package io.ironloop.hal.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Taps on a simulated board's signals, by device id: a replay feeds a recorded column into the
 * device model that answers for a sensor, and a fault injector wraps a sensor's signal (stuck,
 * spike, drift, NaN) or an actuator's plant input (stuck). The wiring asks here while it builds the
 * device models; nothing is looked up per sample. Empty on an ordinary simulated run.
 */
public final class SignalOverrides
{
    private final Map<String, UnaryOperator<AnalogSignal>> signals = new HashMap<>();
    private final Map<String, UnaryOperator<AnalogSink>> sinks = new HashMap<>();
    private final java.util.Set<String> waveforms = new java.util.HashSet<>();

    /**
     * Says the signal fed to sensor {@code id} is the raw waveform its chip samples (an accelerometer's
     * acceleration), not the summary level its device model would otherwise synthesise a waveform from.
     */
    public void markWaveform(final String id)
    {
        waveforms.add(id);
    }

    /** True when the signal of sensor {@code id} is a raw waveform ({@link #markWaveform}). */
    public boolean isWaveform(final String id)
    {
        return waveforms.contains(id);
    }

    /** Wraps (or replaces) the signal the sensor {@code id}'s device model samples; taps chain in order. */
    public void tapSignal(final String id, final UnaryOperator<AnalogSignal> tap)
    {
        final UnaryOperator<AnalogSignal> before = signals.get(id);
        signals.put(id, before == null ? tap : signal -> tap.apply(before.apply(signal)));
    }

    /** Wraps the plant input the actuator {@code id} drives; taps chain in order. */
    public void tapSink(final String id, final UnaryOperator<AnalogSink> tap)
    {
        final UnaryOperator<AnalogSink> before = sinks.get(id);
        sinks.put(id, before == null ? tap : sink -> tap.apply(before.apply(sink)));
    }

    /** True when the sensor {@code id} has a tap. */
    public boolean hasSignal(final String id)
    {
        return signals.containsKey(id);
    }

    /** The signal for sensor {@code id}: {@code base} (the plant's, possibly null) through its taps. */
    public AnalogSignal signal(final String id, final AnalogSignal base)
    {
        final UnaryOperator<AnalogSignal> tap = signals.get(id);
        return tap == null ? base : tap.apply(base);
    }

    /** The sink for actuator {@code id}: {@code base} (the plant's, possibly null) through its taps. */
    public AnalogSink sink(final String id, final AnalogSink base)
    {
        final UnaryOperator<AnalogSink> tap = sinks.get(id);
        return tap == null || base == null ? base : tap.apply(base);
    }
}
