package io.ironloop.firmware.wiring;

import io.ironloop.control.command.CommandSource;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.SimI2cBus;
import io.ironloop.hal.sim.device.Mcp4725Model;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pump station's outputs: safe at start-up, written by the bus agent, safe at shutdown and on a stall. */
class MachineOutputsTest
{
    private static final int DAC = 0x60;
    private static final long SECOND_NS = 1_000_000_000L;

    @TempDir
    Path dir;

    private final VirtualClock clock = new VirtualClock(0L);
    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(256 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)));

    private Machine pumpStation(final Path file) throws Exception
    {
        final MachineSetup setup = MachineSetup.load(file, null);
        return Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters);
    }

    private static ScheduledAgent[] agents(final Machine machine, final boolean withControl)
    {
        final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
        if (withControl)
        {
            agents.add(machine.control());
        }
        return agents.toArray(new ScheduledAgent[0]);
    }

    private long counter(final String label)
    {
        final long[] value = {Long.MIN_VALUE};
        counters.forEach((id, typeId, key, text) ->
        {
            if (text.equals(label))
            {
                value[0] = counters.getCounterValue(id);
            }
        });
        return value[0];
    }

    private static SimI2cBus bus(final Machine machine)
    {
        return ((SimBoard)machine.io()).i2c(1);
    }

    private static Mcp4725Model dac(final Machine machine)
    {
        return (Mcp4725Model)bus(machine).deviceAt(DAC);
    }

    @Test
    void shouldDriveEveryOutputSafeAtStartUpBeforeTheFirstTick() throws Exception
    {
        try (Machine machine = pumpStation(MachineRuntimeTest.pumpStation()))
        {
            assertEquals(0L, machine.counters().cycles().get(), "nothing has run yet");
            assertEquals(1, machine.startupSafeWrites().size());
            assertEquals("pump_speed", machine.startupSafeWrites().get(0).actuator());
            assertTrue(machine.startupSafeWrites().get(0).ok());
            assertEquals(0.0, machine.actuator("pump_speed").lastValue(), "the safe value was written, not left at power-on");
            assertFalse(machine.output("pump_speed").latched(), "a healthy output is not latched by its start-up write");
        }
    }

    @Test
    void shouldControlThroughTheBusAgent() throws Exception
    {
        try (Machine machine = pumpStation(MachineRuntimeTest.pumpStation());
            LockstepRunner runner = new LockstepRunner(clock, agents(machine, true)))
        {
            runner.runFor(20 * SECOND_NS);
            assertEquals(Mode.AUTO, machine.control().loop(0).mode());
            assertEquals(4.0, machine.control().loop(0).measurement(), 0.2);
            assertEquals(machine.control().loop(0).output(), machine.actuator("pump_speed").lastValue(), 1e-3,
                "the DAC holds this tick's command (within a DAC code)");
            assertEquals(0L, counter("actuator write failures: pump_speed"));
            assertEquals(OutputChannel.STATUS_OK, counter("actuator status: pump_speed"));
        }
    }

    @Test
    void shouldDriveOutputsSafeOnRequestAndKeepThemSafe() throws Exception
    {
        try (Machine machine = pumpStation(MachineRuntimeTest.pumpStation());
            LockstepRunner runner = new LockstepRunner(clock, agents(machine, true)))
        {
            runner.runFor(20 * SECOND_NS);
            assertTrue(dac(machine).dacCode() > 0);

            final List<Machine.SafeWrite> report = machine.driveOutputsSafe(SECOND_NS);
            assertEquals(1, report.size());
            assertTrue(report.get(0).ok());
            assertEquals(0, dac(machine).dacCode(), "written synchronously, before any agent runs again");

            runner.runFor(SECOND_NS);
            assertEquals(0, dac(machine).dacCode(), "a shutdown latch holds whatever the loop computes");
            assertEquals(Mode.SAFE, machine.control().loop(0).mode());
            machine.control().commands().reset(CommandSource.LOCAL, 1, 0);
            runner.runFor(SECOND_NS);
            assertEquals(Mode.SAFE, machine.control().loop(0).mode(), "no reset releases a shutdown");
        }
    }

    @Test
    void shouldReportAFailedSafeWrite() throws Exception
    {
        try (Machine machine = pumpStation(MachineRuntimeTest.pumpStation());
            LockstepRunner runner = new LockstepRunner(clock, agents(machine, true)))
        {
            runner.runFor(5 * SECOND_NS);
            bus(machine).faults().failAlways(DAC, BusResult.NACK);
            final List<Machine.SafeWrite> report = machine.driveOutputsSafe(SECOND_NS);
            assertEquals("pump_speed", report.get(0).actuator());
            assertFalse(report.get(0).ok());
            assertEquals(BusResult.NACK, report.get(0).result());
            bus(machine).faults().clear(DAC);
        }
    }

    @Test
    void shouldFaultTheOutputAfterFaultAfterFailedWritesAndSendItsLoopSafe() throws Exception
    {
        final String text = Files.readString(MachineRuntimeTest.pumpStation())
            .replace("      safeValue: 0.0           # pump stopped", "      safeValue: 0.0\n      faultAfter: 5");
        try (Machine machine = pumpStation(write(text));
            LockstepRunner runner = new LockstepRunner(clock, agents(machine, true)))
        {
            assertEquals(5, machine.output("pump_speed").faultAfter());
            final long periodNs = machine.control().schedule().periodNs();
            runner.runFor(20 * SECOND_NS);
            bus(machine).faults().failAlways(DAC, BusResult.NACK);
            runner.runFor(4 * periodNs);
            assertEquals(4L, counter("actuator write failures: pump_speed"), "one failed write per tick");
            assertEquals(Mode.AUTO, machine.control().loop(0).mode());
            runner.runFor(2 * periodNs);
            assertTrue(machine.output("pump_speed").faulted());
            assertEquals(OutputChannel.STATUS_FAULT, counter("actuator status: pump_speed"));
            assertEquals(Mode.SAFE, machine.control().loop(0).mode());
            bus(machine).faults().clear(DAC);
        }
    }

    @Test
    void shouldReportABadFaultAfterWhereItIs() throws Exception
    {
        final String line = "      faultAfter: 0";
        final Path file = write(Files.readString(MachineRuntimeTest.pumpStation())
            .replace("      safeValue: 0.0           # pump stopped", "      safeValue: 0.0\n" + line));
        final List<String> problems = MachineSetup.validate(List.of(file)).stream().map(Problem::toString).toList();
        assertEquals(List.of(file + ":" + (Files.readAllLines(file).indexOf(line) + 1) + ":19: 'faultAfter' of actuator 'pump_speed'"
            + " must be 1 to 1000 (failed writes in a row before the output is FAULT and its loop SAFE), got 0"), problems);
    }

    @Test
    void shouldForceOutputsSafeWhenTheControlAgentStops() throws Exception
    {
        try (Machine machine = pumpStation(MachineRuntimeTest.pumpStation()))
        {
            try (LockstepRunner runner = new LockstepRunner(clock, agents(machine, true)))
            {
                runner.runFor(20 * SECOND_NS);
            }
            assertTrue(dac(machine).dacCode() > 0);
            // The control agent hangs: only the bus agents run from now on.
            try (LockstepRunner runner = new LockstepRunner(clock, agents(machine, false)))
            {
                runner.runFor(50_000_000L);
                assertTrue(dac(machine).dacCode() > 0, "a pause shorter than the stall limit changes nothing");
                runner.runFor(100_000_000L);
                assertEquals(OutputChannel.LATCH_LAST_RESORT, machine.output("pump_speed").latchReasons());
                assertEquals(0, dac(machine).dacCode(), "the bus agent wrote the safe value itself");
                assertEquals(1L, counter("output last resort trips: i2c-1"));
            }
        }
    }

    @Test
    void shouldNeverRunTwoLoopsOnOneActuator() throws Exception
    {
        final String pump = Files.readString(MachineRuntimeTest.pumpStation());
        final int start = pump.indexOf("    - id: discharge_pressure_control");
        final int end = pump.indexOf("\n\n", start);
        final String second = pump.substring(start, end).replace("discharge_pressure_control", "second_pressure_control");
        final Path file = write(pump.substring(0, end) + "\n" + second + pump.substring(end));
        // The machine file's check may refuse it at load; the output channel refuses it at build whatever the file says.
        final Exception refused = assertThrows(Exception.class, () -> pumpStation(file).close());
        assertTrue(refused instanceof ConfigException || refused instanceof IllegalStateException, refused.toString());
        final String message = refused instanceof ConfigException
            ? ((ConfigException)refused).problems().toString() : refused.getMessage();
        assertTrue(message.contains("pump_speed"), message);
    }

    private Path write(final String machineText) throws Exception
    {
        Files.createDirectories(dir.resolve("boards"));
        Files.createDirectories(dir.resolve("machines"));
        Files.copy(MachineRuntimeTest.pumpStation().getParent().resolve("../boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final Path file = dir.resolve("machines/pump-station.yaml");
        Files.writeString(file, machineText);
        return file;
    }
}
