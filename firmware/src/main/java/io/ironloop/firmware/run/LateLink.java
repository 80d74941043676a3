package io.ironloop.firmware.run;

import io.ironloop.firmware.mqtt.TelemetryLink;

/**
 * The telemetry link of a run, given to the telemetry agent when it is built and set once the link itself is
 * (a real-time run builds it after control's first tick, before the telemetry agent starts: the agent's
 * thread start orders the set before its first use). Until set, and when building the link failed, it is
 * {@link TelemetryLink#NONE}. The telemetry thread uses it; {@link #unwrap} finds the link behind it.
 */
final class LateLink implements TelemetryLink
{
    private volatile TelemetryLink link = TelemetryLink.NONE;

    void set(final TelemetryLink link)
    {
        this.link = link;
    }

    /** True once a link other than {@link TelemetryLink#NONE} was set. */
    boolean present()
    {
        return link != TelemetryLink.NONE;
    }

    @Override
    public boolean offer(final String topic, final byte[] payload, final int length)
    {
        return link.offer(topic, payload, length);
    }

    @Override
    public int pump(final long nowNs)
    {
        return link.pump(nowNs);
    }

    @Override
    public int backlog()
    {
        return link.backlog();
    }

    @Override
    public boolean drain(final long timeoutMs)
    {
        return link.drain(timeoutMs);
    }

    /** The link is closed with the run's resources, which own it. */
    @Override
    public void close()
    {
    }

    @Override
    public TelemetryLink unwrap()
    {
        return link;
    }
}
