package io.ironloop.firmware.wiring;

import io.ironloop.control.block.RampSoakProgram;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.run.FirmwareRun;
import io.ironloop.firmware.run.RunOptions;
import io.ironloop.firmware.run.RunSummary;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import io.ironloop.control.block.Cascade;
import io.ironloop.control.block.OnOff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
        final RunSummary summary = FirmwareRun.run(RunOptions.of(PUMP, new java.io.PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true))
            .fast(true).seconds(30).mqtt(false).build());
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
            final ClosedLoop loop = machine.control().loop(0);
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
            final ClosedLoop heater = machine.control().loop(0);
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
            final long reset = machine.control().commands().reset(CommandSource.LOCAL, 1, 0);
            runner.runFor(200_000_000L);
            assertEquals(CommandAnswer.ACCEPTED, machine.control().commands().answer(reset), "door closed again: reset accepted");
            assertEquals(Mode.OFF, heater.mode(), "a reset never restarts the heater by itself");
            machine.control().commands().mode(CommandSource.LOCAL, 1, 0, Mode.AUTO);
            runner.runFor(200_000_000L);
            assertEquals(Mode.AUTO, heater.mode());
        }
    }

    @TempDir
    Path dir;

    @Test
    void shouldBuildCascadeAndOnOffLoopsFromYaml() throws Exception
    {
        final String cascade = """
            machine:
              name: cascade-pump
              board: sim
              sensors:
                - id: discharge_pressure
                  driver: ads1115
                  i2c: {bus: 1, address: 0x48}
                  rateHz: 200
                  staleAfterMs: 50
                  input: {type: current-4-20ma, shuntOhms: 150, range: [0.0, 10.0], unit: bar}
                - id: motor_current
                  driver: ads1115
                  i2c: {bus: 1, address: 0x49}
                  channel: 1
                  rateHz: 200
                  staleAfterMs: 50
                  input: {type: current-4-20ma, shuntOhms: 150, range: [0.0, 20.0], unit: A}
              actuators:
                - id: pump_speed
                  driver: mcp4725
                  i2c: {bus: 1, address: 0x60}
                  range: [0.0, 1.0]
                - id: alarm_horn
                  driver: gpio-output
                  pin: 6
              loops:
                - id: pressure_over_current
                  type: cascade
                  measurement: discharge_pressure
                  actuator: pump_speed
                  setpoint: 4.0
                  startMode: auto
                  kp: 1.0
                  ki: 0.5
                  inner: {measurement: motor_current, kp: 0.05, ki: 0.05, setpointMin: 0.0, setpointMax: 20.0}
                - id: horn
                  type: onoff
                  measurement: discharge_pressure
                  actuator: alarm_horn
                  setpoint: 8.5
                  startMode: auto
                  action: cool
                  hysteresis: 0.2
              interlocks:
                - {id: over_pressure, sensor: discharge_pressure, kind: high, limit: 9.0}
              watchdog: {overruns: 5, stallMs: 500}
              simulation:
                plant: pump
                pressureSensor: discharge_pressure
                speedActuator: pump_speed
            """;
        final Path machines = Files.createDirectories(dir.resolve("machines"));
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        Files.copy(Path.of("..", "board-configs", "boards", "sim.yaml"), boards.resolve("sim.yaml"), StandardCopyOption.REPLACE_EXISTING);
        final Path file = machines.resolve("cascade.yaml");
        Files.writeString(file, cascade);

        final VirtualClock clock = new VirtualClock(0L);
        final MachineSetup setup = MachineSetup.load(file, null);
        try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters());
             LockstepRunner runner = lockstep(machine, clock))
        {
            assertInstanceOf(Cascade.class, machine.control().loop(0).controller());
            assertInstanceOf(OnOff.class, machine.control().loop(1).controller());
            runner.runFor(5_000_000_000L);
            assertEquals(Mode.AUTO, machine.control().loop(0).mode());
            assertEquals(Mode.AUTO, machine.control().loop(1).mode());
            final double speed = machine.actuator("pump_speed").lastValue();
            assertTrue(speed >= 0.0 && speed <= 1.0 && Double.isFinite(speed));
            assertFalse(((OnOff)machine.control().loop(1).controller()).isOn(), "pressure is far below the horn's 8.5 bar");
        }
    }
}
