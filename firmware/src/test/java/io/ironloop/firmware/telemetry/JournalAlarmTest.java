package io.ironloop.firmware.telemetry;

import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.journal.EvictionPolicy;
import io.ironloop.firmware.journal.FullDisk;
import io.ironloop.firmware.journal.Journal;
import io.ironloop.firmware.journal.JournalConfig;
import io.ironloop.firmware.journal.JournalState;
import io.ironloop.firmware.journal.JournaledLink;
import io.ironloop.firmware.mqtt.Acknowledgements;
import io.ironloop.firmware.mqtt.AcknowledgingLink;
import io.ironloop.firmware.mqtt.EmbeddedBroker;
import io.ironloop.firmware.mqtt.LinkCounters;
import io.ironloop.firmware.mqtt.MqttLink;
import io.ironloop.firmware.mqtt.MqttSettings;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full journal (its disk budget spent under the refusing policy, or a write failing as on a full disk) is
 * an alarm on {@code <topic>/alarm}, raised and cleared, and in the counters file; the control agent ticks
 * every period throughout.
 */
class JournalAlarmTest
{
    private static final String TOPIC = "ironloop/pump-station";
    private static final long EPOCH_NS = 1_764_633_600_000_000_000L;

    @TempDir
    Path dir;

    private static Path pumpStation()
    {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent())
        {
            final Path file = at.resolve("board-configs/machines/pump-station.yaml");
            if (Files.isRegularFile(file))
            {
                return file;
            }
        }
        throw new IllegalStateException("board-configs/machines/pump-station.yaml not found");
    }

    /** A broker that takes every message and acknowledges only while told to (and then, after a reconnect, the backlog too). */
    private static final class SilentBroker implements AcknowledgingLink
    {
        final List<String> sent = new ArrayList<>();
        Acknowledgements acknowledgements;
        boolean acknowledging;
        long connections = 1;

        @Override
        public boolean publish(final long sequence, final String topic, final byte[] payload, final int length)
        {
            sent.add(topic + " " + new String(payload, 0, length, StandardCharsets.UTF_8));
            if (acknowledging && sequence != NO_SEQUENCE)
            {
                acknowledgements.acknowledged(sequence);
            }
            return true;
        }

        @Override
        public int pump(final long nowNs)
        {
            return 0;
        }

        @Override
        public boolean isConnected()
        {
            return true;
        }

        @Override
        public long connections()
        {
            return connections;
        }

        @Override
        public void close()
        {
        }

        List<String> alarms()
        {
            return sent.stream().filter(m -> m.startsWith(TOPIC + "/alarm ")).toList();
        }
    }

    /** The control agent and its acquisition in lockstep; the telemetry side (publisher, link, counters) on this thread after each tick. */
    private static final class Rig implements AutoCloseable
    {
        final VirtualClock clock = new VirtualClock(0L);
        final CountersFile counters;
        final Machine machine;
        final LockstepRunner runner;
        final long periodNs;
        SignalPublisher publisher;
        LinkCounters link;

        Rig(final Path dir) throws Exception
        {
            final MachineSetup setup = MachineSetup.load(pumpStation(), null);
            counters = CountersFile.create(CountersFile.fileFor(dir, "journal-alarm"), 256);
            machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters.manager());
            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0]));
            periodNs = machine.control().schedule().periodNs();
            // The first tick (at time 0) before the measured runs, so each run below makes exactly its share.
            runner.runFor(periodNs);
        }

        void telemetry(final JournaledLink journaled)
        {
            link = new LinkCounters(journaled, null, counters.manager());
            final PublishPolicy[] policies = new PublishPolicy[machine.image().size()];
            java.util.Arrays.fill(policies, PublishPolicy.periodic(100_000_000L));
            publisher = new SignalPublisher("pump-station", TOPIC, machine.image(), machine.control(), link,
                () -> (EPOCH_NS + clock.nanoTime()) / 1_000_000L, 0L, policies, 32, new AtomicCounter[0], new String[0])
                .alarmWhile("journal", link.journalAlarm(), "JOURNALING", "FULL", "FAILED")
                .countAlarmsIn(counters.manager().newCounter("alarm messages published", 67));
        }

        /** Runs {@code seconds} of control ticks, the telemetry side after each; returns the control cycles they made. */
        long run(final double seconds)
        {
            final long before = machine.counters().cycles().get();
            final long ticks = Math.round(seconds * 1e9 / periodNs);
            for (long i = 0; i < ticks; i++)
            {
                runner.runFor(periodNs);
                publisher.poll(clock.nanoTime());
                link.pump(clock.nanoTime());
            }
            return machine.counters().cycles().get() - before;
        }

        long expectedTicks(final double seconds)
        {
            return Math.round(seconds * 1e9 / periodNs);
        }

        @Override
        public void close() throws Exception
        {
            runner.close();
            machine.close();
            counters.close();
        }
    }

    @Test
    void shouldRaiseAndClearAVisibleAlarmWhenATinyJournalFillsAndKeepControlTicking() throws Exception
    {
        final SilentBroker broker = new SilentBroker();
        final Acknowledgements acknowledgements = new Acknowledgements(4096);
        broker.acknowledgements = acknowledgements;
        try (Rig rig = new Rig(dir))
        {
            // Two segments of 8 KiB: a few seconds of the pump station's telemetry, never acknowledged.
            final Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).segmentBytes(8 * 1024)
                .maxBytes(16 * 1024).maxRecordBytes(2048).writeBufferBytes(8 * 1024).eviction(EvictionPolicy.DROP_NEWEST));
            final JournaledLink journaled = new JournaledLink(journal, broker, acknowledgements, rig.clock::nanoTime,
                () -> EPOCH_NS + rig.clock.nanoTime(), 1_000);
            rig.telemetry(journaled);
            assertEquals(rig.expectedTicks(30), rig.run(30), "control ticked every period while the journal filled");
            assertEquals(JournalState.FULL, journal.state());
            assertEquals(1, rig.link.journalAlarm().get(), "the counters file says full");
            assertTrue(journal.refusedFull() > 0);
            final List<String> raised = broker.alarms();
            assertEquals(1, raised.size(), "one alarm, not one per refused message: " + raised);
            assertTrue(raised.get(0).contains("\"source\":\"journal\",\"alarm\":\"raised\",\"state\":\"FULL\""), raised.get(0));

            // The broker acknowledges again (after a reconnect the backlog is replayed and released): journaling resumes.
            broker.acknowledging = true;
            broker.connections++;
            assertEquals(rig.expectedTicks(10), rig.run(10));
            assertEquals(JournalState.JOURNALING, journal.state());
            assertEquals(0, rig.link.journalAlarm().get());
            final List<String> alarms = broker.alarms();
            assertEquals(2, alarms.size(), alarms.toString());
            assertTrue(alarms.get(1).contains("\"source\":\"journal\",\"alarm\":\"cleared\",\"state\":\"JOURNALING\""), alarms.get(1));
            journaled.close();
        }
    }

    @Test
    void shouldPublishAFailedJournalOnTheBrokerAndKeepControlTickingWhileTheDiskIsFull() throws Exception
    {
        final FullDisk disk = new FullDisk();
        final List<String> seen = new CopyOnWriteArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.freePort());
            MqttLink observer = new MqttLink(MqttSettings.plain(broker.uri(), "alarm-observer", 1)
                .withProtocol(MqttSettings.Protocol.V3_1_1), 64, 1024, Map.of());
            Rig rig = new Rig(dir))
        {
            observer.subscribe(TOPIC + "/alarm", (topic, payload) -> seen.add(new String(payload, StandardCharsets.UTF_8)));
            assertTrue(observer.connect(5_000), observer.lastProblem());
            final MqttLink mqtt = new MqttLink(MqttSettings.plain(broker.uri(), "alarm-board", 1).withProtocol(MqttSettings.Protocol.V3_1_1),
                1024, 4096, Map.of());
            final Acknowledgements acknowledgements = new Acknowledgements(4096);
            mqtt.acknowledgeInto(acknowledgements);
            final Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).segmentOpener(disk)
                .retryIntervalNs(500_000_000L));
            final JournaledLink journaled = new JournaledLink(journal, mqtt, acknowledgements, rig.clock::nanoTime,
                () -> EPOCH_NS + rig.clock.nanoTime(), 1_000);
            rig.telemetry(journaled);
            assertTrue(mqtt.connect(5_000), mqtt.lastProblem());
            assertEquals(rig.expectedTicks(1), rig.run(1));
            assertEquals(JournalState.JOURNALING, journal.state());

            disk.full(true);
            assertEquals(rig.expectedTicks(3), rig.run(3), "control ticked every period on a full disk");
            assertEquals(JournalState.FAILED, journal.state());
            assertEquals(2, rig.link.journalAlarm().get(), "the counters file says failed");
            assertTrue(journal.ioFailures() > 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(m -> m.contains("\"alarm\":\"raised\",\"state\":\"FAILED\"")));

            disk.full(false);
            assertEquals(rig.expectedTicks(3), rig.run(3));
            assertEquals(JournalState.JOURNALING, journal.state(), "the retry found room again");
            assertEquals(0, rig.link.journalAlarm().get());
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(m -> m.contains("\"alarm\":\"cleared\",\"state\":\"JOURNALING\"")));
            assertTrue(seen.get(0).contains("\"source\":\"journal\""), seen.toString());
            journaled.close();
        }
    }
}
