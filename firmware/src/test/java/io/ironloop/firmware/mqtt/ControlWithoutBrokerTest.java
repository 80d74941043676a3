package io.ironloop.firmware.mqtt;

import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.telemetry.PublishPolicy;
import io.ironloop.firmware.telemetry.SignalPublisher;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No broker at all: the telemetry path keeps pumping without blocking and the control loop ticks every period. */
class ControlWithoutBrokerTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepTheLoopsTickingWhileTheBrokerIsAbsent() throws Exception
    {
        Path machineFile = null;
        for (Path at = Path.of("").toAbsolutePath(); at != null && machineFile == null; at = at.getParent())
        {
            final Path file = at.resolve("board-configs/machines/pump-station.yaml");
            machineFile = Files.isRegularFile(file) ? file : null;
        }
        final MachineSetup setup = MachineSetup.load(machineFile, null);
        final VirtualClock clock = new VirtualClock(0L);
        final int port = EmbeddedBroker.freePort();
        try (CountersFile counters = CountersFile.create(CountersFile.fileFor(dir, "nobroker"), 256);
            Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters.manager());
            MqttLink link = new MqttLink(MqttSettings.plain("tcp://127.0.0.1:" + port, "board-nobroker-loop", 1), 1024, 4096, Map.of()))
        {
            final PublishPolicy[] policies = new PublishPolicy[machine.image().size()];
            java.util.Arrays.fill(policies, PublishPolicy.periodic(10_000_000L));
            final SignalPublisher publisher = new SignalPublisher("pump-station", "ironloop/pump-station", machine.image(), machine.control(),
                link, clock::nanoTime, 0L, policies, 32, new AtomicCounter[0], new String[0]);
            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            try (LockstepRunner runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0])))
            {
                final long periodNs = machine.control().schedule().periodNs();
                long slowest = 0;
                for (int i = 0; i < 2_000; i++)
                {
                    runner.runFor(periodNs);
                    final long start = System.nanoTime();
                    publisher.poll(clock.nanoTime());
                    link.pump(System.nanoTime());
                    slowest = Math.max(slowest, System.nanoTime() - start);
                }
                assertEquals(2_001, machine.counters().cycles().get(), "the loop ticked every period");
                assertFalse(link.isConnected());
                assertTrue(link.connectFailures() >= 1, "it kept trying");
                assertTrue(slowest < 200_000_000L, "publishing and pumping never blocked: slowest " + slowest / 1_000_000 + " ms");
            }
        }
    }
}
