package io.ironloop.firmware.telemetry;

import io.ironloop.control.advice.AdvisorStatus;

/**
 * One flat JSON object per advisor finding, on the machine's {@code <topic>/health}: machine, the part it
 * concerns, time since start, anomaly score, alarm (0/1), health index (0 failed .. 1 healthy), remaining
 * useful life and its 95 % band in seconds ({@code null} while unknown). Allocation-free.
 */
public final class JsonHealthEncoder
{
    private final String machine;
    private final String part;
    private final JsonWriter json = new JsonWriter(512);

    public JsonHealthEncoder(final String machine, final String part)
    {
        this.machine = machine;
        this.part = part;
    }

    public int encode(final AdvisorStatus.Snapshot status, final long startNs)
    {
        json.begin()
            .string("machine", machine)
            .string("part", part)
            .number("t", (status.timeNs - startNs) * 1e-9, 3)
            .number("anomalyScore", status.anomalyScore, 3)
            .number("alarm", status.alarm ? 1 : 0)
            .number("health", status.health, 4)
            .number("rulS", status.remainingS, 0)
            .number("rulLowS", status.remainingLowS, 0)
            .number("rulHighS", status.remainingHighS, 0)
            .end();
        return json.length();
    }

    public byte[] bytes()
    {
        return json.bytes();
    }
}
