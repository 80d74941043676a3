package io.ironloop.firmware.mqtt;

/**
 * An MQTT link that reports, per sequence, whether the broker kept a message: what the
 * store-and-forward journal ({@code io.ironloop.firmware.journal}) needs from the transport. The link reports into the {@link Acknowledgements} it was given, from
 * whatever thread its client calls back on. Paho can serve it by passing the sequence as a publish's
 * user context and reporting it in {@code deliveryComplete}.
 */
public interface AcknowledgingLink extends AutoCloseable
{
    /** Sequence of a message that was not journaled: nothing to acknowledge. */
    long NO_SEQUENCE = -1;

    /**
     * Hands a message to the client; false when it cannot take it now (not connected, in-flight
     * window full). Copies the payload, so the caller's buffer can be reused at once.
     */
    boolean publish(long sequence, String topic, byte[] payload, int length);

    /** Moves messages towards the broker and reconnects when due; never blocks. */
    int pump(long nowNs);

    /** True while connected: messages published now can be acknowledged. */
    boolean isConnected();

    /**
     * Count of successful connections so far. When it changes, messages in flight on the old
     * connection may be gone without an answer, so the journal replays from its watermark.
     */
    long connections();

    @Override
    void close();
}
