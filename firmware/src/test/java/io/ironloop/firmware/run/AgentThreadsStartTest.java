package io.ironloop.firmware.run;

import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.ScheduledAgent;
import org.agrona.concurrent.SystemNanoClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Control first: {@link AgentThreads#startControlPath()} starts acquisition and control alone, so that the
 * first control ticks do not share the CPU with telemetry's and the advisor's start-up; the rest start with
 * {@link AgentThreads#startBackground()}.
 */
class AgentThreadsStartTest
{
    @TempDir
    Path dir;

    @Test
    void shouldTickControlBeforeAnyBackgroundAgentStarts() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(Path.of(System.getProperty("user.dir")).getParent()
            .resolve("board-configs/machines/pump-station.yaml"), null);
        final SystemNanoClock clock = new SystemNanoClock();
        try (CountersFile counters = CountersFile.create(CountersFile.fileFor(dir, "start-order"), 512);
            Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters.manager()))
        {
            final CountDownLatch telemetryStarted = new CountDownLatch(1);
            final long[] cyclesAtTelemetryStart = {-1};
            final ScheduledAgent telemetry = new ScheduledAgent()
            {
                @Override
                public void onStart()
                {
                    cyclesAtTelemetryStart[0] = machine.counters().cycles().get();
                    telemetryStarted.countDown();
                }

                @Override
                public int doWork()
                {
                    return 0;
                }

                @Override
                public String roleName()
                {
                    return "telemetry-probe";
                }

                @Override
                public long nextDeadlineNs()
                {
                    return clock.nanoTime() + 1_000_000L;
                }
            };
            try (AgentThreads threads = AgentThreads.of(setup.machine().control(), "park", machine, telemetry, clock, Throwable::printStackTrace))
            {
                threads.startControlPath();
                await().atMost(Duration.ofSeconds(20)).until(() -> machine.counters().cycles().get() >= 10);
                assertEquals(1, telemetryStarted.getCount(), "no background agent before startBackground");
                threads.startBackground();
                assertTrue(telemetryStarted.await(20, TimeUnit.SECONDS));
                assertTrue(cyclesAtTelemetryStart[0] >= 10, "control ticked first: " + cyclesAtTelemetryStart[0]);
                threads.startBackground(); // once only
                threads.stopControl();
            }
        }
    }
}
