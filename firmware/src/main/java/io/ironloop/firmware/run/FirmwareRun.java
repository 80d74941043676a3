package io.ironloop.firmware.run;

import io.ironloop.control.loop.LatchStore;
import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.advisor.Advisor;
import io.ironloop.firmware.advisor.AdvisorWiring;
import io.ironloop.firmware.advisor.VibrationWiring;
import io.ironloop.control.recording.RecordingFormat;
import io.ironloop.control.recording.RecordingWriter;
import io.ironloop.control.vibration.VibrationMonitor;
import io.ironloop.firmware.config.BoardConfig;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.journal.Journal;
import io.ironloop.firmware.journal.JournalConfig;
import io.ironloop.firmware.journal.JournaledLink;
import io.ironloop.firmware.mqtt.Acknowledgements;
import io.ironloop.firmware.mqtt.EmbeddedBroker;
import io.ironloop.firmware.mqtt.ClientIds;
import io.ironloop.firmware.telemetry.PublishPolicy;
import io.ironloop.firmware.mqtt.MqttLink;
import io.ironloop.firmware.mqtt.MqttSettings;
import io.ironloop.firmware.command.CommandPolicy;
import io.ironloop.firmware.command.JsonCommandGateway;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.firmware.service.ServiceHealth;
import io.ironloop.firmware.sparkplug.EdgeNode;
import io.ironloop.firmware.service.SystemdNotify;
import io.ironloop.firmware.page.PageCounters;
import io.ironloop.firmware.state.FileLatchStore;
import io.ironloop.firmware.state.StateDirectory;
import io.ironloop.firmware.telemetry.TelemetryAgent;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.firmware.wiring.MachineContext;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.CloseHelper;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs one machine end to end: load and check config, start (or reach) the broker, assemble the
 * machine, run its agents (on their own threads against the system clock, or lockstep on a virtual
 * clock), then stop safely and report.
 */
public final class FirmwareRun
{
    private static final int PREFERRED_BROKER_PORT = 1883;
    /** How long a run that ended on its own waits for the broker to take the backlog. */
    private static final long DRAIN_MS = 10_000;
    /** The same after a signal: a service manager waits for us, and the outputs are already safe. */
    private static final long SIGNAL_DRAIN_MS = 3_000;
    private static final long FIRST_CONNECT_MS = 5_000;
    /** Acknowledgements that may wait for the telemetry agent (Paho's in-flight window is far smaller). */
    private static final int ACKNOWLEDGEMENTS = 4096;
    /** How fast a backlog drains after an outage, beside live data. */
    private static final double BACKLOG_MESSAGES_PER_SECOND = 2_000.0;
    /** How long the exit guard waits for the orderly stop before it forces the outputs itself. */
    private static final long EXIT_GUARD_NS = 5_000_000_000L;

    private FirmwareRun()
    {
    }

    public static RunSummary run(final RunOptions options) throws ConfigException, HardwareException, IOException
    {
        return run(options, Seams.RUN);
    }

    /**
     * What a test may replace in a run: how the advisor's ONNX model is opened, and a look at each part
     * {@link Connectivity} builds, just before it is built (may throw, as a failing construction would).
     */
    record Seams(AdvisorWiring.OnnxOpener onnx, Connectivity.Construction construction)
    {
        static final Seams RUN = new Seams(AdvisorWiring.ONNX, (part, controlCycles) -> { });

        Seams(final AdvisorWiring.OnnxOpener onnx)
        {
            this(onnx, RUN.construction());
        }
    }

    static RunSummary run(final RunOptions options, final Seams seams) throws ConfigException, HardwareException, IOException
    {
        MachineSetup setup = MachineSetup.load(options.machineFile(), options.boardFile());
        setup = withOverrides(setup, options);
        final MachineConfig config = setup.machine();
        final List<AutoCloseable> resources = new ArrayList<>();
        // A model file that does not load or fit its mapping refuses the start, before anything touches the board.
        // The model it opened is the advisor's: closed with the resources on any failure before the advisor takes it.
        final AdvisorWiring.Checked model = AdvisorWiring.check(config, seams.onnx());
        resources.add(model);
        try
        {
            if (!options.fast())
            {
                CpuAffinity.requireUsable(config);
            }
            // One firmware per machine and per board, before anything touches the hardware.
            if (!options.fast())
            {
                resources.addAll(instanceLocks(config, setup.board()));
            }
            final NanoClock clock = options.fast() ? new VirtualClock(0L) : new SystemNanoClock();
            final Counters counters = openCounters(options, config, MachineContext.conclude(config).countersCapacity()
                + (options.recordOut() != null ? RECORDER_COUNTERS : 0), resources);
            final BoardIo io = BoardBackends.open(setup.board(), clock);
            // Start-up order: the board first, and every output at its safe value before MQTT or anything else.
            final LatchStore latches = latchStore(options, config, io);
            final Machine machine = Machine.assemble(setup, clock, io, counters.manager(), latches);
            resources.add(machine);
            // The advisor after the machine (it reads the machine's process image and writes its loops' advice slots).
            final Advisor advisor = AdvisorWiring.build(config, clock, machine.image(), machine.control(),
                counters.manager(), model, seams.onnx());
            if (advisor != null)
            {
                resources.add(advisor);
            }
            // Watched bearings: raw samples tapped from their accelerometers, analysed on their own agents.
            final List<VibrationMonitor> vibration = VibrationWiring.build(config, machine, clock, counters.manager());
            VibrationWiring.adviseThrough(advisor, vibration, config);
            final ProcessImageRecorder recorder = options.recordOut() == null ? null
                : recorder(options, config, machine, clock, counters.manager(), resources);
            SafeOutputs.report(options.console(), "start-up", SafeOutputs.failures(machine.startupSafeWrites()));
            for (final LatchStore.Latch latch : machine.restoredLatches())
            {
                options.console().printf(Locale.ROOT, "loop %s starts SAFE: trip %s latched before the last stop (reset it to go on)%n",
                    latch.loopId(), latch.cause());
            }

            final FileChannel recording = options.telemetryOut() == null ? null : FileChannel.open(options.telemetryOut(),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            if (recording != null)
            {
                resources.add(recording);
            }
            final String[] loopIds = config.loops().stream().map(MachineConfig.Loop::id).toArray(String[]::new);
            final String[] units = config.loops().stream()
                .map(loop -> config.sensor(loop.measurement()).input().unit().symbol()).toArray(String[]::new);
            // What waits for control's first tick in a real-time run (the embedded broker's start).
            final List<Runnable> afterFirstTick = new ArrayList<>();
            // Commands from the plant (JSON topics) and the status page go through one gateway into ControlCommands.
            final JsonCommandGateway gateway = new JsonCommandGateway(machine.control(), commandPolicy(config), counters.manager(),
                new org.agrona.concurrent.SystemEpochClock());
            // The link is built after control's first tick in a real-time run (Connectivity); the agent has its holder now.
            final LateLink link = new LateLink();
            final long startNs = clock.nanoTime();
            final long secondsToRun = Math.round(options.seconds());
            final TelemetryAgent telemetry = new TelemetryAgent(clock, startNs, config.name(), loopIds, units,
                machine.telemetry(), link, config.telemetry().topic(), config.telemetry().rateHz(), recording,
                line ->
                {
                    options.console().println(line);
                    options.console().flush();
                },
                machine.control().jitterRecorder(), machine.counters().overruns(),
                counters.manager().newCounter("mqtt backlog", CounterTypes.MQTT_BACKLOG));
            if (advisor == null)
            {
                // Present without an advisor too, so readers can rely on the label.
                counters.manager().newCounter("anomaly score x1000 (no advisor)", CounterTypes.ANOMALY_SCORE_MILLI);
            }
            else
            {
                telemetry.health(advisor.status(), advisor.part(), config.telemetry().topic() + "/health");
            }
            final AgentErrors agentErrors = new AgentErrors(
                counters.manager().newCounter("agent errors", CounterTypes.AGENT_ERRORS), AgentErrors.LOG_INTERVAL_NS);
            final PageCounters pageCounters = options.fast() ? null : new PageCounters(counters.manager());
            final Connectivity connectivity = new Connectivity(options, config, machine, advisor, clock, io instanceof SimBoard, resources,
                afterFirstTick, counters.manager(), gateway, link, telemetry, startNs, pageCounters, seams.construction(),
                options.fast() ? null : counters.manager().newCounter(Connectivity.FAILURES_LABEL, CounterTypes.AGENT_ERRORS));
            if (options.fast())
            {
                // Lockstep: the links before the run, a failure refusing it as before.
                connectivity.links();
                final EdgeNode edgeNode = connectivity.sparkplug();
                // Visible to `ironloop stat` only now that every counter is in place.
                counters.publish();
                // Lockstep runs on this thread: connect first, so the run's telemetry is not queued behind it.
                connect(options, link);
                if (edgeNode != null && !edgeNode.link().connect(FIRST_CONNECT_MS))
                {
                    options.console().println("warning: sparkplug: broker not reachable yet (" + edgeNode.link().lastProblem() + "); retried");
                }
            }
            // In real time the links and the status page are built once control has ticked (runRealTime), and the
            // telemetry agent's own pump makes the first connection (and falls back from MQTT 5 to 3.1.1) on its
            // thread: control starts without waiting for them or the broker.

            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            agents.add(telemetry);
            agents.add(machine.transitionLogger());
            if (advisor != null)
            {
                agents.add(advisor.agent());
            }
            agents.addAll(vibration);
            if (recorder != null)
            {
                agents.add(recorder);
            }

            final String stopCause;
            if (options.fast())
            {
                try (LockstepRunner runner = new LockstepRunner((VirtualClock)clock, agents.toArray(new ScheduledAgent[0])))
                {
                    runner.runUntil(startNs + secondsToRun * 1_000_000_000L);
                }
                stopCause = null;
                SafeOutputs.report(options.console(), "end of run", SafeOutputs.drive(machine));
            }
            else
            {
                stopCause = runRealTime(options, config, machine, advisor, vibration, recorder, telemetry, link, secondsToRun, agentErrors,
                    () ->
                    {
                        connectivity.startContained();
                        // Visible to `ironloop stat` only now that every counter is in place.
                        counters.publish();
                    },
                    afterFirstTick);
            }
            if (recorder != null)
            {
                // Every agent has stopped: the last, partial block and the final header, then the file is whole.
                recorder.finish();
                options.console().printf(Locale.ROOT, "%s: %d rows x %d channels at %.6g Hz%n", options.recordOut(), recorder.rowCount(),
                    config.sensors().size(), 1e9 / MachineContext.conclude(config).controlPeriodNs());
            }
            // Outputs are safe by now: only then wait for the broker, and not for ever.
            telemetry.drain();
            if (!link.drain(stopCause == null ? DRAIN_MS : SIGNAL_DRAIN_MS))
            {
                options.console().println("warning: " + link.backlog() + " telemetry messages were not delivered to the broker");
            }

            if (loopIds.length == 0)
            {
                printSensors(options, machine);
            }
            final double simSeconds = (clock.nanoTime() - startNs) * 1e-9;
            return new RunSummary(
                config.name(),
                loopIds.length > 0 ? loopIds[0] : "",
                simSeconds,
                loopIds.length > 0 ? machine.control().loop(0).setpoint() : Double.NaN,
                loopIds.length > 0 ? telemetry.response(0).last() : Double.NaN,
                loopIds.length > 0 ? telemetry.response(0).overshootPct() : Double.NaN,
                loopIds.length > 0 ? telemetry.response(0).settleSeconds() : Double.NaN,
                machine.counters().overruns().get(),
                machine.counters().cycles().get(),
                telemetry.published(),
                telemetry.dropped(),
                loopIds.length > 0 ? machine.control().loop(0).mode().name() : "OFF");
        }
        finally
        {
            for (int i = resources.size() - 1; i >= 0; i--)
            {
                CloseHelper.quietClose(resources.get(i));
            }
        }
    }

    /** Counters of a run that records: rows written, late rows repeated. */
    static final int RECORDER_COUNTERS = 2;

    /**
     * The live recorder of {@code options.recordOut()}: every sensor's slot, named by sensor id with its unit, at the
     * control rate. A failure before the run leaves the file flagged live (its complete blocks still read).
     */
    private static ProcessImageRecorder recorder(final RunOptions options, final MachineConfig config, final Machine machine,
                                                 final NanoClock clock, final CountersManager counters,
                                                 final List<AutoCloseable> resources) throws IOException
    {
        final String[] names = config.sensors().stream().map(MachineConfig.Device::id).toArray(String[]::new);
        final String[] units = new String[names.length];
        final int[] slots = new int[names.length];
        for (int i = 0; i < names.length; i++)
        {
            units[i] = machine.sensor(names[i]).unit().symbol();
            slots[i] = machine.image().slotOf(names[i]);
        }
        final long periodNs = MachineContext.conclude(config).controlPeriodNs();
        final RecordingWriter writer = RecordingWriter.createLive(options.recordOut(), names, units, 1e9 / periodNs,
            RecordingFormat.rowsPerBlock(names.length));
        writer.startEpochNs(System.currentTimeMillis() * 1_000_000L);
        final ProcessImageRecorder recorder = new ProcessImageRecorder(clock, machine.image(), slots, periodNs, writer,
            counters.newCounter("recorded rows", CounterTypes.RECORDER), counters.newCounter("recorder late rows", CounterTypes.RECORDER),
            Math.round(options.seconds() * 1e9 / periodNs));
        // An exception anywhere later still closes the file (idempotent after a normal finish).
        resources.add(writer);
        return recorder;
    }

    /**
     * Runs the agents on their threads until the run's time is up or a signal arrives, then stops the
     * control agent, drives every output safe, and only then stops the rest.
     *
     * @return the signal that stopped the run, or null when it ran its time
     */
    private static String runRealTime(
        final RunOptions options,
        final MachineConfig config,
        final Machine machine,
        final Advisor advisor,
        final List<VibrationMonitor> vibration,
        final ProcessImageRecorder recorder,
        final TelemetryAgent telemetry,
        final TelemetryLink link,
        final long seconds,
        final AgentErrors agentErrors,
        final Runnable afterControlStarts,
        final List<Runnable> afterFirstTick)
    {
        final String idle = options.idle() != null ? options.idle() : config.control().idle();
        final AgentThreads threads = AgentThreads.of(config.control(), idle, machine, telemetry, new SystemNanoClock(), agentErrors);
        if (advisor != null)
        {
            threads.withBackground(advisor.agent(), new SystemNanoClock(), agentErrors);
        }
        for (final VibrationMonitor monitor : vibration)
        {
            threads.withBackground(monitor, new SystemNanoClock(), agentErrors);
        }
        if (recorder != null)
        {
            threads.withBackground(recorder, new SystemNanoClock(), agentErrors);
        }
        try (StopSignal stop = StopSignal.install(() -> SafeOutputs.drive(machine), EXIT_GUARD_NS);
            SystemdNotify notify = SystemdNotify.fromEnvironment())
        {
            // Under systemd: READY=1 after the first control tick, WATCHDOG=1 while the control agent runs.
            final ServiceHealth health = new ServiceHealth(notify, machine.counters().cycles(),
                ServiceHealth.watchdogUsec(System.getenv("WATCHDOG_USEC"), System.getenv("WATCHDOG_PID"), ProcessHandle.current().pid()),
                processStartNs(), line ->
                {
                    options.console().println(line);
                    options.console().flush();
                });
            // Control first: acquisition and control start alone, and everything else (telemetry and its
            // first connection, the advisor, the embedded broker) once control has ticked or after
            // FIRST_TICK_WAIT_MS, so that their start-up work does not delay the first control cycle.
            threads.startControlPath();
            if (threads.describePinning() != null)
            {
                options.console().println(threads.describePinning());
            }
            try
            {
                final long firstTickDeadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_TICK_WAIT_MS);
                while (!health.ready() && System.nanoTime() - firstTickDeadlineNs < 0 && !stop.awaitStop(1, TimeUnit.MILLISECONDS))
                {
                    health.poll(System.nanoTime());
                }
                // The links and the page now (a failure is counted and reported, control runs on), then the
                // agents that use them.
                afterControlStarts.run();
                final MqttLink mqtt = mqttOf(link);
                threads.startBackground();
                afterFirstTick.forEach(Runnable::run);
                // Status lines come from sample time, so wait for the last one rather than a wall-clock guess.
                // A machine without loops prints no status lines, so its run ends on the wall clock alone.
                final long graceS = config.loops().isEmpty() ? 0 : 5;
                final long deadlineNs = System.nanoTime() + (seconds == 0 ? Long.MAX_VALUE / 2 : (seconds + graceS) * 1_000_000_000L);
                // A failed first connection is reported after 300 ms (time for an MQTT 5 refusal to become a
                // 3.1.1 attempt, which starts its own count), a slow one after FIRST_CONNECT_MS.
                final long brokerFailureNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                final long brokerWarningNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_CONNECT_MS);
                boolean brokerWarned = mqtt == null;
                while (!stop.awaitStop(health.ready() ? 20 : 1, TimeUnit.MILLISECONDS))
                {
                    health.poll(System.nanoTime());
                    final long nowNs = System.nanoTime();
                    if (!brokerWarned && (mqtt.isConnected() || (mqtt.connectFailures() > 0 && nowNs - brokerFailureNs > 0)
                        || nowNs - brokerWarningNs > 0))
                    {
                        // Once: the first connection failed or is slow (control runs meanwhile; the link retries).
                        brokerWarned = true;
                        if (!mqtt.isConnected())
                        {
                            options.console().println("warning: broker not reachable yet (" + mqtt.lastProblem()
                                + "); telemetry is queued and retried");
                        }
                    }
                    if (recorder != null ? recorder.done() || recorder.failure() != null
                        : seconds > 0 && (telemetry.statusLines() >= seconds || System.nanoTime() - deadlineNs > 0))
                    {
                        // A recording run ends when its rows are written (--seconds of them), not on the status lines.
                        break;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                stop.request("interrupt");
            }
            if (stop.cause() != null)
            {
                options.console().println(stop.cause() + ": stopping; outputs go safe first");
                options.console().flush();
            }
            health.stopping();
            threads.stopControl();
            SafeOutputs.report(options.console(), stop.cause() == null ? "end of run" : stop.cause(), SafeOutputs.drive(machine));
            threads.close();
            return stop.cause();
        }
        finally
        {
            threads.close();
        }
    }

    /**
     * When this process started (the launcher script's exec included), on the {@link System#nanoTime} scale.
     * From {@code /proc/self/stat} (start, in clock ticks since boot) against {@code /proc/uptime}: both count
     * from boot, so the result is good to a clock tick (10 ms). {@code ProcessHandle}'s start instant is not
     * used: it adds the boot time, which Linux gives in whole seconds, so it was up to a second early.
     * Elsewhere: the JVM's own start time.
     */
    static long processStartNs()
    {
        final long nowNs = System.nanoTime();
        try
        {
            final String stat = Files.readString(Path.of("/proc/self/stat"));
            // Field 22 (starttime) counts after the command name, which is in parentheses and may hold spaces.
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            final double startS = Long.parseLong(fields[19]) / 100.0;   // USER_HZ is 100 on Linux
            final double uptimeS = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            if (uptimeS >= startS)
            {
                return nowNs - Math.round((uptimeS - startS) * 1e9);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Not Linux, or a /proc we cannot read: the JVM's start below.
        }
        final long jvmStartMs = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        return nowNs - TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - jvmStartMs));
    }



    /** Without loops there is no status line, so a machine of sensors only shows each sensor's last reading. */
    /** The latch store: in {@code --state-dir}, or the default directory on a real board; none for a simulated board by default. */
    private static LatchStore latchStore(final RunOptions options, final MachineConfig config, final BoardIo io) throws IOException
    {
        if (options.stateDir() == null && io instanceof SimBoard)
        {
            return null;
        }
        return new FileLatchStore(StateDirectory.resolve(options.stateDir()), config.name());
    }

    private static void printSensors(final RunOptions options, final Machine machine)
    {
        final Reading reading = new Reading();
        for (int slot = 0; slot < machine.image().size(); slot++)
        {
            final String id = machine.image().name(slot);
            machine.image().read(slot, reading);
            options.console().println(String.format(Locale.ROOT, "sensor %-24s %14.4f %-5s %s%s", id, reading.value,
                machine.sensor(id).unit().symbol(), reading.status,
                reading.errorCode < 0 ? " (" + BusResult.name(reading.errorCode) + ")" : ""));
        }
    }

    /**
     * The MQTT link: Paho to the given broker (or an embedded one), behind the store-and-forward journal
     * in the state directory when messages must survive an outage or a power cut (a real board, or any
     * run given {@code --state-dir}; telemetry at QoS 1 or 2, since a QoS 0 publish is never acknowledged).
     */
    static TelemetryLink openLink(
        final RunOptions options, final MachineConfig config, final boolean simulated, final List<AutoCloseable> resources,
        final List<Runnable> afterFirstTick)
        throws IOException
    {
        if (!options.mqtt())
        {
            return TelemetryLink.NONE;
        }
        String uri = options.brokerUri();
        final boolean embedded = uri == null;
        EmbeddedBroker broker = null;
        if (uri == null)
        {
            // Moquette and Netty load on a thread of their own: control does not wait for them.
            broker = EmbeddedBroker.prepare(PREFERRED_BROKER_PORT);
            if (options.fast())
            {
                broker.startInBackground();
            }
            else
            {
                final EmbeddedBroker later = broker;
                afterFirstTick.add(later::startInBackground);
            }
            resources.add(broker);
            uri = broker.uri();
            options.console().println("embedded MQTT broker on " + uri + ", telemetry on topic " + config.telemetry().topic());
        }
        else
        {
            options.console().println("MQTT broker " + uri + ", telemetry on topic " + config.telemetry().topic());
        }
        // The in-memory queue between the telemetry agent and the client: 4096 messages of up to 512 bytes
        // (2 MB, preallocated) fit a board-sized heap; samples are batched into messages, and where loss must
        // not happen the journal in front of it holds the backlog on disk (store-and-forward).
        // The embedded broker (Moquette 0.17) speaks 3.1.1 only: no MQTT 5 attempt to be refused first.
        final MqttSettings settings = embedded ? mqttSettings(config, uri).withProtocol(MqttSettings.Protocol.V3_1_1)
            : mqttSettings(config, uri);
        final MqttLink paho = new MqttLink(settings, LINK_CAPACITY, LINK_MAX_PAYLOAD, System.getenv());
        if (broker != null)
        {
            final EmbeddedBroker starting = broker;
            paho.holdConnectUntil(starting::isStarted);
            if (options.fast())
            {
                // Lockstep connects on this thread before the run: the broker must be up by then.
                reportBrokerStart(options, starting, starting.awaitStarted(BROKER_START_MS));
            }
        }
        final boolean journaled = (options.stateDir() != null || !simulated) && config.telemetry().qos() >= 1;
        if (!journaled)
        {
            resources.add(paho);
            return paho;
        }
        final Path directory = StateDirectory.resolve(options.stateDir()).resolve("journal").resolve(config.name());
        final Journal journal;
        try
        {
            journal = Journal.open(new JournalConfig().directory(directory));
        }
        catch (final IOException ex)
        {
            resources.add(paho);
            options.console().println("warning: no telemetry journal (" + ex.getMessage() + "); a broker outage loses telemetry");
            return paho;
        }
        final Acknowledgements acknowledgements = new Acknowledgements(ACKNOWLEDGEMENTS);
        paho.acknowledgeInto(acknowledgements);
        // The link's timing (fsync interval, backlog rate) is the wall clock's even in a replay: it is I/O, not the plant.
        final JournaledLink link = new JournaledLink(journal, paho, acknowledgements, new SystemNanoClock(), new SystemEpochNanoClock(),
            BACKLOG_MESSAGES_PER_SECOND);
        resources.add(link);
        options.console().println("telemetry journal " + directory + ": " + journal.backlogDepth() + " message(s) waiting from before");
        return link;
    }

    /** Longest a real-time run holds its background agents back waiting for the first control tick. */
    private static final long FIRST_TICK_WAIT_MS = 2_000;

    /** How long a lockstep run waits for the embedded broker to start before it runs without it. */
    private static final long BROKER_START_MS = 10_000;

    private static void reportBrokerStart(final RunOptions options, final EmbeddedBroker broker, final boolean running)
    {
        if (!running)
        {
            options.console().println("warning: the embedded MQTT broker did not start ("
                + (broker.failure() == null ? "still starting" : broker.failure().getMessage()) + "); telemetry was queued, not sent");
        }
    }

    /** Messages the in-memory link queue holds (the journal holds more on disk). */
    static final int LINK_CAPACITY = 4096;
    /** Largest message the in-memory link queue holds. */
    static final int LINK_MAX_PAYLOAD = 512;

    /** First connection attempt; outputs are already safe, and a broker that is not there is retried by the telemetry agent. */
    private static void connect(final RunOptions options, final TelemetryLink link)
    {
        final MqttLink mqtt = mqttOf(link);
        if (mqtt != null && !mqtt.connect(FIRST_CONNECT_MS))
        {
            options.console().println("warning: broker not reachable yet (" + mqtt.lastProblem() + "); telemetry is queued and retried");
        }
    }

    /** The MQTT link behind {@code link}, through every wrapper ({@link TelemetryLink#unwrap}), or {@code null} when there is none. */
    static MqttLink mqttOf(final TelemetryLink link)
    {
        return TelemetryLink.find(link, MqttLink.class);
    }

    /** The broker settings from the machine file; the client id is made unique per board unless the file names one. */
    static MqttSettings mqttSettings(final MachineConfig config, final String uri)
    {
        final MachineConfig.Telemetry telemetry = config.telemetry();
        final MachineConfig.Broker broker = telemetry.broker();
        final String clientId = telemetry.clientIdConfigured() ? telemetry.clientId() : ClientIds.forBoard(config.name());
        final MqttSettings.Protocol protocol = MqttSettings.Protocol.parse(broker.protocol());
        return MqttSettings.plain(uri, clientId, telemetry.qos())
            .withProtocol(protocol == null ? MqttSettings.Protocol.AUTO : protocol)
            .withCredentials(broker.username(), broker.passwordFile() == null ? null : Path.of(broker.passwordFile()), broker.passwordEnv())
            .withTls(path(broker.caFile()), path(broker.certFile()), path(broker.keyFile()), path(broker.pkcs12File()), broker.pkcs12PasswordEnv());
    }

    /** Each signal's publish policy from {@code telemetry: signals:}; periodic at the telemetry rate when not listed. */
    static PublishPolicy[] publishPolicies(final MachineConfig config, final Machine machine)
    {
        final PublishPolicy[] policies = new PublishPolicy[machine.image().size()];
        final long defaultNs = Math.round(1e9 / config.telemetry().rateHz());
        for (int slot = 0; slot < policies.length; slot++)
        {
            final MachineConfig.SignalPublish signal = config.telemetry().signals().get(machine.image().name(slot));
            if (signal == null)
            {
                policies[slot] = PublishPolicy.periodic(defaultNs);
                continue;
            }
            final long periodNs = signal.periodMs() * 1_000_000L;
            policies[slot] = switch (signal.policy())
            {
                case "change" -> PublishPolicy.onChange(signal.deadband());
                case "both" -> PublishPolicy.both(signal.deadband(), periodNs);
                default -> PublishPolicy.periodic(periodNs);
            };
        }
        for (final String id : config.telemetry().signals().keySet())
        {
            if (machine.image().slotOf(id) < 0)
            {
                org.slf4j.LoggerFactory.getLogger(FirmwareRun.class).warn("telemetry: signal '{}' has a publish policy but no such signal exists", id);
            }
        }
        return policies;
    }

    private static Path path(final String text)
    {
        return text == null ? null : Path.of(text);
    }

    /** Who may command this machine (the page always as "page" unless the file lists principals without it). */
    static CommandPolicy commandPolicy(final MachineConfig config)
    {
        final MachineConfig.Broker broker = config.telemetry().broker();
        final Map<String, Set<String>> principals = new HashMap<>();
        broker.principals().forEach((name, commands) -> principals.put(name, Set.copyOf(commands)));
        final String key = broker.hmacKeyEnv() == null ? null : System.getenv(broker.hmacKeyEnv());
        if (broker.hmacKeyEnv() != null && key == null)
        {
            org.slf4j.LoggerFactory.getLogger(FirmwareRun.class).warn("commands: {} is not set; every command is refused as unsigned",
                broker.hmacKeyEnv());
        }
        final CommandPolicy policy = new CommandPolicy(principals, null, broker.commandWindowMs(), CommandPolicy.DEFAULT_MAX_BYTES,
            CommandPolicy.DEFAULT_ANSWER_TIMEOUT_NS);
        return broker.hmacKeyEnv() == null ? policy : policy.signedWith(key == null ? "" : key);
    }

    /**
     * Locks that keep a second firmware off this machine and, on real hardware, off this board: two
     * processes would both drive the same outputs.
     */
    private static List<InstanceLock> instanceLocks(final MachineConfig config, final BoardConfig board) throws IOException
    {
        final Path base = CountersFile.baseDirectory();
        final String identity = InstanceLock.identity(config.name());
        final List<InstanceLock> locks = new ArrayList<>();
        locks.add(InstanceLock.acquire(base.resolve(CountersFile.MACHINE_DIR_PREFIX + config.name() + ".lock"),
            "machine '" + config.name() + "'", identity));
        if ("pi4j".equals(board.backend()))
        {
            try
            {
                // One physical board per host, whatever the board file is called.
                locks.add(InstanceLock.acquire(base.resolve(CountersFile.MACHINE_DIR_PREFIX + "board.lock"),
                    "this board (" + board.name() + ")", identity));
            }
            catch (final IOException ex)
            {
                CloseHelper.quietCloseAll(locks);
                throw ex;
            }
        }
        return locks;
    }

    /** The counters a run writes, published to readers only once every counter is allocated. */
    private interface Counters
    {
        CountersManager manager();

        void publish();
    }

    /**
     * The counters file {@code ironloop stat} reads, deleted again on a clean exit. A lockstep run
     * ({@code --fast}, simulation only) whose machine already has a live counters file keeps its
     * counters in memory; a real-time run holds the machine's lock, so its file is its own.
     */
    private static Counters openCounters(
        final RunOptions options, final MachineConfig config, final int capacity, final List<AutoCloseable> resources) throws IOException
    {
        final Path file = CountersFile.fileFor(CountersFile.baseDirectory(), config.name());
        try
        {
            final CountersFile countersFile = CountersFile.createUnpublished(file, capacity);
            resources.add(countersFile);
            return new Counters()
            {
                @Override
                public CountersManager manager()
                {
                    return countersFile.manager();
                }

                @Override
                public void publish()
                {
                    countersFile.publish();
                }
            };
        }
        catch (final CountersFile.InUseException ex)
        {
            options.console().println("notice: " + ex.getMessage() + "; this run's counters stay in memory");
            final CountersManager inMemory = new CountersManager(
                new UnsafeBuffer(new byte[CountersFile.metadataLength(capacity)]),
                new UnsafeBuffer(ByteBuffer.allocateDirect(CountersFile.valuesLength(capacity))));
            return new Counters()
            {
                @Override
                public CountersManager manager()
                {
                    return inMemory;
                }

                @Override
                public void publish()
                {
                }
            };
        }
    }

    private static MachineSetup withOverrides(final MachineSetup setup, final RunOptions options)
    {
        final MachineConfig machine = setup.machine();
        if (options.seed() == null || machine.simulation() == null)
        {
            return setup;
        }
        return new MachineSetup(setup.board(), machine.withSimulation(machine.simulation().withSeed(options.seed())));
    }
}
