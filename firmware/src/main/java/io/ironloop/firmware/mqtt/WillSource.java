package io.ironloop.firmware.mqtt;

/**
 * Gives the Will of each new connection, asked just before every CONNECT (the first and each reconnect),
 * on the thread that starts it: a Sparkplug edge node's NDEATH carries a bdSeq that must advance with
 * every CONNECT, which Paho's own reconnect (reusing the first options) cannot do.
 */
@FunctionalInterface
public interface WillSource
{
    /** The Will for the CONNECT about to be sent; null for none. */
    Will nextWill();

    /** A Will message: topic, payload, QoS and retain flag. */
    record Will(String topic, byte[] payload, int qos, boolean retained)
    {
    }
}
