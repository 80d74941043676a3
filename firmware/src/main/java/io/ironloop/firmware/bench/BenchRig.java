package io.ironloop.firmware.bench;

import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.firmware.telemetry.TelemetryAgent;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.firmware.wiring.MachineContext;
import io.ironloop.hal.HardwareException;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine wired for measurement: assembled from its config on its (simulated) board, counters in
 * memory, and a telemetry agent that encodes every payload but publishes nowhere and prints no status
 * lines. Used by the benchmarks and the allocation tests, so both measure the firmware's own agents.
 */
public final class BenchRig implements AutoCloseable
{
    private static final int WARM_UP_TICKS = 200_000;

    private final Machine machine;
    private final TelemetryAgent telemetry;
    private final CountersManager counters;

    private BenchRig(final Machine machine, final TelemetryAgent telemetry, final CountersManager counters)
    {
        this.machine = machine;
        this.telemetry = telemetry;
        this.counters = counters;
    }

    /** Assembles {@code setup}'s machine on {@code clock}, optionally at another control rate and idle strategy. */
    public static BenchRig assemble(final MachineSetup setup, final NanoClock clock, final double controlRateHz, final String idle)
        throws HardwareException
    {
        final MachineConfig original = setup.machine();
        final MachineConfig config = controlRateHz > 0
            ? original.withControl(original.control().withRate(controlRateHz, idle != null ? idle : original.control().idle()))
            : original;
        final int capacity = MachineContext.conclude(config).countersCapacity();
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(new byte[CountersFile.metadataLength(capacity)]),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersFile.valuesLength(capacity))));
        final Machine machine = Machine.assemble(new MachineSetup(setup.board(), config), clock,
            BoardBackends.open(setup.board(), clock), counters);
        final String[] loopIds = config.loops().stream().map(MachineConfig.Loop::id).toArray(String[]::new);
        final String[] units = config.loops().stream()
            .map(loop -> config.sensor(loop.measurement()).input().unit().symbol()).toArray(String[]::new);
        final TelemetryAgent telemetry = new TelemetryAgent(clock, clock.nanoTime(), config.name(), loopIds, units,
            machine.telemetry(), TelemetryLink.NONE, config.telemetry().topic(), config.telemetry().rateHz(), null, null,
            machine.control().jitterRecorder(), machine.counters().overruns(),
            counters.newCounter("mqtt backlog", CounterTypes.MQTT_BACKLOG));
        return new BenchRig(machine, telemetry, counters);
    }

    /**
     * Warms the JIT before a real-time measurement: runs the machine in lockstep (the agents' code is
     * compiled in a fraction of a second instead of after tens of seconds of real ticks), drives a
     * throwaway recorder (lockstep skips the timing recorders) and each idle strategy's fast path.
     * Needed because HotSpot resolves every string constant of a class, allocating on the requesting
     * thread, when it first queues one of the class's methods for C2: done here, not in the measured part.
     */
    public static void warmUp(final MachineSetup setup, final double controlRateHz, final String idle, final IdleStrategy... strategies)
        throws HardwareException
    {
        final VirtualClock clock = new VirtualClock(0L);
        try (BenchRig rig = assemble(setup, clock, controlRateHz, idle);
            LockstepRunner runner = new LockstepRunner(clock, rig.agents()))
        {
            runner.runFor(WARM_UP_TICKS * rig.machine().control().schedule().periodNs());
        }
        final SingleWriterRecorder recorder = new SingleWriterRecorder(ControlAgent.MAX_RECORDED_NS, 3);
        for (int i = 0; i < WARM_UP_TICKS; i++)
        {
            recorder.recordValue(i & 0xFFFF);
            if ((i & 0xFFFF) == 0)
            {
                recorder.getIntervalHistogram();
            }
        }
        for (final IdleStrategy strategy : strategies)
        {
            for (int i = 0; i < WARM_UP_TICKS; i++)
            {
                strategy.idle(1);
            }
            strategy.reset();
        }
    }

    /** Acquisition agents, then control, then telemetry: the lockstep order. */
    public ScheduledAgent[] agents()
    {
        final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
        agents.add(machine.control());
        agents.add(telemetry);
        return agents.toArray(new ScheduledAgent[0]);
    }

    public Machine machine()
    {
        return machine;
    }

    public TelemetryAgent telemetry()
    {
        return telemetry;
    }

    public CountersManager counters()
    {
        return counters;
    }

    @Override
    public void close()
    {
        machine.close();
    }
}
