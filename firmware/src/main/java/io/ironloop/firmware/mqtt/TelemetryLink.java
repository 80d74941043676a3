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

    /**
     * The link this one is in front of (a decorator: counters, a journal), or {@code null} for a link that
     * wraps none. {@link #find} walks these, so a new wrapper needs no changes where links are unwrapped.
     */
    default TelemetryLink unwrap()
    {
        return null;
    }

    /**
     * The first link of {@code type} in {@code link}'s chain of wrappers, {@code link} itself included, or
     * {@code null} when there is none ({@code link} null included).
     */
    static <T> T find(final TelemetryLink link, final Class<T> type)
    {
        TelemetryLink at = link;
        // Bounded: a wrapper that (wrongly) wraps itself must not hang the start-up.
        for (int depth = 0; at != null && depth < MAX_WRAPPERS; depth++)
        {
            if (type.isInstance(at))
            {
                return type.cast(at);
            }
            at = at.unwrap();
        }
        return null;
    }

    /** How deep {@link #find} looks. */
    int MAX_WRAPPERS = 16;

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
