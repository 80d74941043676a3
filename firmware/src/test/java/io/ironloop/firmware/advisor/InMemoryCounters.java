package io.ironloop.firmware.advisor;

import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.wiring.MachineContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;

/** Counters in memory, sized as a run sizes the counters file of {@code config}: what the advisor tests wire machines with. */
final class InMemoryCounters
{
    private InMemoryCounters()
    {
    }

    static CountersManager of(final MachineConfig config)
    {
        final int capacity = MachineContext.conclude(config).countersCapacity();
        return new CountersManager(new UnsafeBuffer(new byte[capacity * 512]), new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * 128)));
    }
}
