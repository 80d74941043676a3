package io.ironloop.firmware.advisor;

import io.ironloop.control.command.CommandSource;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.mqtt.EmbeddedBroker;
import io.ironloop.firmware.mqtt.MqttLink;
import io.ironloop.firmware.mqtt.MqttSettings;
import io.ironloop.firmware.telemetry.PublishPolicy;
import io.ironloop.firmware.telemetry.SignalPublisher;
import io.ironloop.firmware.telemetry.TelemetryAgent;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.firmware.wiring.MachineContext;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped advised pump station against the embedded broker: when its built-in advisor raises its alarm
 * (the pump pushed far from what it learned), a subscriber sees it on {@code <topic>/alarm} naming the part and
 * the channel to blame, and sees it cleared when the pump is back; the findings go out on {@code <topic>/health}.
 */
class AdvisorAlarmTopicTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final String TOPIC = "ironloop/pump-station-advised";

    @Test
    void shouldPublishTheAdvisorsAlarmWithItsChannelRaisedAndClearedToASubscriber() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(Path.of("../board-configs/machines/pump-station-advised.yaml"), null);
        final MachineConfig config = setup.machine();
        final VirtualClock clock = new VirtualClock(0L);
        final CountersManager counters = InMemoryCounters.of(config);
        final List<String> alarms = new CopyOnWriteArrayList<>();
        final List<String> health = new CopyOnWriteArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.freePort());
            MqttLink observer = new MqttLink(MqttSettings.plain(broker.uri(), "advisor-observer", 1).withProtocol(MqttSettings.Protocol.V3_1_1),
                64, 1024, Map.of());
            MqttLink link = new MqttLink(MqttSettings.plain(broker.uri(), "advisor-board", 1).withProtocol(MqttSettings.Protocol.V3_1_1),
                4096, 4096, Map.of());
            Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters))
        {
            observer.subscribe(TOPIC + "/alarm", (topic, payload) -> alarms.add(new String(payload, StandardCharsets.UTF_8)));
            observer.subscribe(TOPIC + "/health", (topic, payload) -> health.add(new String(payload, StandardCharsets.UTF_8)));
            assertTrue(observer.connect(5_000), observer.lastProblem());
            assertTrue(link.connect(5_000), link.lastProblem());
            final Map<String, Long> stale = new HashMap<>();
            stale.put("discharge_pressure", MachineContext.conclude(config).staleAfterNs("discharge_pressure"));
            final Advisor advisor = AdvisorWiring.build(config, clock, machine.image(), List.of(machine.control().loop(0)), stale, counters);
            final PublishPolicy[] policies = new PublishPolicy[machine.image().size()];
            java.util.Arrays.fill(policies, PublishPolicy.periodic(SECOND));
            final TelemetryAgent telemetry = new TelemetryAgent(clock, 0L, config.name(), new String[] {"discharge_pressure_control"},
                new String[] {"bar"}, machine.telemetry(), link, TOPIC, 10.0, null, null, machine.control().jitterRecorder(),
                machine.counters().overruns(), counters.newCounter("mqtt backlog"))
                .health(advisor.status(), advisor.part(), TOPIC + "/health")
                .signals(new SignalPublisher(config.name(), TOPIC, machine.image(), machine.control(), link, () -> clock.nanoTime() / 1_000_000L,
                    0L, policies, 32, new AtomicCounter[0], new String[0])
                    .advisorAlarms(advisor.status(), advisor.part(), advisor.inputs()));
            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            agents.add(machine.transitionLogger());
            agents.add(advisor.agent());
            agents.add(telemetry);
            try (LockstepRunner runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0])))
            {
                runner.runFor(40 * SECOND);
                assertEquals(0, advisor.agent().counters().alarm().get(), "learned, at its normal: no alarm");
                // Far from the learned 4 bar: the advisor's alarm, blaming the pressure.
                machine.control().commands().setpoint(CommandSource.LOCAL, 1, 0, 6.0);
                runner.runFor(10 * SECOND);
                assertEquals(1, advisor.agent().counters().alarm().get());
                await().atMost(Duration.ofSeconds(10)).until(() -> alarms.stream().anyMatch(m -> m.contains("\"alarm\":\"raised\"")));
                final String raised = alarms.stream().filter(m -> m.contains("\"alarm\":\"raised\"")).findFirst().orElseThrow();
                assertTrue(raised.contains("\"source\":\"advisor\",\"part\":\"discharge-pump\""), raised);
                assertTrue(raised.contains("\"channels\":[\"discharge_pressure\"]"), raised);
                assertTrue(raised.matches(".*\"anomalyScore\":[0-9.]+,.*"), raised);

                // Back to normal: cleared.
                machine.control().commands().setpoint(CommandSource.LOCAL, 2, 0, 4.0);
                runner.runFor(20 * SECOND);
                assertEquals(0, advisor.agent().counters().alarm().get(), "back at the learned normal");
                await().atMost(Duration.ofSeconds(10)).until(() -> alarms.stream().anyMatch(m -> m.contains("\"alarm\":\"cleared\"")));
                final String cleared = alarms.stream().filter(m -> m.contains("\"alarm\":\"cleared\"")).findFirst().orElseThrow();
                assertTrue(cleared.contains("\"source\":\"advisor\""), cleared);
                assertTrue(cleared.contains("\"channels\":[]"), "nothing to blame once cleared: " + cleared);
                await().atMost(Duration.ofSeconds(10)).until(() -> health.stream().anyMatch(m -> m.contains("\"part\":\"discharge-pump\"")
                    && m.contains("\"alarm\":1")));
            }
            advisor.close();
        }
    }
}
