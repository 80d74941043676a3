package io.ironloop.firmware.telemetry;

import io.ironloop.control.telemetry.LoopSample;

/** One flat JSON object per loop sample: machine, loop, time since start, pv, sp, out, mode, status, tick. */
public final class JsonTelemetryEncoder implements TelemetryEncoder
{
    private final String machine;
    private final String[] loopIds;
    private final JsonWriter json = new JsonWriter(1024);

    public JsonTelemetryEncoder(final String machine, final String[] loopIds)
    {
        this.machine = machine;
        this.loopIds = loopIds.clone();
    }

    @Override
    public int encode(final LoopSample sample, final int loopIndex, final long startNs)
    {
        json.begin()
            .string("machine", machine)
            .string("loop", loopIds[loopIndex])
            .number("t", (sample.timeNs - startNs) * 1e-9, 3)
            .number("pv", sample.measurement, 4)
            .number("sp", sample.setpoint, 4)
            .number("out", sample.output, 4)
            .string("mode", sample.mode.name())
            .string("status", sample.status.name())
            .number("tick", sample.tick)
            .end();
        return json.length();
    }

    @Override
    public byte[] bytes()
    {
        return json.bytes();
    }
}
