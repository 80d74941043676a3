package io.ironloop.firmware.telemetry;

import io.ironloop.control.telemetry.LoopSample;

/**
 * Turns one loop sample into one payload, for one wire format: JSON today ({@link JsonTelemetryEncoder}),
 * Sparkplug B next. The telemetry agent decides when to publish and where; the encoder only what the
 * bytes are. Implementations encode into a buffer of their own, reused for every call: allocation-free,
 * telemetry thread only.
 */
public interface TelemetryEncoder
{
    /**
     * Encodes {@code sample} of loop {@code loopIndex}.
     *
     * @param startNs the run's start on the sample clock (payloads carry time since start)
     * @return the payload's length in {@link #bytes()}
     */
    int encode(LoopSample sample, int loopIndex, long startNs);

    /** The last payload's bytes, valid until the next {@link #encode}. */
    byte[] bytes();
}
