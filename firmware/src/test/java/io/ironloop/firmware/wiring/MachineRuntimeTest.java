package io.ironloop.firmware.wiring;

import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.CountersFileReader;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pump station's runtime plumbing: counters file read live from another thread, command hand-off. */
class MachineRuntimeTest
{
    @TempDir
    Path dir;

    static Path pumpStation()
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

    private static int counterId(final CountersReader counters, final String label)
    {
        final int[] found = {-1};
        counters.forEach((counterId, typeId, key, text) ->
        {
            if (text.equals(label))
            {
                found[0] = counterId;
            }
        });
        return found[0];
    }

    @Test
    void shouldLetAReaderOnAnotherThreadFollowTheCountersWhileTheMachineRuns() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(pumpStation(), null);
        final Path file = CountersFile.fileFor(dir, setup.machine().name());
        final VirtualClock clock = new VirtualClock(0L);
        try (CountersFile counters = CountersFile.create(file, 128);
            Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters.manager());
            LockstepRunner runner = new LockstepRunner(clock, agents(machine)))
        {
            final AtomicBoolean done = new AtomicBoolean();
            final AtomicReference<String> problem = new AtomicReference<>();
            final CountDownLatch reading = new CountDownLatch(1);
            final long[] seen = new long[2];
            final Thread reader = new Thread(() ->
            {
                try (CountersFileReader view = CountersFileReader.open(file, 5_000))
                {
                    final CountersReader values = view.counters();
                    final int cycles = counterId(values, "control cycles");
                    final int reads = counterId(values, "sensor reads: discharge_pressure");
                    if (cycles < 0 || reads < 0 || values.getCounterTypeId(cycles) != CounterTypes.CONTROL_CYCLES)
                    {
                        problem.set("counters not found by label and type");
                        return;
                    }
                    reading.countDown();
                    long lastCycles = 0;
                    while (true)
                    {
                        final boolean last = done.get();
                        // Acquisition runs at 200 Hz and before control at 100 Hz: reads lead cycles, never lag.
                        final long cyclesNow = values.getCounterValue(cycles);
                        final long readsNow = values.getCounterValue(reads);
                        if (cyclesNow < lastCycles || readsNow < 2 * cyclesNow - 1)
                        {
                            problem.set("inconsistent: cycles " + lastCycles + " -> " + cyclesNow + ", reads " + readsNow);
                            return;
                        }
                        if (cyclesNow != lastCycles)
                        {
                            seen[1]++;
                        }
                        lastCycles = cyclesNow;
                        seen[0] = cyclesNow;
                        if (last)
                        {
                            return;
                        }
                    }
                }
                catch (final Exception ex)
                {
                    problem.set(ex.toString());
                }
                finally
                {
                    reading.countDown();
                }
            }, "counters-reader");
            reader.start();
            assertTrue(reading.await(10, TimeUnit.SECONDS));
            final long periodNs = machine.control().schedule().periodNs();
            for (int i = 0; i < 200; i++)
            {
                runner.runFor(1_000 * periodNs);
            }
            done.set(true);
            reader.join();

            assertNull(problem.get());
            assertEquals(machine.counters().cycles().get(), seen[0], "the reader's last view is the final count");
            assertEquals(200_001, seen[0]);
            assertTrue(seen[1] > 1, "the reader saw the count move while the machine ran");
        }
        assertTrue(Files.notExists(file), "a clean close deletes the counters file");
    }

    @Test
    void shouldApplyQueuedCommandsAtTheTopOfTheNextTickWithALimitPerTick() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(pumpStation(), null);
        final VirtualClock clock = new VirtualClock(0L);
        try (CountersFile counters = CountersFile.create(CountersFile.fileFor(dir, "commands"), 128);
            Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters.manager());
            LockstepRunner runner = new LockstepRunner(clock, agents(machine)))
        {
            final ControlAgent control = machine.control();
            final long periodNs = control.schedule().periodNs();
            runner.runUntil(100 * periodNs);

            final long setpoint = control.commands().setpoint(CommandSource.CLI, 1, 0, 5.5);
            final long manual = control.commands().mode(CommandSource.CLI, 1, 0, Mode.MANUAL);
            assertEquals(CommandAnswer.PENDING, control.commands().answer(setpoint));
            assertEquals(4.0, control.loop(0).setpoint());
            runner.runFor(periodNs);
            assertEquals(CommandAnswer.ACCEPTED, control.commands().answer(setpoint));
            assertEquals(CommandAnswer.ACCEPTED, control.commands().answer(manual));
            assertEquals(5.5, control.loop(0).setpoint());
            assertEquals(Mode.MANUAL, control.loop(0).mode(), "a mode request takes effect in the tick that applies it");

            final int flood = 3 * ControlAgent.COMMAND_LIMIT_PER_TICK;
            for (int i = 0; i < flood; i++)
            {
                assertEquals(CommandAnswer.PENDING, control.commands().answer(control.commands().setpoint(CommandSource.MQTT, 2, 0, 5.0 + 0.1 * i)));
            }
            runner.runFor(periodNs);
            assertEquals(flood - ControlAgent.COMMAND_LIMIT_PER_TICK, control.commands().depth());
            assertEquals(flood - ControlAgent.COMMAND_LIMIT_PER_TICK, machine.counters().commandQueueDepth().get());
            assertEquals(5.0 + 0.1 * (ControlAgent.COMMAND_LIMIT_PER_TICK - 1), control.loop(0).setpoint(), 1e-12);
            runner.runFor(2 * periodNs);
            assertEquals(0, control.commands().depth());
            assertEquals(5.0 + 0.1 * (flood - 1), control.loop(0).setpoint(), 1e-12);
        }
    }

    private static ScheduledAgent[] agents(final Machine machine)
    {
        final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
        agents.add(machine.control());
        return agents.toArray(new ScheduledAgent[0]);
    }
}
