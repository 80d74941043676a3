package io.ironloop.firmware.mqtt;

import java.util.function.BiConsumer;

/** The parts of a broker connection that commands need: subscriptions kept across reconnects, and direct sends. */
public interface MqttSession
{
    /** Subscribes now and after every reconnect; {@code handler} runs on the client's thread and must not block. */
    void subscribe(String filter, BiConsumer<String, byte[]> handler);

    /** Publishes at once, unjournaled (any thread); false when not connected. */
    boolean send(String topic, byte[] payload, int qos);

    boolean isConnected();
}
