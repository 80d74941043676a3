package io.ironloop.firmware.run;

import io.ironloop.control.loop.LatchStore;
import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.mqtt.EmbeddedBroker;
import io.ironloop.firmware.mqtt.PahoLink;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.firmware.state.FileLatchStore;
import io.ironloop.firmware.state.StateDirectory;
import io.ironloop.firmware.telemetry.TelemetryAgent;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import io.ironloop.hal.Reading;
import io.ironloop.hal.bus.BusResult;
import io.ironloop.hal.sim.SimBoard;
import org.agrona.CloseHelper;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one machine end to end: load and check config, start (or reach) the broker, assemble the
 * machine, run its agents (on their own threads against the system clock, or lockstep on a virtual
 * clock), then stop safely and report.
 */
public final class FirmwareRun
{
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareRun.class);
    private static final int PREFERRED_BROKER_PORT = 1883;
    /** Room in the counters file: a few per sensor and loop, plenty for a retrofit board. */
    private static final int MAX_COUNTERS = 1024;

    private FirmwareRun()
    {
    }

    public static RunSummary run(final RunOptions options) throws ConfigException, HardwareException, IOException
    {
        MachineSetup setup = MachineSetup.load(options.machineFile(), options.boardFile());
        setup = withOverrides(setup, options);
        final MachineConfig config = setup.machine();
        if (!options.fast())
        {
            CpuAffinity.requireUsable(config);
        }

        final List<AutoCloseable> resources = new ArrayList<>();
        try
        {
            final TelemetryLink link = openLink(options, config, resources);
            final NanoClock clock = options.fast() ? new VirtualClock(0L) : new SystemNanoClock();
            final CountersManager counters = openCounters(options, config, resources);
            final BoardIo io = BoardBackends.open(setup.board(), clock);
            final LatchStore latches = latchStore(options, config, io);
            final Machine machine = Machine.assemble(setup, clock, io, counters, latches);
            resources.add(machine);
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
            final long startNs = clock.nanoTime();
            final long secondsToRun = Math.round(options.seconds());
            final CountDownLatch finished = new CountDownLatch(1);
            final TelemetryAgent telemetry = new TelemetryAgent(clock, startNs, config.name(), loopIds, units,
                machine.telemetry(), link, config.telemetry().topic(), config.telemetry().rateHz(), recording,
                line ->
                {
                    options.console().println(line);
                    options.console().flush();
                },
                machine.control().jitterRecorder(), machine.counters().overruns(),
                counters.newCounter("mqtt backlog", CounterTypes.MQTT_BACKLOG));
            // Written by the advisor once one is configured; present now so readers can rely on the label.
            counters.newCounter("anomaly score x1000 (no advisor yet)", CounterTypes.ANOMALY_SCORE_MILLI);

            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            agents.add(telemetry);
            agents.add(machine.transitionLogger());

            if (options.fast())
            {
                try (LockstepRunner runner = new LockstepRunner((VirtualClock)clock, agents.toArray(new ScheduledAgent[0])))
                {
                    runner.runUntil(startNs + secondsToRun * 1_000_000_000L);
                }
            }
            else
            {
                runRealTime(options, config, machine, telemetry, finished, secondsToRun);
            }
            telemetry.drain();
            if (!link.drain(10_000))
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

    private static void runRealTime(
        final RunOptions options,
        final MachineConfig config,
        final Machine machine,
        final TelemetryAgent telemetry,
        final CountDownLatch interrupted,
        final long seconds)
    {
        final String idle = options.idle() != null ? options.idle() : config.control().idle();
        final AgentThreads threads = AgentThreads.of(config.control(), idle, machine, telemetry, new SystemNanoClock(),
            FirmwareRun::agentError);
        final Thread hook = new Thread(interrupted::countDown, "ironloop-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        threads.start();
        if (threads.describePinning() != null)
        {
            options.console().println(threads.describePinning());
        }
        try
        {
            // Status lines come from sample time, so wait for the last one rather than a wall-clock guess.
            // A machine without loops prints no status lines, so its run ends on the wall clock alone.
            final long graceS = config.loops().isEmpty() ? 0 : 5;
            final long deadlineNs = System.nanoTime() + (seconds == 0 ? Long.MAX_VALUE / 2 : (seconds + graceS) * 1_000_000_000L);
            while (!interrupted.await(20, TimeUnit.MILLISECONDS))
            {
                if (seconds > 0 && (telemetry.statusLines() >= seconds || System.nanoTime() - deadlineNs > 0))
                {
                    break;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            threads.close();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignored)
            {
                // already shutting down
            }
        }
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

    private static void agentError(final Throwable error)
    {
        LOG.error("agent error", error);
    }

    private static TelemetryLink openLink(final RunOptions options, final MachineConfig config, final List<AutoCloseable> resources)
        throws IOException
    {
        if (!options.mqtt())
        {
            return TelemetryLink.NONE;
        }
        String uri = options.brokerUri();
        if (uri == null)
        {
            final EmbeddedBroker broker = EmbeddedBroker.start(PREFERRED_BROKER_PORT);
            resources.add(broker);
            uri = broker.uri();
            options.console().println("embedded MQTT broker on " + uri + ", telemetry on topic " + config.telemetry().topic());
        }
        else
        {
            options.console().println("MQTT broker " + uri + ", telemetry on topic " + config.telemetry().topic());
        }
        final PahoLink link = new PahoLink(uri, config.telemetry().clientId(), config.telemetry().qos(), 65_536, 512);
        resources.add(link);
        if (!link.connect(5_000))
        {
            options.console().println("warning: broker " + uri + " not reachable yet; telemetry is queued and retried");
        }
        return link;
    }

    /**
     * The counters file {@code ironloop stat} reads, deleted again on a clean exit. When another live
     * process already publishes this machine's counters, the run keeps its counters in memory instead.
     */
    private static CountersManager openCounters(
        final RunOptions options, final MachineConfig config, final List<AutoCloseable> resources) throws IOException
    {
        final java.nio.file.Path file = CountersFile.fileFor(CountersFile.baseDirectory(), config.name());
        try
        {
            final CountersFile countersFile = CountersFile.create(file, MAX_COUNTERS);
            resources.add(countersFile);
            return countersFile.manager();
        }
        catch (final CountersFile.InUseException ex)
        {
            options.console().println("notice: " + ex.getMessage() + "; this run's counters stay in memory");
            return new CountersManager(
                new UnsafeBuffer(new byte[CountersFile.metadataLength(MAX_COUNTERS)]),
                new UnsafeBuffer(ByteBuffer.allocateDirect(CountersFile.valuesLength(MAX_COUNTERS))));
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
