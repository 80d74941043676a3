package io.ironloop.firmware.replay;

import io.ironloop.firmware.advisor.Advisor;
import io.ironloop.firmware.advisor.AdvisorWiring;
import io.ironloop.firmware.advisor.VibrationWiring;
import io.ironloop.firmware.config.ConfigException;

import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.firmware.telemetry.TelemetryAgent;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.firmware.wiring.MachineContext;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Unit;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.AnalogSignal;
import io.ironloop.hal.sim.BusFaults;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A machine wired for replay on a simulated board and a virtual clock: recording channels fed into the
 * device models (or the process image), faults injected at their times, the machine's own agents
 * unchanged (drivers, supervision, filters, interlocks, loops, output flush, telemetry encoding into
 * {@code link}). The lockstep order is: bus faults, rows, acquisition, image feeds, control, telemetry,
 * then whatever the caller appends (the observer).
 */
final class ReplayRig implements AutoCloseable
{
    /** Where virtual time starts; times in a scenario are seconds from here. */
    static final long START_NS = 0L;

    /** A feed resolved against the recording and the machine. */
    record Feed(int channel, String sensor, double scale, double offset, boolean image, boolean waveform)
    {
        Feed(final int channel, final String sensor, final double scale, final double offset, final boolean image)
        {
            this(channel, sensor, scale, offset, image, false);
        }
    }

    /** An injection resolved to nanoseconds. */
    record Fault(String kind, String target, long startNs, long endNs, double value, int count) {}

    final VirtualClock clock;
    final SimBoard board;
    final Machine machine;
    final TelemetryAgent telemetry;
    final RowAgent rows;
    /** The machine's advisor ({@code advisor:} section), or null. */
    final Advisor advisor;
    /** The machine's watched bearings ({@code bearings:} with {@code monitor:}), maybe empty. */
    final List<io.ironloop.control.vibration.VibrationMonitor> vibration;
    final Map<String, FedSignal> fed = new HashMap<>();
    private final List<ScheduledAgent> agents = new ArrayList<>();

    ReplayRig(final MachineSetup setup, final ReplaySource source, final List<Feed> feeds, final List<Fault> faults,
        final TelemetryLink link, final long maxRows, final double replayHz) throws HardwareException, ConfigException
    {
        final MachineConfig config = setup.machine();
        clock = new VirtualClock(START_NS);
        board = SimBoard.confined(clock); // lockstep: one thread drives every bus
        final int[] channels = new int[feeds.size()];
        final FedSignal[] signals = new FedSignal[feeds.size()];
        final List<Integer> imageFeeds = new ArrayList<>();
        for (int i = 0; i < feeds.size(); i++)
        {
            final Feed feed = feeds.get(i);
            channels[i] = feed.channel();
            // A waveform keeps its recent rows with their times: the chip samples it between the rows it was fed.
            signals[i] = feed.waveform() ? new FedSignal(feed.scale(), feed.offset(), clock, FedSignal.WAVEFORM_HISTORY)
                : new FedSignal(feed.scale(), feed.offset());
            fed.put(feed.sensor(), signals[i]);
            if (feed.image())
            {
                imageFeeds.add(i);
            }
            else
            {
                final FedSignal signal = signals[i];
                board.overrides().tapSignal(feed.sensor(), base -> signal);
                if (feed.waveform())
                {
                    board.overrides().markWaveform(feed.sensor());
                }
            }
        }
        // Signal-level faults wrap whatever the device model samples: the fed column or the plant's value.
        final Map<String, AnalogSignal> imageSignals = new HashMap<>();
        for (final int i : imageFeeds)
        {
            imageSignals.put(feeds.get(i).sensor(), signals[i]);
        }
        for (final Fault fault : faults)
        {
            final int kind = FaultySignal.kind(fault.kind());
            if (kind >= 0)
            {
                if (imageSignals.containsKey(fault.target()))
                {
                    imageSignals.put(fault.target(), new FaultySignal(imageSignals.get(fault.target()), kind, fault.startNs(), fault.endNs(),
                        fault.value()));
                }
                else
                {
                    board.overrides().tapSignal(fault.target(), base -> new FaultySignal(base, kind, fault.startNs(), fault.endNs(), fault.value()));
                }
            }
            else if ("actuator-stuck".equals(fault.kind()))
            {
                board.overrides().tapSink(fault.target(), sink -> new StuckSink(sink, fault.startNs(), fault.endNs()));
            }
        }
        final int capacity = MachineContext.conclude(config).countersCapacity() + 8;
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(new byte[CountersFile.metadataLength(capacity)]),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersFile.valuesLength(capacity))));
        machine = Machine.assemble(setup, clock, board, counters);
        final String[] loopIds = config.loops().stream().map(MachineConfig.Loop::id).toArray(String[]::new);
        final String[] units = config.loops().stream()
            .map(loop -> config.sensor(loop.measurement()).input().unit().symbol()).toArray(String[]::new);
        telemetry = new TelemetryAgent(clock, clock.nanoTime(), config.name(), loopIds, units, machine.telemetry(), link,
            config.telemetry().topic(), config.telemetry().rateHz(), null, null, machine.control().jitterRecorder(),
            machine.counters().overruns(), counters.newCounter("mqtt backlog", CounterTypes.MQTT_BACKLOG));

        agents.add(busFaults(config, faults, imageSignals.keySet()));
        rows = source == null ? null : new RowAgent(clock, source, channels, signals, START_NS, maxRows, replayHz);
        if (rows != null)
        {
            agents.add(rows);
        }
        agents.addAll(machine.acquisition());
        final int[] slots = new int[imageFeeds.size()];
        final AnalogSignal[] imageValues = new AnalogSignal[imageFeeds.size()];
        final Unit[] imageUnits = new Unit[imageFeeds.size()];
        final long[][] dropouts = new long[imageFeeds.size()][];
        for (int k = 0; k < imageFeeds.size(); k++)
        {
            final String sensor = feeds.get(imageFeeds.get(k)).sensor();
            slots[k] = machine.image().slotOf(sensor);
            imageValues[k] = imageSignals.get(sensor);
            final MachineConfig.Device device = config.sensor(sensor);
            imageUnits[k] = device != null && device.explicitUnit() != null ? device.explicitUnit() : Unit.NONE;
            dropouts[k] = faults.stream().filter(f -> "dropout".equals(f.kind()) && f.target().equals(sensor))
                .flatMapToLong(f -> java.util.stream.LongStream.of(f.startNs(), f.endNs())).toArray();
        }
        agents.add(new ImageFeedAgent(clock, machine.control(), machine.image(), slots, imageValues, imageUnits, dropouts));
        agents.add(machine.control());
        // The advisor as on a board: off the control path at its own rate, reading the process image and
        // writing the loops' advice slots (here in lockstep, after the control tick of the same instant).
        advisor = AdvisorWiring.build(config, clock, machine.image(), machine.control(), counters);
        if (advisor != null)
        {
            agents.add(advisor.agent());
        }
        // Watched bearings as on a board: the drivers' raw samples analysed on their own agents.
        vibration = VibrationWiring.build(config, machine, clock, counters);
        VibrationWiring.adviseThrough(advisor, vibration, config);
        agents.addAll(vibration);
        agents.add(telemetry);
    }



    private BusFaultAgent busFaults(final MachineConfig config, final List<Fault> faults, final java.util.Set<String> imageFed)
    {
        record Event(long atNs, BusFaults faults, int address, int count, int result) {}
        final List<Event> events = new ArrayList<>();
        for (final Fault fault : faults)
        {
            if (!"dropout".equals(fault.kind()) && !"nack".equals(fault.kind()) || imageFed.contains(fault.target()))
            {
                continue;
            }
            final MachineConfig.Device device = config.sensor(fault.target());
            final MachineConfig.Connection at = device.connection();
            final boolean i2c = at.kind() == io.ironloop.firmware.config.DriverCatalog.Connection.I2C;
            final BusFaults bus = i2c ? board.i2c(at.bus()).faults() : board.spi(at.bus()).faults();
            final int address = i2c ? at.address() : at.chipSelect();
            if ("nack".equals(fault.kind()))
            {
                events.add(new Event(fault.startNs(), bus, address, fault.count(), BusResult.NACK));
            }
            else
            {
                events.add(new Event(fault.startNs(), bus, address, Integer.MAX_VALUE, i2c ? BusResult.NACK : BusResult.IO_ERROR));
                if (fault.endNs() != Long.MAX_VALUE)
                {
                    events.add(new Event(fault.endNs(), bus, address, 0, 0));
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::atNs));
        return new BusFaultAgent(clock, events.stream().mapToLong(Event::atNs).toArray(),
            events.stream().map(Event::faults).toArray(BusFaults[]::new), events.stream().mapToInt(Event::address).toArray(),
            events.stream().mapToInt(Event::count).toArray(), events.stream().mapToInt(Event::result).toArray());
    }

    /** Appends an agent after telemetry (the observer). */
    void append(final ScheduledAgent agent)
    {
        agents.add(agent);
    }

    /** Virtual time run per slice when a replay or a recording is paced to the wall clock. */
    static final long REALTIME_SLICE_NS = 10_000_000L;

    /**
     * Runs the lockstep agents to {@code endNs}: at full speed, or in slices of virtual time each held back
     * until the wall clock has caught up (parked, not spun: pacing is for watching a replay, not for timing).
     */
    static void runTo(final LockstepRunner runner, final long endNs, final boolean realtime) throws InterruptedException
    {
        if (realtime)
        {
            final long wallStart = System.nanoTime();
            for (long at = START_NS; at < endNs; at = Math.min(endNs, at + REALTIME_SLICE_NS))
            {
                runner.runUntil(at);
                final long ahead = (at - START_NS) - (System.nanoTime() - wallStart);
                if (ahead > 0)
                {
                    LockSupport.parkNanos(ahead);
                }
                if (Thread.interrupted())
                {
                    throw new InterruptedException("paced replay interrupted");
                }
            }
        }
        runFlatOut(runner, endNs);
    }

    /** Virtual time per call of the runner at full speed. */
    static final long FULL_SPEED_SLICE_NS = 1_000_000_000L;

    /**
     * Runs to {@code endNs} at full speed in slices of {@link #FULL_SPEED_SLICE_NS}: the same outputs as one call,
     * but the runner's loop is entered again and again, so the JIT compiles it whole with the profile of the
     * replay instead of replacing it on the stack once mid-run (an on-stack replacement of a loop that ran one
     * long call, which measured up to a third slower in some runs of `bench replay`).
     */
    static void runFlatOut(final LockstepRunner runner, final long endNs)
    {
        for (long at = Math.min(endNs, runner.clock().nanoTime() + FULL_SPEED_SLICE_NS); ; at = Math.min(endNs, at + FULL_SPEED_SLICE_NS))
        {
            runner.runUntil(at);
            if (at == endNs)
            {
                return;
            }
        }
    }

    ScheduledAgent[] agents()
    {
        return agents.toArray(new ScheduledAgent[0]);
    }

    @Override
    public void close()
    {
        if (advisor != null)
        {
            try
            {
                advisor.close();
            }
            catch (final Exception ex)
            {
                // Closing a model (ONNX session) after the replay: nothing of the result depends on it.
            }
        }
        machine.close();
    }
}
