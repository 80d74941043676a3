package io.ironloop.firmware.mqtt;

/**
 * Where encoded telemetry goes: our own interface in front of the MQTT client (Paho is unmaintained
 * and has known reconnect and thread-leak bugs; nothing else in the firmware may touch it).
 * {@link #offer} copies the payload, so the caller's buffer can be reused at once.
 */
public interface TelemetryLink extends AutoCloseable
{
    /** Queues a payload for a topic; false when the queue is full (the caller counts the drop). */
    boolean offer(String topic, byte[] payload, int length);

    /** Moves queued messages towards the broker and reconnects when due; never blocks. */
    int pump(long nowNs);

    /** Messages queued and not yet handed to the broker. */
    int backlog();

    /** Waits (outside any loop, at shutdown) until the backlog is delivered or the timeout passes. */
    boolean drain(long timeoutMs);

    @Override
    void close();

    /** A link that discards everything (for {@code --no-mqtt}). */
    TelemetryLink NONE = new TelemetryLink()
    {
        @Override
        public boolean offer(final String topic, final byte[] payload, final int length)
        {
            return true;
        }

        @Override
        public int pump(final long nowNs)
        {
            return 0;
        }

        @Override
        public int backlog()
        {
            return 0;
        }

        @Override
        public boolean drain(final long timeoutMs)
        {
            return true;
        }

        @Override
        public void close()
        {
        }
    };
}
