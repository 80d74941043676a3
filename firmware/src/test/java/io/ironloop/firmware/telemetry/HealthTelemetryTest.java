package io.ironloop.firmware.telemetry;

import io.ironloop.control.advice.AdvisorStatus;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.mqtt.TelemetryLink;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The advisor's findings go out on {@code <topic>/health} as JSON naming the part, once per new finding, at most at the telemetry rate. */
class HealthTelemetryTest
{
    @Test
    void shouldPublishEachNewFindingWithThePartAndNullForUnknownLife()
    {
        final List<String> sent = new ArrayList<>();
        final TelemetryLink link = new TelemetryLink()
        {
            @Override
            public boolean offer(final String topic, final byte[] payload, final int length)
            {
                sent.add(topic + " " + new String(payload, 0, length, StandardCharsets.UTF_8));
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
        final VirtualClock clock = new VirtualClock(0L);
        final CountersManager counters = new CountersManager(new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        final TelemetryAgent agent = new TelemetryAgent(clock, 0L, "pump", new String[] {"loop"}, new String[] {"bar"},
            new TelemetryChannel(1 << 16), link, "ironloop/pump", 10.0, null, null, new SingleWriterRecorder(3),
            counters.newCounter("overruns"), counters.newCounter("backlog"));
        final AdvisorStatus status = new AdvisorStatus();
        agent.health(status, "discharge-pump", "ironloop/pump/health");
        agent.doWork();
        assertEquals(0, sent.size(), "nothing found yet: nothing sent");
        status.write(1_500_000_000L, 2.25, false, 0.875, Double.NaN, Double.NaN, Double.NaN);
        clock.advanceBy(20_000_000L);
        agent.doWork();
        assertEquals(List.of("ironloop/pump/health {\"machine\":\"pump\",\"part\":\"discharge-pump\",\"t\":1.500,\"anomalyScore\":2.250,"
            + "\"alarm\":0,\"health\":0.8750,\"rulS\":null,\"rulLowS\":null,\"rulHighS\":null}"), sent);
        clock.advanceBy(20_000_000L);
        agent.doWork();
        assertEquals(1, sent.size(), "the same finding is not sent twice");
        status.write(1_600_000_000L, 9.0, true, 0.5, 3600.0, 1800.0, 7200.0);
        clock.advanceBy(20_000_000L);
        agent.doWork();
        assertEquals(1, sent.size(), "at most at the telemetry rate (10 Hz)");
        clock.advanceBy(100_000_000L);
        agent.doWork();
        assertEquals(2, sent.size());
        assertEquals("ironloop/pump/health {\"machine\":\"pump\",\"part\":\"discharge-pump\",\"t\":1.600,\"anomalyScore\":9.000,"
            + "\"alarm\":1,\"health\":0.5000,\"rulS\":3600,\"rulLowS\":1800,\"rulHighS\":7200}", sent.get(1));
        assertEquals(2, agent.healthPublished());
    }
}
