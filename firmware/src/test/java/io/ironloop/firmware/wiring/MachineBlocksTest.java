package io.ironloop.firmware.wiring;

import io.ironloop.control.block.RampSoakProgram;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.PidLoop;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.run.FirmwareRun;
import io.ironloop.firmware.run.RunOptions;
import io.ironloop.firmware.run.RunSummary;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocks as the machine files wire them. */
class MachineBlocksTest
{
    private static final Path PUMP = Path.of("..", "board-configs", "machines", "pump-station.yaml");
    private static final Path FURNACE = Path.of("..", "board-configs", "machines", "furnace.yaml");

    private static CountersManager counters()
    {
        return new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(512 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(128 * 1024)));
    }

    private static LockstepRunner lockstep(final Machine machine, final VirtualClock clock)
    {
        final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
        agents.add(machine.control());
        agents.add(machine.transitionLogger());
        return new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0]));
    }

    @Test
    void shouldKeepThePumpStationDemoSettlingWithItsNewInterlockAndWatchdog() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final RunSummary summary = FirmwareRun.run(new RunOptions(PUMP, null, true, 30, null, false, null, null, null,
            new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertEquals("AUTO", summary.finalMode(), out.toString(StandardCharsets.UTF_8));
        assertTrue(summary.settleSeconds() < 30.0, "settle " + summary.settleSeconds());
        assertTrue(summary.overshootPct() < 10.0, "overshoot " + summary.overshootPct());
        assertEquals(summary.setpoint(), summary.finalValue(), 0.02 * summary.setpoint());
    }

    @Test
    void shouldWireTheOverPressureInterlockAndWatchdogIntoThePumpLoop() throws Exception
    {
        final VirtualClock clock = new VirtualClock(0L);
        final MachineSetup setup = MachineSetup.load(PUMP, null);
        try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters()))
        {
            final PidLoop loop = machine.control().loop(0);
            assertEquals(1, loop.interlockCount());
            assertEquals("over_pressure", loop.interlock(0).id());
            assertNotNull(loop.watchdog());
        }
    }

    @Test
    void shouldRunTheFurnaceProgramAndGoSafeWhenTheDoorOpens() throws Exception
    {
        final VirtualClock clock = new VirtualClock(0L);
        final MachineSetup setup = MachineSetup.load(FURNACE, null);
        try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters());
             LockstepRunner runner = lockstep(machine, clock))
        {
            final PidLoop heater = machine.control().loop(0);
            runner.runFor(300_000_000_000L);
            assertEquals(Mode.AUTO, heater.mode());
            assertEquals(RampSoakProgram.State.RAMP, heater.program().state());
            assertEquals(20.0 + 300.0, heater.setpoint(), 2.0, "60 degC/min for 5 min from ambient");
            assertEquals(heater.setpoint(), machine.furnace().trueTemperatureC(), 5.0, "the chamber follows the ramp");
            assertTrue(machine.actuator("heater_power").lastValue() > 0.1);

            final SimBoard board = (SimBoard)machine.io();
            board.line(17).drive(true); // NC door contact opens: the pulled-up line reads high
            final long openedNs = clock.nanoTime();
            runner.runFor(200_000_000L);
            assertEquals(Mode.SAFE, heater.mode());
            assertEquals(0.0, machine.actuator("heater_power").lastValue(), "heater off");
            assertEquals(TransitionCause.INTERLOCK, heater.tripCause());
            assertTrue(clock.nanoTime() - openedNs <= 200_000_000L);

            board.line(17).drive(false);
            runner.runFor(100_000_000L);
            heater.reset();
            runner.runFor(200_000_000L);
            assertEquals(Mode.AUTO, heater.mode(), "door closed again: reset accepted");
        }
    }
}
