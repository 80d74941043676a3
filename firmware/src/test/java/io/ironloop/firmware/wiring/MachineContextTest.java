package io.ironloop.firmware.wiring;

import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineSetup;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineContextTest
{
    /** The counters file is sized from the machine: every shipped machine fits, with room left for the run's own. */
    @ParameterizedTest
    @ValueSource(strings = {"pump-station", "furnace", "sensor-zoo", "conveyor-io"})
    void shouldSizeTheCountersForEveryCounterTheMachineAllocates(final String name) throws Exception
    {
        final MachineSetup setup = MachineSetup.load(Path.of("../board-configs/machines/" + name + ".yaml"), null);
        final MachineContext context = MachineContext.conclude(setup.machine());
        final int capacity = context.countersCapacity();
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(new byte[CountersFile.metadataLength(capacity)]),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersFile.valuesLength(capacity))));
        final VirtualClock clock = new VirtualClock(0L);
        try (Machine machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters))
        {
            final int[] used = {0};
            counters.forEach((id, label) -> used[0]++);
            assertTrue(used[0] + MachineContext.RUN_COUNTERS / 2 <= capacity,
                name + ": " + used[0] + " counters allocated by the machine, capacity " + capacity);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pump-station"})
    void shouldDeriveEveryPeriodOnce(final String name) throws Exception
    {
        final MachineContext context = MachineContext.conclude(
            MachineSetup.load(Path.of("../board-configs/machines/" + name + ".yaml"), null).machine());
        assertEquals(10_000_000L, context.controlPeriodNs(), "100 Hz");
        assertTrue(context.startupGraceNs("discharge_pressure") >= 1_000_000_000L);
        assertTrue(context.startupGraceNs("discharge_pressure") >= context.staleAfterNs("discharge_pressure"));
    }
}
