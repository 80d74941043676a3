package io.ironloop.firmware.run;

import io.ironloop.firmware.journal.Journal;
import io.ironloop.firmware.journal.JournalConfig;
import io.ironloop.firmware.journal.JournaledLink;
import io.ironloop.firmware.mqtt.Acknowledgements;
import io.ironloop.firmware.mqtt.AcknowledgingLink;
import io.ironloop.firmware.mqtt.LinkCounters;
import io.ironloop.firmware.mqtt.MqttLink;
import io.ironloop.firmware.mqtt.MqttSettings;
import io.ironloop.firmware.mqtt.TelemetryLink;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link FirmwareRun#mqttOf} finds the MQTT link through every nesting of wrappers a run builds, and none where there is none. */
class MqttOfTest
{
    @TempDir
    Path dir;

    private MqttLink mqtt;
    private Journal journal;
    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));

    @BeforeEach
    void open() throws Exception
    {
        // Never connected: nothing here pumps it.
        mqtt = new MqttLink(MqttSettings.plain("tcp://127.0.0.1:1", "mqtt-of-test", 1).withProtocol(MqttSettings.Protocol.V3_1_1),
            16, 256, Map.of());
        journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")));
    }

    @AfterEach
    void close()
    {
        journal.close();
        mqtt.close();
    }

    private JournaledLink journaled(final AcknowledgingLink through)
    {
        return new JournaledLink(journal, through, new Acknowledgements(16), new SystemNanoClock(), new SystemEpochNanoClock(), 100.0);
    }

    @Test
    void theLinkItself()
    {
        assertSame(mqtt, FirmwareRun.mqttOf(mqtt));
    }

    @Test
    void behindCounters()
    {
        assertSame(mqtt, FirmwareRun.mqttOf(new LinkCounters(mqtt, mqtt, counters)));
    }

    @Test
    void behindTheJournal()
    {
        assertSame(mqtt, FirmwareRun.mqttOf(journaled(mqtt)));
    }

    @Test
    void behindCountersAndTheJournal()
    {
        final JournaledLink journaled = journaled(mqtt);
        final LinkCounters counted = new LinkCounters(journaled, mqtt, counters);
        assertSame(mqtt, FirmwareRun.mqttOf(counted));
        assertSame(journaled, TelemetryLink.find(counted, JournaledLink.class));
    }

    @Test
    void noneWithoutMqtt()
    {
        assertNull(FirmwareRun.mqttOf(null));
        assertNull(FirmwareRun.mqttOf(TelemetryLink.NONE));
        assertNull(FirmwareRun.mqttOf(new LinkCounters(TelemetryLink.NONE, null, counters)));
        // A journal in front of a transport that is not a telemetry link (a test double) hides no MQTT link.
        final AcknowledgingLink notTelemetry = new AcknowledgingLink()
        {
            @Override
            public boolean publish(final long sequence, final String topic, final byte[] payload, final int length)
            {
                return false;
            }

            @Override
            public int pump(final long nowNs)
            {
                return 0;
            }

            @Override
            public boolean isConnected()
            {
                return false;
            }

            @Override
            public long connections()
            {
                return 0;
            }

            @Override
            public void close()
            {
            }
        };
        assertNull(FirmwareRun.mqttOf(new LinkCounters(journaled(notTelemetry), null, counters)));
    }

    @Test
    void aWrapperOfItselfEnds()
    {
        // A late link set to itself: a wrapper that (wrongly) wraps itself.
        final LateLink loop = new LateLink();
        loop.set(loop);
        assertNull(FirmwareRun.mqttOf(loop));
    }
}
