package io.ironloop.firmware.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench mqtt} end to end on a short run: the publishing JVM is really killed with SIGKILL mid-run and
 * started again on its journal, the broker is restarted, and every journaled sample reaches the subscriber.
 * A figure check, not a performance test: the rates are whatever the shared machine gives.
 */
class MqttBenchTest
{
    @TempDir
    Path dir;

    @Test
    void shouldLoseNoJournaledSampleWhenThePublisherIsKilledAndTheBrokerRestarted() throws Exception
    {
        Brokers.requireMosquitto(false);
        final MqttBench.Result result = MqttBench.run(dir, 3.0, 50, 1, 1);
        assertEquals(1, result.brokerRestarts());
        assertEquals(1, result.firmwareKills());
        final MqttBench.Kill kill = result.kills().get(0);
        assertEquals(137, kill.exitStatus(), "killed by SIGKILL (128 + 9)");
        assertTrue(kill.committedBeforeKill() > 0, "killed mid-stream, after commits: " + kill);
        assertTrue(kill.recoveredAfterKill() >= kill.committedBeforeKill(), "no committed record lost to the kill: " + kill);
        assertEquals(0, result.committedLostAtKills());
        assertTrue(result.journaled() > kill.recoveredAfterKill() * 50, "the restarted publisher journaled more: " + result);
        assertEquals(0, result.lost(), "every journaled sample arrived: " + result);
        assertTrue(result.duplicates() >= 0);
        assertTrue(result.received() >= result.journaled(), result.toString());
        assertTrue(result.latencySamples() > 0, "the 1 kHz latency phase ran: " + result);
        assertTrue(result.rawSamples() > 0, "the raw Paho baseline ran in the same run");
    }
}
