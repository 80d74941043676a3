package io.ironloop.firmware.wiring;

import io.ironloop.control.block.Cascade;
import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.LoopController;
import io.ironloop.control.block.OnOff;
import io.ironloop.control.block.Pid;
import io.ironloop.control.block.RampSoakProgram;
import io.ironloop.control.block.RelayAutotune;
import io.ironloop.control.block.Watchdog;
import io.ironloop.control.loop.AdviceSlot;
import io.ironloop.control.loop.LatchStore;
import io.ironloop.control.loop.SafetyEnvelope;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionLog;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.output.OutputFlush;
import io.ironloop.control.output.OutputImage;
import io.ironloop.control.runtime.AcquisitionAgent;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ControlCounters;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.TransitionLogger;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.signal.ConditionedSensor;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.plant.FurnacePlant;
import io.ironloop.plant.Plant;
import io.ironloop.plant.PumpPlant;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.CountersManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One machine, wired from its validated config: drivers on the board's buses, one agent per bus (its
 * sensors' acquisition and its actuators' output channels), the control agent with its loops, the
 * output image between them, and the telemetry channel. The only place that knows how the parts fit
 * together. Building allocates freely; running does not.
 *
 * <p>Outputs are safe at both ends: {@link #assemble} writes every actuator's safe value right after it
 * is configured, before anything else runs, and {@link #driveOutputsSafe(long)} latches every output and
 * writes the safe values (shutdown; {@link #close()} calls it too).
 */
public final class Machine implements AutoCloseable
{
    /** Time {@link #close()} gives the safe writes. */
    public static final long CLOSE_SAFE_TIMEOUT_NS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(Machine.class);

    /** The result of one actuator's safe write: {@code result} is non-negative on success, else a BusResult. */
    public record SafeWrite(String actuator, int result)
    {
        public boolean ok()
        {
            return result >= 0;
        }
    }

    private final MachineSetup setup;
    private final BoardIo io;
    private final ProcessImage image;
    private final List<AcquisitionAgent> acquisition;
    private final ControlAgent control;
    private final TelemetryChannel telemetry;
    private final ControlCounters counters;
    private final Map<String, Sensor> sensors;
    private final Map<String, Actuator> actuators;
    private final PumpPlant plant;
    private FurnacePlant furnace;
    private Plant model;
    private TransitionLogger transitionLogger;
    private List<LatchStore.Latch> restoredLatches = List.of();
    private NanoClock clock;
    private OutputImage outputs;
    private List<SafeWrite> startupSafeWrites;

    private Machine(
        final MachineSetup setup,
        final BoardIo io,
        final ProcessImage image,
        final List<AcquisitionAgent> acquisition,
        final ControlAgent control,
        final TelemetryChannel telemetry,
        final ControlCounters counters,
        final Map<String, Sensor> sensors,
        final Map<String, Actuator> actuators,
        final PumpPlant plant)
    {
        this.setup = setup;
        this.io = io;
        this.image = image;
        this.acquisition = acquisition;
        this.control = control;
        this.telemetry = telemetry;
        this.counters = counters;
        this.sensors = sensors;
        this.actuators = actuators;
        this.plant = plant;
    }

    /**
     * Builds and configures every device (chip-id checks included), then the agents. A sensor that does
     * not answer starts in its supervisor's reset phase (logged with device, bus and address; its
     * readings FAULT, retried with backoff); an actuator that does not answer throws with a message
     * naming device, bus and address.
     */
    public static Machine assemble(
        final MachineSetup setup, final NanoClock clock, final BoardIo io, final CountersManager countersManager)
        throws HardwareException
    {
        return assemble(setup, clock, io, countersManager, null);
    }

    /**
     * As {@link #assemble(MachineSetup, NanoClock, BoardIo, CountersManager)}, with latched trips kept in
     * {@code latches} (null: none kept): a loop whose trip was latched when the firmware last stopped
     * starts in SAFE with that cause, and is reported.
     */
    public static Machine assemble(
        final MachineSetup setup, final NanoClock clock, final BoardIo io, final CountersManager countersManager,
        final LatchStore latches)
        throws HardwareException
    {
        final MachineConfig machine = setup.machine();
        final MachineContext context = MachineContext.conclude(machine);
        final FurnacePlant furnace = io instanceof SimBoard ? SimPlantWiring.furnace(machine) : null;
        final Plant model = io instanceof SimBoard ? SimPlantWiring.model(machine) : null;
        final PumpPlant plant = io instanceof SimBoard ? SimPlantWiring.attach(machine, (SimBoard)io, furnace, model) : null;
        final DeviceFactory factory = new DeviceFactory(io, machine);

        // Outputs first: each is driven to its safe value as soon as it is configured, before sensors or agents exist.
        final Map<String, Actuator> actuators = new LinkedHashMap<>();
        final List<OutputChannel> channels = new ArrayList<>();
        final List<SafeWrite> startupSafeWrites = new ArrayList<>();
        for (final MachineConfig.Device device : machine.actuators())
        {
            final Actuator actuator = factory.actuator(device);
            actuator.configure();
            actuators.put(device.id(), actuator);
            final OutputChannel channel = new OutputChannel(actuator, device.faultAfter(),
                countersManager.newCounter("actuator write failures: " + device.id(), CounterTypes.ACTUATOR_WRITE_FAILURES),
                countersManager.newCounter("actuator status: " + device.id(), CounterTypes.ACTUATOR_STATUS));
            channels.add(channel);
            startupSafeWrites.add(startupSafeWrite(channel, clock));
        }
        final OutputImage outputs = new OutputImage(channels.toArray(new OutputChannel[0]));
        final Map<String, Sensor> sensors = new LinkedHashMap<>();
        for (final MachineConfig.Device device : machine.sensors())
        {
            final Sensor sensor = factory.sensor(device);
            try
            {
                sensor.configure();
            }
            catch (final HardwareException ex)
            {
                // Absent at boot is the same failure as absent at run time: supervised, not a refusal of the machine.
                final SupervisedSensor supervisor = supervisor(sensor);
                if (supervisor == null)
                {
                    throw ex;
                }
                supervisor.startInReset();
                LOG.warn("sensor '{}' did not answer at start-up, starting FAULT and retrying with backoff: {}", device.id(), ex.getMessage());
            }
            sensors.put(device.id(), sensor);
        }
        if (io instanceof SimBoard)
        {
            SimPlantWiring.makeContacts(machine, (SimBoard)io);
        }

        final ProcessImage image = new ProcessImage(sensors.keySet().toArray(new String[0]));
        final ControlCounters counters = new ControlCounters(countersManager);

        final Map<String, List<AcquisitionAgent.Channel>> byBus = new LinkedHashMap<>();
        final Map<String, List<OutputChannel>> outputsByBus = new LinkedHashMap<>();
        for (final MachineConfig.Device device : machine.sensors())
        {
            final Sensor sensor = sensors.get(device.id());
            final long periodNs = context.sensorPeriodNs(device.id());
            final SupervisedSensor supervisor = supervisor(sensor);
            final AcquisitionAgent.Channel channel = new AcquisitionAgent.Channel(
                sensor,
                image.slotOf(device.id()),
                periodNs,
                countersManager.newCounter("sensor reads: " + device.id(), CounterTypes.SENSOR_READS),
                countersManager.newCounter("sensor faults: " + device.id(), CounterTypes.SENSOR_FAULTS),
                supervisor,
                supervisor == null ? null : countersManager.newCounter("sensor reset attempts: " + device.id(), CounterTypes.SENSOR_RESETS));
            byBus.computeIfAbsent(busKey(device.connection()), key -> new ArrayList<>()).add(channel);
        }
        for (final MachineConfig.Device device : machine.actuators())
        {
            // The actuator's bus agent writes it, so the control tick never waits on that bus.
            outputsByBus.computeIfAbsent(busKey(device.connection()), key -> new ArrayList<>()).add(outputs.channel(device.id()));
            byBus.computeIfAbsent(busKey(device.connection()), key -> new ArrayList<>());
        }
        final long controlPeriodNs = context.controlPeriodNs();
        final List<AcquisitionAgent> acquisition = new ArrayList<>();
        final List<AtomicCounter> heartbeats = new ArrayList<>();
        final List<String> heartbeatNames = new ArrayList<>();
        for (final Map.Entry<String, List<AcquisitionAgent.Channel>> bus : byBus.entrySet())
        {
            final AtomicCounter cycles = countersManager.newCounter("acquisition cycles: " + bus.getKey(), CounterTypes.ACQUISITION_CYCLES);
            if (!bus.getValue().isEmpty())
            {
                heartbeats.add(cycles);
                heartbeatNames.add("acquisition-" + bus.getKey());
            }
            final AcquisitionAgent agent = new AcquisitionAgent(
                "acquisition-" + bus.getKey(),
                clock,
                image,
                cycles,
                bus.getValue().toArray(new AcquisitionAgent.Channel[0]));
            final List<OutputChannel> busOutputs = outputsByBus.get(bus.getKey());
            if (busOutputs != null)
            {
                agent.outputs(new OutputFlush(outputs, busOutputs.toArray(new OutputChannel[0]), counters.cycles(),
                    countersManager.newCounter("output last resort trips: " + bus.getKey(), CounterTypes.LAST_RESORT_TRIPS),
                    OutputFlush.defaultRefreshNs(controlPeriodNs), OutputFlush.defaultStallNs(controlPeriodNs),
                    clock instanceof VirtualClock ? 0L : OutputFlush.defaultPollNs(controlPeriodNs)));
            }
            acquisition.add(agent);
        }
        final MachineConfig.Watchdog watchdogConfig = machine.watchdog();
        // An agent beats only when one of its channels is due: a stall is never shorter than three of its slowest beats.
        long slowestBeatNs = 0;
        for (final List<AcquisitionAgent.Channel> busChannels : byBus.values())
        {
            slowestBeatNs = Math.max(slowestBeatNs, busChannels.stream().mapToLong(AcquisitionAgent.Channel::periodNs).min().orElse(0L));
        }
        final Watchdog watchdog = new Watchdog(counters.overruns(), watchdogConfig.overruns(), counters.missedDeadlines(),
            watchdogConfig.windowTicks(), watchdogConfig.maxMissedInWindow(), heartbeats.toArray(new AtomicCounter[0]),
            heartbeatNames.toArray(new String[0]), Math.max(Math.round(watchdogConfig.stallMs() * 1e6), 3 * slowestBeatNs));
        final Map<String, LatchStore.Latch> latched = latches == null ? Map.of() : latches.load();
        final List<LatchStore.Latch> restored = new ArrayList<>();
        final TransitionLog transitions = new TransitionLog(MachineContext.TRANSITION_LOG_CAPACITY);
        final Map<String, Interlock> interlocks = new LinkedHashMap<>();
        for (final MachineConfig.Interlock interlock : machine.interlocks())
        {
            interlocks.put(interlock.id(), new Interlock(interlock.id(), Interlock.Kind.valueOf(interlock.kind().toUpperCase(Locale.ROOT)),
                image.slotOf(interlock.sensor()), interlock.limit(), Math.round(interlock.delayMs() * 1e6),
                context.staleAfterNs(interlock.sensor()), context.startupGraceNs(interlock.sensor())));
        }

        final List<ClosedLoop> loops = new ArrayList<>();
        final String[] loopIds = new String[machine.loops().size()];
        final String[][] interlockNames = new String[machine.loops().size()][];
        for (final MachineConfig.Loop loop : machine.loops())
        {
            final MachineConfig.Device target = machine.actuator(loop.actuator());
            final int[] slots = "cascade".equals(loop.type())
                ? new int[] {image.slotOf(loop.measurement()), image.slotOf(loop.inner().measurement())}
                : new int[] {image.slotOf(loop.measurement())};
            final ClosedLoop built = new ClosedLoop(
                loop.id(),
                slots,
                controller(loop),
                outputs.channel(loop.actuator()),
                loop.setpoint(),
                context.staleAfterNs(loop.measurement()),
                context.startupGraceNs(loop.measurement()),
                loop.tripLow(),
                loop.tripHigh(),
                target.rangeMin(),
                target.rangeMax(),
                countersManager.newCounter("loop mode: " + loop.id(), CounterTypes.LOOP_MODE),
                countersManager.newCounter("interlock trips: " + loop.id(), CounterTypes.INTERLOCK_TRIPS),
                countersManager.newCounter("block errors: " + loop.id(), CounterTypes.BLOCK_ERRORS));
            final int index = loops.size();
            final List<Interlock> guarding = new ArrayList<>();
            for (final MachineConfig.Interlock interlock : machine.interlocks())
            {
                if (interlock.loops().isEmpty() || interlock.loops().contains(loop.id()))
                {
                    guarding.add(interlocks.get(interlock.id()));
                }
            }
            if (loop.operation().advice() != null)
            {
                // Before the start mode: a loop may start in ADVISED only once it has an advisor input.
                final MachineConfig.Advice advice = loop.operation().advice();
                built.advisor(new AdviceSlot(), new SafetyEnvelope(advice.trimMin(), advice.trimMax(), Math.round(advice.maxAgeMs() * 1e6))
                    .counters(countersManager.newCounter("advice ignored: " + loop.id(), CounterTypes.ADVICE_IGNORED),
                        countersManager.newCounter("advice clamped: " + loop.id(), CounterTypes.ADVICE_CLAMPED)));
            }
            built.transitions(transitions, index).interlocks(guarding.toArray(new Interlock[0])).watchdog(watchdog)
                .startMode(mode(loop.operation().startMode())).resetTo(mode(loop.operation().resetTo()))
                .setpointRange(loop.operation().setpointLow(), loop.operation().setpointHigh());
            if ("cascade".equals(loop.type()))
            {
                // The inner measurement is judged by its own sensor's staleness limit, not the outer one's.
                built.inputStaleness(context.staleAfterNs(loop.measurement()), context.staleAfterNs(loop.inner().measurement()));
            }
            final LatchStore.Latch latch = latched.get(loop.id());
            if (latch != null)
            {
                built.restoreLatch(latch.cause(), latch.detail());
                restored.add(latch);
                LOG.warn("loop {} starts SAFE: a trip ({}, detail {}) was latched when the firmware last stopped; reset it to go on",
                    loop.id(), latch.cause(), latch.detail());
            }
            loopIds[index] = loop.id();
            interlockNames[index] = guarding.stream().map(Interlock::id).toArray(String[]::new);
            if (loop.program() != null)
            {
                final List<MachineConfig.Segment> segments = loop.program().segments();
                built.program(new RampSoakProgram(
                    segments.stream().mapToDouble(MachineConfig.Segment::ratePerS).toArray(),
                    segments.stream().mapToDouble(MachineConfig.Segment::target).toArray(),
                    segments.stream().mapToDouble(MachineConfig.Segment::soakS).toArray(),
                    loop.program().guaranteedSoakBand()));
            }
            if (loop.autotune() != null)
            {
                final MachineConfig.Autotune tune = loop.autotune();
                built.autotune(new RelayAutotune(RelayAutotune.Rule.valueOf(tune.rule().toUpperCase(Locale.ROOT).replace('-', '_')),
                    tune.amplitude(), tune.hysteresis(), tune.bias(), tune.bound(), Math.round(tune.timeoutS() * 1e9), tune.cycles(),
                    loop.outputMin(), loop.outputMax(), target.safeValue()));
            }
            loops.add(built);
        }
        final TransitionLogger transitionLogger = new TransitionLogger(clock, transitions, loopIds, interlockNames, 100_000_000L);
        if (latches != null)
        {
            transitionLogger.latchStore(latches);
        }

        final TelemetryChannel telemetry = new TelemetryChannel(MachineContext.TELEMETRY_RING_BYTES);
        final ControlAgent control = new ControlAgent(clock, controlPeriodNs, image, telemetry, counters,
            loops.toArray(new ClosedLoop[0]));

        sensors.values().forEach(Sensor::activate);
        actuators.values().forEach(Actuator::activate);
        final Machine assembled = new Machine(setup, io, image, List.copyOf(acquisition), control, telemetry, counters,
            Map.copyOf(sensors), Map.copyOf(actuators), plant);
        assembled.furnace = furnace;
        assembled.model = model;
        assembled.transitionLogger = transitionLogger;
        assembled.restoredLatches = List.copyOf(restored);
        assembled.clock = clock;
        assembled.outputs = outputs;
        assembled.startupSafeWrites = List.copyOf(startupSafeWrites);
        return assembled;
    }

    /**
     * The safe write right after an actuator is configured, before any other part of the machine exists: an
     * output must not sit at its power-on value. A write that fails twice latches the output safe (its loop
     * goes SAFE until a reset) and is reported, rather than refusing the whole machine.
     */
    private static SafeWrite startupSafeWrite(final OutputChannel channel, final NanoClock clock)
    {
        int result = channel.writeSafe(clock.nanoTime());
        if (result < 0)
        {
            result = channel.writeSafe(clock.nanoTime());
        }
        if (result < 0)
        {
            channel.latch(OutputChannel.LATCH_WRITE_FAULT);
            LOG.error("actuator '{}': the start-up safe write failed ({}); the output stays latched safe", channel.id(),
                BusResult.name(result));
        }
        return new SafeWrite(channel.id(), result);
    }

    private static Mode mode(final String name)
    {
        return Mode.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The controller block of a loop, from its type. */
    private static LoopController controller(final MachineConfig.Loop loop)
    {
        switch (loop.type())
        {
            case "cascade":
            {
                final MachineConfig.CascadeInner inner = loop.inner();
                return new Cascade(
                    new Pid(loop.kp(), loop.ki(), loop.kd(), loop.derivativeFilterS(), 0.0, inner.setpointMin(), inner.setpointMax(),
                        0.0, antiWindup(loop)),
                    new Pid(inner.kp(), inner.ki(), inner.kd(), inner.derivativeFilterS(), 0.0, loop.outputMin(), loop.outputMax(),
                        loop.rateLimitPerS(), antiWindup(loop)));
            }
            case "onoff":
            {
                final MachineConfig.OnOff onOff = loop.onOff();
                return new OnOff(onOff.hysteresis(), onOff.heating(), onOff.outputOn(), onOff.outputOff(),
                    Math.round(onOff.minOnS() * 1e9), Math.round(onOff.minOffS() * 1e9));
            }
            default:
                return new Pid(loop.kp(), loop.ki(), loop.kd(), loop.derivativeFilterS(), 0.0, loop.outputMin(), loop.outputMax(),
                    loop.rateLimitPerS(), antiWindup(loop));
        }
    }

    private static Pid.AntiWindup antiWindup(final MachineConfig.Loop loop)
    {
        return Pid.AntiWindup.valueOf(loop.antiWindup().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The supervisor behind a built sensor, or null when it has none. */
    private static SupervisedSensor supervisor(final Sensor sensor)
    {
        return sensor instanceof ConditionedSensor && ((ConditionedSensor)sensor).raw() instanceof SupervisedSensor
            ? (SupervisedSensor)((ConditionedSensor)sensor).raw() : null;
    }

    private static String busKey(final MachineConfig.Connection connection)
    {
        switch (connection.kind())
        {
            case I2C: return "i2c-" + connection.bus();
            case SPI: return "spi" + connection.bus();
            case PIN: return "gpio";
            default: return "other";
        }
    }

    public MachineSetup setup()
    {
        return setup;
    }

    public BoardIo io()
    {
        return io;
    }

    public ProcessImage image()
    {
        return image;
    }

    public List<AcquisitionAgent> acquisition()
    {
        return acquisition;
    }

    public ControlAgent control()
    {
        return control;
    }

    public TelemetryChannel telemetry()
    {
        return telemetry;
    }

    public ControlCounters counters()
    {
        return counters;
    }

    public Sensor sensor(final String id)
    {
        return sensors.get(id);
    }

    /**
     * The driver of an actuator, for wiring checks and inspection. A running machine writes it only through
     * its bus agent ({@link #output(String)}); writing it directly from another thread races that agent.
     */
    public Actuator actuator(final String id)
    {
        return actuators.get(id);
    }

    /** The simulated plant, or null on real hardware. */
    public PumpPlant plant()
    {
        return plant;
    }

    /** The simulated plant model (first or second order, pump on a system curve, tank), or null. */
    public Plant modelPlant()
    {
        return model;
    }

    /** The simulated furnace, or null. */
    public FurnacePlant furnace()
    {
        return furnace;
    }

    /** Latched trips restored from the state directory at assembly (their loops started SAFE). */
    public List<LatchStore.Latch> restoredLatches()
    {
        return restoredLatches;
    }

    /** Logs the loops' mode transitions from a non-real-time thread; run it as an agent. */
    public TransitionLogger transitionLogger()
    {
        return transitionLogger;
    }

    /** The output image: one channel per actuator, in machine-file order. */
    public OutputImage outputs()
    {
        return outputs;
    }

    /** The output channel of an actuator, or null. */
    public OutputChannel output(final String id)
    {
        return outputs.channel(id);
    }

    /** The safe write each actuator got right after it was configured, in machine-file order. */
    public List<SafeWrite> startupSafeWrites()
    {
        return startupSafeWrites;
    }

    /**
     * Latches every output safe ({@link OutputChannel#LATCH_SHUTDOWN}, which no reset releases) and writes
     * each safe value from the calling thread, retrying a failed write once while {@code timeoutNs} lasts.
     * Safe to call while the agents still run (writes are serialised per channel, and the bus agents then
     * write the safe value too) and after they stopped. Failures are logged.
     *
     * @return per actuator, in machine-file order, whether its safe value was written
     */
    public List<SafeWrite> driveOutputsSafe(final long timeoutNs)
    {
        final int[] results = outputs.driveSafe(clock, timeoutNs, OutputChannel.LATCH_SHUTDOWN);
        final List<SafeWrite> report = new ArrayList<>(results.length);
        for (int i = 0; i < results.length; i++)
        {
            final SafeWrite write = new SafeWrite(outputs.channel(i).id(), results[i]);
            if (!write.ok())
            {
                LOG.error("actuator '{}': the safe write failed ({})", write.actuator(), BusResult.name(write.result()));
            }
            report.add(write);
        }
        return report;
    }

    /** Drives every output safe ({@link #driveOutputsSafe(long)}), deactivates every device and releases the board. */
    @Override
    public void close()
    {
        driveOutputsSafe(CLOSE_SAFE_TIMEOUT_NS);
        actuators.values().forEach(Actuator::deactivate);
        sensors.values().forEach(Sensor::deactivate);
        io.close();
    }
}
