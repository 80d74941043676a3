package io.ironloop.firmware.wiring;

import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.PlantMachines;
import io.ironloop.plant.FirstOrderDeadTimePlant;
import io.ironloop.plant.Plant;
import io.ironloop.plant.PumpSystemPlant;
import io.ironloop.plant.SecondOrderPlant;
import io.ironloop.plant.TankPlant;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each plant model closes a loop: the machine's PID, through the unchanged ADS1115 and MCP4725 drivers
 * and their sim device models, brings the plant to the setpoint in lockstep on the virtual clock.
 */
class PlantModelLoopTest
{
    private static final long S = 1_000_000_000L;
    private static final Path PUMP = Path.of("..", "board-configs", "machines", "pump-station.yaml");
    private static final Path TANK = Path.of("..", "board-configs", "machines", "tank-level.yaml");

    @TempDir
    Path dir;

    @Test
    void shouldHoldTheShippedTankAtItsLevelSetpoint() throws Exception
    {
        final double[] end = settle(TANK, TankPlant.class, 600 * S);
        assertEquals(1.5, end[0], 0.03, "the tank's level reaches the 1.5 m setpoint");
        assertEquals(1.5, end[1], 0.03, "the loop's measurement agrees");
    }

    @Test
    void shouldHoldAFirstOrderPlusDeadTimePlantAtTheSetpoint() throws Exception
    {
        final double[] end = settle(pumpStationWith(PlantMachines.FIRST_ORDER, "kp: 0.12", "kp: 0.12"), FirstOrderDeadTimePlant.class, 60 * S);
        assertEquals(4.0, end[0], 0.05);
    }

    @Test
    void shouldHoldAnUnderdampedSecondOrderPlantAtTheSetpoint() throws Exception
    {
        final double[] end = settle(pumpStationWith(PlantMachines.SECOND_ORDER, "kp: 0.12", "kp: 0.05"), SecondOrderPlant.class, 120 * S);
        assertEquals(4.0, end[0], 0.05);
    }

    @Test
    void shouldHoldAPumpOnItsSystemCurveAtThePressureSetpoint() throws Exception
    {
        final Path file = pumpStationWith("""
                plant: pump-system
                seed: 3
                shutoffHeadM: 150
                maxFlowM3h: 150
                staticHeadM: 10
                frictionHeadM: 20
                ratedFlowM3h: 60
                pipeLengthM: 50
                pipeDiameterM: 0.1
                speedTimeConstantS: 0.5
                noiseBar: 0.01
                pressureSensor: discharge_pressure
                actuator: pump_speed
            """, "kp: 0.12", "kp: 0.05");
        final VirtualClock clock = new VirtualClock(0L);
        final MachineSetup setup = MachineSetup.load(file, null);
        try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters());
             LockstepRunner runner = lockstep(machine, clock))
        {
            final PumpSystemPlant pump = assertInstanceOf(PumpSystemPlant.class, machine.modelPlant());
            runner.runFor(90 * S);
            final ClosedLoop loop = machine.control().loop(0);
            assertEquals(Mode.AUTO, loop.mode());
            assertTrue(pump.speed() > 0.6 && pump.speed() < 0.85, "not saturated: speed " + pump.speed());
            assertEquals(4.0, pump.trueValue(PumpSystemPlant.PRESSURE), 0.05, "discharge pressure at the setpoint");
            final double flow = pump.trueValue(PumpSystemPlant.FLOW);
            assertEquals(pump.operatingFlowM3h(pump.speed()), flow, 0.01 * flow, "flow where the curves cross at that speed");
            assertEquals(pump.systemHeadM(flow) * 1000.0 * 9.80665 / 1e5, 4.0, 0.05, "on the system curve");
        }
    }

    /** Runs {@code file} for {@code ns}; returns the plant's true first output and the loop's measurement. */
    private static double[] settle(final Path file, final Class<? extends Plant> type, final long ns) throws Exception
    {
        final VirtualClock clock = new VirtualClock(0L);
        final MachineSetup setup = MachineSetup.load(file, null);
        try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters());
             LockstepRunner runner = lockstep(machine, clock))
        {
            final Plant plant = assertInstanceOf(type, machine.modelPlant());
            final ClosedLoop loop = machine.control().loop(0);
            runner.runFor(ns);
            assertEquals(Mode.AUTO, loop.mode(), "the loop never tripped");
            assertTrue(loop.output() > loop.outputMin() && loop.output() < loop.outputMax(), "not saturated: " + loop.output());
            return new double[] {plant.trueValue(0), loop.measurement()};
        }
    }

    private Path pumpStationWith(final String simulation, final String kpFrom, final String kpTo) throws Exception
    {
        return PlantMachines.write(dir, PlantMachines.pumpStationWith(simulation).replace(kpFrom, kpTo));
    }

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
}
