package io.ironloop.firmware.config;

import io.ironloop.hal.Unit;

import java.util.List;
import java.util.Map;

/** A machine file: sensors, actuators, loops, interlocks, watchdog, simulation and telemetry. Immutable, validated. */
public record MachineConfig(
    String file,
    String name,
    String board,
    Position boardPosition,
    Control control,
    List<Device> sensors,
    List<Device> actuators,
    List<Loop> loops,
    Simulation simulation,
    Telemetry telemetry,
    List<Interlock> interlocks,
    Watchdog watchdog,
    AdvisorConfig advisor,
    List<BearingReader.Bearing> bearings)
{
    /** The bearings the running firmware watches (those with a {@code monitor:}). */
    public List<BearingReader.Bearing> watchedBearings()
    {
        return bearings.stream().filter(b -> b.monitor() != null).toList();
    }

    /** The same machine with another simulation section (e.g. a different seed). */
    public MachineConfig withSimulation(final Simulation other)
    {
        return new MachineConfig(file, name, board, boardPosition, control, sensors, actuators, loops, other, telemetry,
            interlocks, watchdog, advisor, bearings);
    }

    /** This machine with loop {@code index} replaced (an autotune experiment runs a loop without its program). */
    public MachineConfig withLoop(final int index, final Loop loop)
    {
        final List<Loop> changed = new java.util.ArrayList<>(loops);
        changed.set(index, loop);
        return new MachineConfig(file, name, board, boardPosition, control, sensors, actuators, List.copyOf(changed), simulation,
            telemetry, interlocks, watchdog, advisor, bearings);
    }

    /** This machine with other control agent settings (benchmarks run the same machine at other rates). */
    public MachineConfig withControl(final Control newControl)
    {
        return new MachineConfig(file, name, board, boardPosition, newControl, sensors, actuators, loops, simulation, telemetry,
            interlocks, watchdog, advisor, bearings);
    }

    /**
     * Control agent settings, and the idle strategies of the background agents (acquisition per bus,
     * telemetry); those default to {@code park}: sleep until the agent's next deadline. {@code cpu} pins
     * the control agent's thread to one CPU ({@link #UNPINNED} leaves it to the scheduler) and
     * {@code backgroundCpus} the other agents' threads to a set (empty: unpinned). {@code position} is where the
     * section starts in the machine file ({@code null} for settings made in code).
     */
    public record Control(
        double rateHz, String idle, String acquisitionIdle, String telemetryIdle, int cpu, List<Integer> backgroundCpus, Position position)
    {
        /** No CPU affinity. */
        public static final int UNPINNED = -1;

        public Control
        {
            backgroundCpus = List.copyOf(backgroundCpus);
        }

        /** Control settings with the background agents on their default idle strategy, nothing pinned. */
        public Control(final double rateHz, final String idle)
        {
            this(rateHz, idle, "park", "park", UNPINNED, List.of(), null);
        }

        /** The same settings at another rate and control idle strategy. */
        public Control withRate(final double newRateHz, final String newIdle)
        {
            return new Control(newRateHz, newIdle, acquisitionIdle, telemetryIdle, cpu, backgroundCpus, position);
        }

        /** The same settings with other CPU pinning. */
        public Control withCpus(final int newCpu, final List<Integer> newBackgroundCpus)
        {
            return new Control(rateHz, idle, acquisitionIdle, telemetryIdle, newCpu, newBackgroundCpus, position);
        }
    }

    /**
     * How a sensor's bus errors are handled (hal {@code SupervisedSensor}): reads back off from
     * {@code backoffMs}, doubling up to {@code maxBackoffMs}, and after {@code resetAfter} consecutive
     * failures the device is reset (its configure sequence runs again). One of the driver's
     * configuration registers is re-checked every {@code checkRegistersEvery} reads (0: never), and a
     * raw value that stays bit-identical for {@code frozenAfterMs} reads FAULT (0: off).
     */
    public record Supervision(int resetAfter, double backoffMs, double maxBackoffMs, int checkRegistersEvery, double frozenAfterMs)
    {
        /** Reset after 5 failures, back off from 10 ms doubling to 1 s, check a register every 50 reads, no frozen check. */
        public static final Supervision DEFAULT = new Supervision(5, 10.0, 1000.0, 50, 0.0);
    }

    /** Where a device is connected: I2C bus and address, SPI bus and chip select, or a GPIO pin. */
    public record Connection(DriverCatalog.Connection kind, int bus, int address, int chipSelect, int pin, Position position)
    {
        public String describe()
        {
            switch (kind)
            {
                case I2C: return "i2c-" + bus + " address 0x" + Integer.toHexString(address);
                case SPI: return "spi" + bus + " CS" + chipSelect;
                case PIN: return "GPIO" + pin;
                default: return "no bus";
            }
        }
    }

    /**
     * How a raw value becomes an engineering value.
     *
     * @param dividerRatio terminal volts per ADC volt of a {@code voltage-0-10v} input (1 without a divider)
     */
    public record Input(String type, double shuntOhms, double rangeLow, double rangeHigh, Unit unit, double dividerRatio)
    {
        public Input(final String type, final double shuntOhms, final double rangeLow, final double rangeHigh, final Unit unit)
        {
            this(type, shuntOhms, rangeLow, rangeHigh, unit, 1.0);
        }
    }

    /**
     * One conditioning filter: its kind and arguments, normalised by the loader: {@code ema} [alpha],
     * {@code calibrate_linear} [scale, offset], {@code calibrate_polynomial} [c0, c1, ...],
     * {@code median} and {@code moving_average} [window], {@code delta} [minChange],
     * {@code throttle} and {@code timeout} [milliseconds], {@code clamp} [min, max, 1 = fault else 0].
     */
    public record Filter(String kind, List<Double> args, Position position)
    {
    }

    /**
     * A sensor or actuator.
     *
     * @param settings   driver settings, validated against the driver's schema (firmware.driver specs): Double, Long, String or Boolean
     * @param faultAfter an actuator's failed writes in a row before its output is FAULT (0 for a sensor)
     */
    public record Device(
        String id,
        String driver,
        Connection connection,
        Map<String, Object> settings,
        double rateHz,
        double staleAfterMs,
        Input input,
        List<Filter> filters,
        Unit unit,
        double rangeMin,
        double rangeMax,
        double safeValue,
        int faultAfter,
        Supervision supervision,
        Position position)
    {
        public double number(final String name)
        {
            return ((Number)settings.get(name)).doubleValue();
        }

        public long integer(final String name)
        {
            return ((Number)settings.get(name)).longValue();
        }

        public String text(final String name)
        {
            return (String)settings.get(name);
        }

        public boolean flag(final String name)
        {
            return (Boolean)settings.get(name);
        }

        /**
         * The unit the machine file gives the conditioned value, or null when it leaves it to the
         * driver: an {@code input} of type none with the default unit (volts) is the driver's own unit.
         */
        public Unit explicitUnit()
        {
            if (input == null || "none".equals(input.type()) && input.unit() == Unit.VOLT)
            {
                return null;
            }
            return input.unit();
        }
    }

    /**
     * A loop from a measurement to an actuator: {@code type} pid, cascade (with {@code inner}) or onoff
     * (with {@code onOff}); optional ramp/soak {@code program} on the setpoint and relay {@code autotune}.
     */
    public record Loop(
        String id,
        String measurement,
        String actuator,
        double setpoint,
        double kp,
        double ki,
        double kd,
        double derivativeFilterS,
        double outputMin,
        double outputMax,
        double rateLimitPerS,
        double tripLow,
        double tripHigh,
        Position position,
        String type,
        String antiWindup,
        CascadeInner inner,
        OnOff onOff,
        Program program,
        Autotune autotune,
        Operation operation)
    {
        /** A plain PID loop. */
        public Loop(
            final String id,
            final String measurement,
            final String actuator,
            final double setpoint,
            final double kp,
            final double ki,
            final double kd,
            final double derivativeFilterS,
            final double outputMin,
            final double outputMax,
            final double rateLimitPerS,
            final double tripLow,
            final double tripHigh,
            final Position position)
        {
            this(id, measurement, actuator, setpoint, kp, ki, kd, derivativeFilterS, outputMin, outputMax, rateLimitPerS,
                tripLow, tripHigh, position, "pid", "back-calculation", null, null, null, null,
                Operation.defaults(tripLow, tripHigh));
        }

        /** This loop holding {@code newSetpoint} with no ramp/soak program: how a relay experiment starts. */
        public Loop holding(final double newSetpoint)
        {
            return new Loop(id, measurement, actuator, newSetpoint, kp, ki, kd, derivativeFilterS, outputMin, outputMax,
                rateLimitPerS, tripLow, tripHigh, position, type, antiWindup, inner, onOff, null, autotune, operation);
        }

        /** This loop starting in {@code mode} (off, manual or auto). */
        public Loop startingIn(final String mode)
        {
            return new Loop(id, measurement, actuator, setpoint, kp, ki, kd, derivativeFilterS, outputMin, outputMax,
                rateLimitPerS, tripLow, tripHigh, position, type, antiWindup, inner, onOff, program, autotune,
                new Operation(mode, operation.resetTo(), operation.setpointLow(), operation.setpointHigh(), operation.advice()));
        }
    }

    /**
     * How a loop is operated: the mode it starts in and the mode a reset of a latched SAFE leads to
     * ({@code off}, {@code manual} or {@code auto}; both {@code off} unless the machine file says
     * otherwise), the setpoints an operator may ask for, and the advisor input's bounds ({@code advice},
     * null when the loop has no advisor).
     */
    public record Operation(String startMode, String resetTo, double setpointLow, double setpointHigh, Advice advice)
    {
        /** Starts and resets to OFF, setpoints within the trip limits, no advisor. */
        public static Operation defaults(final double tripLow, final double tripHigh)
        {
            return new Operation("off", "off", tripLow, tripHigh, null);
        }
    }

    /** Bounds on advice to a loop: the trim is clamped to {@code [trimMin, trimMax]}; advice older than {@code maxAgeMs} is ignored. */
    public record Advice(double trimMin, double trimMax, double maxAgeMs, Position position)
    {
    }

    /** The inner PID of a cascade: its measurement and gains; the outer output is clamped to its setpoint range. */
    public record CascadeInner(
        String measurement,
        double kp,
        double ki,
        double kd,
        double derivativeFilterS,
        double setpointMin,
        double setpointMax,
        Position position)
    {
    }

    /** On/off control: hysteresis band, heat or cool action, minimum on/off times and the two outputs. */
    public record OnOff(double hysteresis, boolean heating, double minOnS, double minOffS, double outputOn, double outputOff)
    {
    }

    /** A ramp/soak program: segments and the guaranteed-soak band (0 = off). */
    public record Program(List<Segment> segments, double guaranteedSoakBand, Position position)
    {
    }

    /** One program segment: ramp at {@code ratePerS} to {@code target}, then soak {@code soakS}. */
    public record Segment(double ratePerS, double target, double soakS, Position position)
    {
    }

    /** Relay autotune settings. */
    public record Autotune(
        String rule,
        double amplitude,
        double hysteresis,
        double bias,
        double bound,
        double timeoutS,
        int cycles,
        Position position)
    {
    }

    /** An interlock on a sensor that forces the listed loops (all when empty) to their safe state. */
    public record Interlock(
        String id,
        String kind,
        String sensor,
        double limit,
        double delayMs,
        List<String> loops,
        Position position)
    {
    }

    /**
     * The watchdog, always on: SAFE when more than {@code missedPercent} % of the last {@code windowTicks}
     * control ticks missed their deadline (started a quarter period late or more), after {@code overruns}
     * overruns in a row, or when an agent stalled for {@code stallMs}.
     */
    public record Watchdog(int overruns, double stallMs, int windowTicks, double missedPercent, Position position)
    {
        /** Ticks in the missed-deadline window by default. */
        public static final int DEFAULT_WINDOW_TICKS = 50;
        /** Share of missed deadlines in the window above which it trips, by default. */
        public static final double DEFAULT_MISSED_PERCENT = 20.0;
        /** Consecutive overruns that trip, by default. */
        public static final int DEFAULT_OVERRUNS = 5;
        /** Shortest stall that trips by default; slower control rates wait 10 periods. */
        public static final double DEFAULT_STALL_MS = 100.0;

        /** The defaults for a control loop at {@code rateHz}: stall is 100 ms or 10 control periods, whichever is larger. */
        public static Watchdog defaults(final double rateHz, final Position position)
        {
            return new Watchdog(DEFAULT_OVERRUNS, Math.max(DEFAULT_STALL_MS, 10_000.0 / rateHz), DEFAULT_WINDOW_TICKS,
                DEFAULT_MISSED_PERCENT, position);
        }

        /** Missed deadlines in the window the watchdog tolerates (more trips). */
        public int maxMissedInWindow()
        {
            return (int)Math.floor(windowTicks * missedPercent / 100.0);
        }
    }

    /** The simulated plant behind a {@code sim} board: {@code pump} (the pump fields), {@code furnace}, or a {@link SimulatedPlant} model. */
    public record Simulation(
        String plant,
        long seed,
        double maxPressureBar,
        double timeConstantS,
        double deadTimeS,
        double noiseBar,
        String pressureSensor,
        String speedActuator,
        Position position,
        Furnace furnace,
        SimulatedPlant model)
    {
        /** A pump or furnace simulation. */
        public Simulation(
            final String plant,
            final long seed,
            final double maxPressureBar,
            final double timeConstantS,
            final double deadTimeS,
            final double noiseBar,
            final String pressureSensor,
            final String speedActuator,
            final Position position,
            final Furnace furnace)
        {
            this(plant, seed, maxPressureBar, timeConstantS, deadTimeS, noiseBar, pressureSensor, speedActuator, position, furnace, null);
        }

        /** A simulation of one of the {@link SimulatedPlant} models. */
        public Simulation(final String plant, final long seed, final Position position, final SimulatedPlant model)
        {
            this(plant, seed, 0.0, 0.0, 0.0, 0.0, null, null, position, null, model);
        }

        /** A pump simulation. */
        public Simulation(
            final String plant,
            final long seed,
            final double maxPressureBar,
            final double timeConstantS,
            final double deadTimeS,
            final double noiseBar,
            final String pressureSensor,
            final String speedActuator,
            final Position position)
        {
            this(plant, seed, maxPressureBar, timeConstantS, deadTimeS, noiseBar, pressureSensor, speedActuator, position, null);
        }

        /**
         * The sensors this plant feeds, whatever the model (pump, furnace or a {@link SimulatedPlant}): where a
         * sensor-level fault has a plant signal to act on.
         */
        public List<String> plantSensors()
        {
            if (model != null)
            {
                return model.sensors();
            }
            final String sensor = furnace != null ? furnace.temperatureSensor() : pressureSensor;
            return sensor == null ? List.of() : List.of(sensor);
        }

        /** The actuators that drive this plant, whatever the model: where an actuator-stuck fault has a plant input to hold. */
        public List<String> plantActuators()
        {
            final String actuator = model != null ? model.actuator() : furnace != null ? furnace.heaterActuator() : speedActuator;
            return actuator == null ? List.of() : List.of(actuator);
        }

        /** The same simulation with another seed. */
        public Simulation withSeed(final long other)
        {
            return new Simulation(plant, other, maxPressureBar, timeConstantS, deadTimeS, noiseBar, pressureSensor,
                speedActuator, position, furnace, model);
        }
    }

    /** A simulated furnace: first-order thermal lag from heater power to chamber temperature. */
    public record Furnace(
        double ambientC,
        double maxRiseC,
        double timeConstantS,
        double deadTimeS,
        double noiseC,
        String temperatureSensor,
        String heaterActuator)
    {
    }

    /** MQTT telemetry. */
    /**
     * @param clientIdConfigured false when {@code clientId} is the default, so the run may make it unique per board
     * @param broker             how to reach and authenticate to the broker, and who may send commands
     */
    public record Telemetry(
        String topic, double rateHz, int qos, String clientId, boolean clientIdConfigured, Broker broker, Map<String, SignalPublish> signals,
        int batch, Sparkplug sparkplug)
    {
        public Telemetry(final String topic, final double rateHz, final int qos, final String clientId)
        {
            this(topic, rateHz, qos, clientId, true, Broker.NONE, Map.of(), 32, Sparkplug.OFF);
        }
    }

    /**
     * The Sparkplug B 3.0 edge node under {@code telemetry: sparkplug:} (docs/SPARKPLUG.md); off unless
     * {@code enabled: true}.
     *
     * @param groupId       the Sparkplug group id (topic {@code spBv1.0/<groupId>/...})
     * @param edgeNodeId    this node's id (default: the machine's name)
     * @param deviceId      the device carrying the machine's sensors and loops (default: the machine's name)
     * @param primaryHostId the primary host application whose STATE gates births and data, or null for none
     * @param deadband      change that counts for a signal with no {@code telemetry.signals} deadband of its own
     * @param history       values held while the host is offline or the link is down (oldest evicted first)
     * @param principal     the command principal NCMD/DCMD writes act as (checked against {@code commands.principals})
     */
    public record Sparkplug(
        boolean enabled, String groupId, String edgeNodeId, String deviceId, String primaryHostId, double deadband, int history,
        String principal)
    {
        public static final Sparkplug OFF = new Sparkplug(false, "ironloop", null, null, null, 0.0, 10_000, "sparkplug");
    }

    /**
     * One signal's publish policy on the JSON topics ({@code telemetry: signals:}).
     *
     * @param policy   {@code change}, {@code periodic} or {@code both}
     * @param deadband change that counts, in the signal's unit (change and both)
     * @param periodMs longest time between two publishes (periodic and both)
     */
    public record SignalPublish(String policy, double deadband, long periodMs, Position position)
    {
    }

    /**
     * The machine file's broker settings under {@code telemetry:} (docs/TELEMETRY.md): protocol, credentials
     * (password from a file or an environment variable, never in the file itself), TLS files, and the
     * principals allowed to send commands (docs/COMMANDS.md). Paths are as written (resolved by the run).
     */
    public record Broker(
        String protocol, String username, String passwordFile, String passwordEnv, String caFile, String certFile, String keyFile,
        String pkcs12File, String pkcs12PasswordEnv, Map<String, List<String>> principals, String hmacKeyEnv, long commandWindowMs)
    {
        public static final Broker NONE = new Broker("auto", null, null, null, null, null, null, null, null, Map.of("page", List.of("*")), null, 30_000L);
    }

    public Device sensor(final String id)
    {
        return sensors.stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    }

    public Device actuator(final String id)
    {
        return actuators.stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    }
}
