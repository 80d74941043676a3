package io.ironloop.firmware.wiring;

import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.state.FileLatchStore;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A latched trip survives a restart of the whole machine through the state directory. */
class MachineRestartTest
{
    @TempDir
    Path dir;

    private static CountersManager counters()
    {
        return new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(256 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)));
    }

    private static LockstepRunner lockstep(final Machine machine, final VirtualClock clock)
    {
        final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
        agents.add(machine.control());
        agents.add(machine.transitionLogger());
        return new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0]));
    }

    @Test
    void shouldStartSafeAfterARestartWithALatchedTripUntilItIsReset() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(MachineRuntimeTest.pumpStation(), null);
        final Path state = dir.resolve("state");
        {
            final VirtualClock clock = new VirtualClock(0L);
            try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters(),
                new FileLatchStore(state, setup.machine().name()));
                LockstepRunner runner = lockstep(machine, clock))
            {
                runner.runFor(5_000_000_000L);
                assertEquals(Mode.AUTO, machine.control().loop(0).mode(), "pump-station starts in auto");
                ((SimBoard)machine.io()).i2c(1).faults().failAlways(0x48, BusResult.NACK);
                runner.runFor(2_000_000_000L);
                assertEquals(Mode.SAFE, machine.control().loop(0).mode());
                machine.transitionLogger().drain();
            }
        }
        final VirtualClock clock = new VirtualClock(0L);
        try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters(),
            new FileLatchStore(state, setup.machine().name()));
            LockstepRunner runner = lockstep(machine, clock))
        {
            assertEquals(1, machine.restoredLatches().size(), "reported at start-up");
            assertEquals(TransitionCause.INTERLOCK, machine.restoredLatches().get(0).cause(), "the over-pressure interlock judged the NACKing sensor first");
            runner.runFor(5_000_000_000L);
            assertEquals(Mode.SAFE, machine.control().loop(0).mode(), "the restart did not restart the pump");
            assertEquals(0.0, machine.actuator("pump_speed").lastValue(), "held at its safe value");

            final long reset = machine.control().commands().reset(CommandSource.CLI, 1, 0);
            runner.runFor(1_000_000_000L);
            machine.transitionLogger().drain();
            assertEquals(CommandAnswer.ACCEPTED, machine.control().commands().answer(reset));
            assertEquals(Mode.OFF, machine.control().loop(0).mode());
            assertTrue(new FileLatchStore(state, setup.machine().name()).load().isEmpty(), "the reset cleared the kept latch");
        }
    }
}
