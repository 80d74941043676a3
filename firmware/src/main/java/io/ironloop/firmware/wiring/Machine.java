package io.ironloop.firmware.wiring;

import io.ironloop.control.block.Cascade;
import io.ironloop.control.block.Interlock;
import io.ironloop.control.block.LoopController;
import io.ironloop.control.block.OnOff;
import io.ironloop.control.block.Pid;
import io.ironloop.control.block.RampSoakProgram;
import io.ironloop.control.block.RelayAutotune;
import io.ironloop.control.block.Watchdog;
import io.ironloop.control.mode.TransitionLog;
import io.ironloop.control.runtime.AcquisitionAgent;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ControlCounters;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.PidLoop;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.TransitionLogger;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.Actuator;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.driver.SupervisedSensor;
import io.ironloop.hal.signal.ConditionedSensor;
import io.ironloop.hal.sim.SimBoard;
import io.ironloop.hal.sim.plant.FurnacePlant;
import io.ironloop.hal.sim.plant.PumpPlant;
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
 * One machine, wired from its validated config: drivers on the board's buses, one acquisition agent
 * per bus, the control agent with its loops, and the telemetry channel. The only place that knows
 * how the parts fit together. Building allocates freely; running does not.
 */
public final class Machine implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Machine.class);

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
    private TransitionLogger transitionLogger;

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
        final MachineConfig machine = setup.machine();
        final FurnacePlant furnace = io instanceof SimBoard ? SimPlantWiring.furnace(machine) : null;
        final PumpPlant plant = io instanceof SimBoard ? SimPlantWiring.attach(machine, (SimBoard)io, furnace) : null;
        final DeviceFactory factory = new DeviceFactory(io, machine);

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
        final Map<String, Actuator> actuators = new LinkedHashMap<>();
        for (final MachineConfig.Device device : machine.actuators())
        {
            final Actuator actuator = factory.actuator(device);
            actuator.configure();
            actuators.put(device.id(), actuator);
        }

        final ProcessImage image = new ProcessImage(sensors.keySet().toArray(new String[0]));
        final ControlCounters counters = new ControlCounters(countersManager);

        final Map<String, List<AcquisitionAgent.Channel>> byBus = new LinkedHashMap<>();
        for (final MachineConfig.Device device : machine.sensors())
        {
            final Sensor sensor = sensors.get(device.id());
            final long periodNs = Math.round(1e9 / device.rateHz());
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
        final List<AcquisitionAgent> acquisition = new ArrayList<>();
        final List<AtomicCounter> heartbeats = new ArrayList<>();
        final List<String> heartbeatNames = new ArrayList<>();
        for (final Map.Entry<String, List<AcquisitionAgent.Channel>> bus : byBus.entrySet())
        {
            final AtomicCounter cycles = countersManager.newCounter("acquisition cycles: " + bus.getKey(), CounterTypes.ACQUISITION_CYCLES);
            heartbeats.add(cycles);
            heartbeatNames.add("acquisition-" + bus.getKey());
            acquisition.add(new AcquisitionAgent(
                "acquisition-" + bus.getKey(),
                clock,
                image,
                cycles,
                bus.getValue().toArray(new AcquisitionAgent.Channel[0])));
        }
        final MachineConfig.Watchdog watchdogConfig = machine.watchdog();
        final Watchdog watchdog = watchdogConfig == null ? null : new Watchdog(counters.overruns(), watchdogConfig.overruns(),
            heartbeats.toArray(new AtomicCounter[0]), heartbeatNames.toArray(new String[0]), Math.round(watchdogConfig.stallMs() * 1e6));
        final TransitionLog transitions = new TransitionLog(1024);
        final Map<String, Interlock> interlocks = new LinkedHashMap<>();
        for (final MachineConfig.Interlock interlock : machine.interlocks())
        {
            final MachineConfig.Device sensor = machine.sensor(interlock.sensor());
            final long staleNs = Math.round(sensor.staleAfterMs() * 1e6);
            interlocks.put(interlock.id(), new Interlock(interlock.id(), Interlock.Kind.valueOf(interlock.kind().toUpperCase(Locale.ROOT)),
                image.slotOf(interlock.sensor()), interlock.limit(), Math.round(interlock.delayMs() * 1e6), staleNs,
                Math.max(staleNs, 1_000_000_000L)));
        }

        final List<PidLoop> loops = new ArrayList<>();
        final String[] loopIds = new String[machine.loops().size()];
        final String[][] interlockNames = new String[machine.loops().size()][];
        for (final MachineConfig.Loop loop : machine.loops())
        {
            final MachineConfig.Device sensor = machine.sensor(loop.measurement());
            final MachineConfig.Device target = machine.actuator(loop.actuator());
            final int[] slots = "cascade".equals(loop.type())
                ? new int[] {image.slotOf(loop.measurement()), image.slotOf(loop.inner().measurement())}
                : new int[] {image.slotOf(loop.measurement())};
            final PidLoop built = new PidLoop(
                loop.id(),
                slots,
                controller(loop),
                actuators.get(loop.actuator()),
                loop.setpoint(),
                Math.round(sensor.staleAfterMs() * 1e6),
                Math.max(Math.round(sensor.staleAfterMs() * 1e6), 1_000_000_000L),
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
            built.transitions(transitions, index).interlocks(guarding.toArray(new Interlock[0])).watchdog(watchdog);
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

        final TelemetryChannel telemetry = new TelemetryChannel(1 << 20);
        final long controlPeriodNs = Math.round(1e9 / machine.control().rateHz());
        final ControlAgent control = new ControlAgent(clock, controlPeriodNs, image, telemetry, counters,
            loops.toArray(new PidLoop[0]));

        sensors.values().forEach(Sensor::activate);
        actuators.values().forEach(Actuator::activate);
        final Machine assembled = new Machine(setup, io, image, List.copyOf(acquisition), control, telemetry, counters,
            Map.copyOf(sensors), Map.copyOf(actuators), plant);
        assembled.furnace = furnace;
        assembled.transitionLogger = transitionLogger;
        return assembled;
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

    public Actuator actuator(final String id)
    {
        return actuators.get(id);
    }

    /** The simulated plant, or null on real hardware. */
    public PumpPlant plant()
    {
        return plant;
    }

    /** The simulated furnace, or null. */
    public FurnacePlant furnace()
    {
        return furnace;
    }

    /** Logs the loops' mode transitions from a non-real-time thread; run it as an agent. */
    public TransitionLogger transitionLogger()
    {
        return transitionLogger;
    }

    /** Drives every actuator to its safe value and releases the board. */
    @Override
    public void close()
    {
        actuators.values().forEach(Actuator::deactivate);
        sensors.values().forEach(Sensor::deactivate);
        io.close();
    }
}
