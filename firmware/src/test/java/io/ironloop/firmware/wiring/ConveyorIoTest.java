package io.ironloop.firmware.wiring;

import io.ironloop.control.runtime.AcquisitionAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.Unit;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.device.Mcp23017Model;
import io.ironloop.hal.sim.device.Pca9685Model;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The conveyor-io machine assembled on the sim board: every new driver and filter reads through the real wiring. */
class ConveyorIoTest
{
    private static final long MS = 1_000_000L;

    private final VirtualClock clock = new VirtualClock(1_000 * MS);
    private final SimBoard board = new SimBoard(clock);
    private final Reading reading = new Reading();
    private Machine machine;
    private CountersManager counters;
    private AcquisitionAgent[] agents;
    private long nextFlowPulseNs;
    private long nextTachPulseNs;

    @BeforeEach
    void assemble() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(Path.of("../board-configs/machines/conveyor-io.yaml"), null);
        counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(256 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)));
        machine = Machine.assemble(setup, clock, board, counters);
        agents = machine.acquisition().toArray(new AcquisitionAgent[0]);
        machine.acquisition().forEach(AcquisitionAgent::onStart);
        nextFlowPulseNs = clock.nanoTime();
        nextTachPulseNs = clock.nanoTime();
    }

    @AfterEach
    void close()
    {
        machine.close();
    }

    /** Runs 1 ms steps: coolant at 7.5 Hz (60 l/min raw), drive pulley at 50 Hz (1500 rpm). */
    private void run(final long durationNs)
    {
        final long endNs = clock.nanoTime() + durationNs;
        while (clock.nanoTime() < endNs)
        {
            clock.advanceBy(MS);
            final long now = clock.nanoTime();
            if (now - nextFlowPulseNs >= 0)
            {
                board.line(24).pulse();
                nextFlowPulseNs += 1_000_000_000L * 2 / 15;
            }
            if (now - nextTachPulseNs >= 0)
            {
                board.line(23).pulse();
                nextTachPulseNs += 20 * MS;
            }
            for (int i = 0; i < agents.length; i++)
            {
                agents[i].doWork();
            }
        }
    }

    private Reading value(final String id)
    {
        machine.image().read(machine.image().slotOf(id), reading);
        return reading;
    }

    @Test
    void shouldReadEverySensorThroughItsDriverAndFilters()
    {
        run(3_000 * MS);
        assertEquals(SensorStatus.OK, value("drive_vibration").status);
        assertEquals(0.2 / Math.sqrt(2), value("drive_vibration").value, 0.03, "25 Hz, 0.2 g peak on x");
        assertEquals(Unit.G, machine.sensor("drive_vibration").unit());
        assertEquals(2.46, value("belt_tension").value, 0.02, "mid-range 0-10 V through the divider, calibrated");
        assertEquals(0.0, value("end_of_travel_left").value);
        assertEquals(0.0, value("estop_contact").value);
        assertEquals(1.0, value("guard_door").value, "pulled up, active high: a closed door");
        assertEquals(1500.0, value("drive_speed").value, 15.0);
        assertEquals(Unit.RPM, machine.sensor("drive_speed").unit());
        assertEquals(1.02 * 60 - 0.0004 * 3600, value("coolant_flow").value, 1.0);
        assertEquals(Unit.LITRE_PER_MINUTE, machine.sensor("coolant_flow").unit());
        assertEquals(Unit.FRACTION, machine.sensor("belt_tension").unit());
    }

    @Test
    void shouldSeeLimitSwitchesAndTheEstopAfterTheirDebounce()
    {
        run(100 * MS);
        final Mcp23017Model expander = (Mcp23017Model)board.i2c(1).deviceAt(0x20);
        expander.drive(8, false);
        board.line(5).drive(false);
        run(3 * MS);
        assertEquals(0.0, value("end_of_travel_left").value, "15 ms debounce");
        assertEquals(0.0, value("estop_contact").value, "5 ms debounce");
        run(20 * MS);
        assertEquals(1.0, value("end_of_travel_left").value);
        assertEquals(1.0, value("estop_contact").value);
        assertEquals(0.0, value("end_of_travel_right").value);
    }

    @Test
    void shouldDriveRelaysAndPwmChannels()
    {
        final Mcp23017Model expander = (Mcp23017Model)board.i2c(1).deviceAt(0x20);
        final Pca9685Model pwm = (Pca9685Model)board.i2c(1).deviceAt(0x40);
        assertFalse(expander.outputHigh(0), "motor relay starts safe (off)");
        assertTrue(expander.outputHigh(1), "active-low brake relay: safe value 0 drives the pin high");
        assertEquals(0, machine.actuator("drive_motor_relay").write(clock.nanoTime(), 1.0));
        assertTrue(expander.outputHigh(0));
        assertEquals(0, machine.actuator("beacon_amber").write(clock.nanoTime(), 50.0));
        clock.advanceBy(MS);
        assertEquals(0.5, pwm.dutyCycle(0, clock.nanoTime()), 1.0 / 4096);
        assertEquals(1000.0, pwm.frequencyHz(), 20.0);
        machine.close();
        assertFalse(expander.outputHigh(0), "closing drives every actuator to its safe value");
        assertEquals(0.0, pwm.dutyCycle(0, clock.nanoTime()));
    }

    @Test
    void shouldTurnADisappearedAccelerometerIntoAFaultAndRecover()
    {
        run(1_000 * MS);
        assertEquals(SensorStatus.OK, value("drive_vibration").status);
        assertEquals(0, counter("sensor reset attempts: drive_vibration"));
        board.spi(0).faults().failAlways(0, io.ironloop.hal.bus.BusResult.TIMEOUT);
        run(30 * MS);
        assertEquals(SensorStatus.FAULT, value("drive_vibration").status);
        // Failures back off 10, 20, 40, 80 ms apart; the fifth in a row resets the chip (and keeps trying).
        run(300 * MS);
        final long resets = counter("sensor reset attempts: drive_vibration");
        assertTrue(resets >= 1, "device reset attempts published to the counters file: " + resets);
        assertTrue(counter("sensor faults: drive_vibration") >= 5);
        board.spi(0).faults().clear(0);
        run(1_500 * MS);
        assertEquals(SensorStatus.OK, value("drive_vibration").status);
        assertTrue(counter("sensor reset attempts: drive_vibration") > resets, "the reset that brought it back is counted too");
    }

    private long counter(final String label)
    {
        final long[] value = {-1};
        counters.forEach((counterId, typeId, key, text) ->
        {
            if (text.equals(label))
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    @Test
    void shouldAcquireEverySensorWithoutAllocating()
    {
        // Long enough for the output refresh (every 10 control periods) to be compiled, not only the reads.
        run(20_000 * MS);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // Best of three windows: a one-off JVM event (a JIT compilation resolving constants) shows in one
        // window only; steady-state allocation would show in every window.
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 3 && fewest != 0; window++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            run(2_000 * MS);
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, fewest, "bytes over 2000 acquisition steps of 1 ms");
    }
}
