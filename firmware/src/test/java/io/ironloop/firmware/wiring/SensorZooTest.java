package io.ironloop.firmware.wiring;

import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.device.Ina219Model;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The sensor-zoo machine file: every SPI/I2C driver built from YAML, configured, read and supervised on the sim board. */
class SensorZooTest
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final Path ZOO = Path.of("../board-configs/machines/sensor-zoo.yaml");
    private final VirtualClock clock = new VirtualClock(0L);
    private final Reading reading = new Reading();
    private SimBoard board;
    private Machine machine;
    private LockstepRunner runner;

    @BeforeEach
    void assemble() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(ZOO, null);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(256 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)));
        board = new SimBoard(clock);
        machine = Machine.assemble(setup, clock, board, counters);
        final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
        agents.add(machine.control());
        runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0]));
    }

    @AfterEach
    void close()
    {
        runner.close();
        machine.close();
    }

    private Reading slot(final String id)
    {
        machine.image().read(machine.image().slotOf(id), reading);
        return reading;
    }

    private void assertOk(final String id, final double low, final double high)
    {
        final Reading r = slot(id);
        assertEquals(SensorStatus.OK, r.status, id);
        assertTrue(r.value >= low && r.value <= high, id + " = " + r.value + " outside [" + low + ", " + high + "]");
    }

    @Test
    void shouldReadEverySensorOfTheZooWithPlausibleValues()
    {
        runner.runUntil(5 * SECOND_NS);
        assertOk("spare_voltage", 1.2, 1.45);
        assertOk("tank_pressure", 2.8, 3.2);
        assertOk("kiln_temperature", 170, 190);
        assertOk("kiln_cold_junction", 20, 30);
        assertOk("bath_temperature", 55, 65);
        assertOk("cabinet_temperature", 21, 23);
        assertOk("cabinet_pressure", 101_000, 101_700);
        assertOk("cabinet_humidity", 40, 50);
        assertOk("heater_current", 1.2, 1.35);
        assertOk("heater_power", 28, 33);
    }

    @Test
    void shouldMarkADisappearedChipFaultKeepRunningAndRecoverAfterReattach()
    {
        runner.runUntil(SECOND_NS);
        final Ina219Model heater = new Ina219Model(now -> 2.0, now -> 24.0, 0.1);
        board.i2c(1).detach(0x40);
        runner.runUntil(3 * SECOND_NS);
        assertEquals(SensorStatus.FAULT, slot("heater_current").status);
        assertEquals(BusResult.NACK, reading.errorCode);
        assertEquals(SensorStatus.FAULT, slot("heater_power").status);
        // The rest of the bus, and the machine, go on.
        assertOk("cabinet_temperature", 21, 23);
        final long cycles = machine.counters().cycles().get();
        assertTrue(cycles > 0);

        board.i2c(1).attach(0x40, heater);
        runner.runUntil(6 * SECOND_NS);
        assertOk("heater_current", 1.99, 2.01);
        assertOk("heater_power", 47, 49);
        assertTrue(machine.counters().cycles().get() > cycles);
    }
}
