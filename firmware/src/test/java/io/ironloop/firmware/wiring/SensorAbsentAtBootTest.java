package io.ironloop.firmware.wiring;

import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.signal.ConditionedSensor;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sensor that does not answer at boot is supervised like one that stops answering later, instead of refusing the machine. */
class SensorAbsentAtBootTest
{
    private static final long SECOND_NS = 1_000_000_000L;

    @Test
    void shouldStartWithTheSensorFaultedAndItsLoopSafeThenBringItInWhenItAnswers() throws Exception
    {
        final VirtualClock clock = new VirtualClock(0L);
        final SimBoard board = new SimBoard(clock);
        // The pressure ADC NACKs from the first transfer: absent at boot.
        board.i2c(1).faults().failAlways(0x48, BusResult.NACK);
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(128 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(32 * 1024)));
        try (Machine machine = Machine.assemble(MachineSetup.load(MachineRuntimeTest.pumpStation(), null), clock, board, counters))
        {
            final SupervisedSensor supervisor = (SupervisedSensor)((ConditionedSensor)machine.sensor("discharge_pressure")).raw();
            assertEquals(SupervisedSensor.Phase.RESET, supervisor.phase(), "starts in supervision's reset phase");
            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            try (LockstepRunner runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0])))
            {
                runner.runUntil(2 * SECOND_NS);
                final Reading reading = new Reading();
                machine.image().read(machine.image().slotOf("discharge_pressure"), reading);
                assertEquals(SensorStatus.FAULT, reading.status);
                assertTrue(supervisor.resetFailures() >= 2, "retried with backoff: " + supervisor.resetFailures());
                assertTrue(supervisor.resetFailures() <= 12, "backing off, not hammering the bus: " + supervisor.resetFailures());
                assertEquals("SAFE", machine.control().loop(0).mode().name(), "its loop is SAFE");

                board.i2c(1).faults().clear(0x48);
                runner.runUntil(5 * SECOND_NS);
                machine.image().read(machine.image().slotOf("discharge_pressure"), reading);
                assertEquals(SensorStatus.OK, reading.status, "comes in when it answers");
                assertEquals(1, supervisor.resets());
                assertEquals(SupervisedSensor.Phase.ACTIVE, supervisor.phase());
            }
        }
    }
}
