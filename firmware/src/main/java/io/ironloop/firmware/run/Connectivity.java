package io.ironloop.firmware.run;

import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.firmware.advisor.Advisor;
import io.ironloop.firmware.command.JsonCommandGateway;
import io.ironloop.firmware.command.MqttCommands;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.PageReader;
import io.ironloop.firmware.journal.JournaledLink;
import io.ironloop.firmware.mqtt.LinkCounters;
import io.ironloop.firmware.mqtt.MqttLink;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.firmware.page.PageCounters;
import io.ironloop.firmware.page.PageOptions;
import io.ironloop.firmware.page.PageServer;
import io.ironloop.firmware.page.StatusPage;
import io.ironloop.firmware.sparkplug.EdgeNode;
import io.ironloop.firmware.sparkplug.SparkplugWiring;
import io.ironloop.firmware.state.StateDirectory;
import io.ironloop.firmware.telemetry.PublishPolicy;
import io.ironloop.firmware.telemetry.SignalPublisher;
import io.ironloop.firmware.telemetry.TelemetryAgent;
import io.ironloop.firmware.wiring.Machine;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a run builds to reach the plant: the JSON link (Paho, the journal, its counters, commands and signals),
 * the Sparkplug B edge node and the status page. A lockstep run builds them before it runs ({@link #links},
 * {@link #sparkplug}); a real-time run once control has ticked ({@link #startContained}), so that their class
 * loading and sockets do not delay control's first tick. There a part that fails to build is a state, not a
 * stop: reported, counted ({@link #FAILURES_LABEL}), and control runs on without it. Main thread only, before
 * the telemetry agent starts.
 */
final class Connectivity
{
    private static final Logger LOG = LoggerFactory.getLogger(Connectivity.class);
    /** The counter of parts a real-time run could not build after control started. */
    static final String FAILURES_LABEL = "start-up failures after control (link, sparkplug, page)";

    /** A look at each part just before it is built (tests: the order against control, a failure). */
    @FunctionalInterface
    interface Construction
    {
        /** @param part "link", "sparkplug" or "page"; @param controlCycles control's cycles so far */
        void before(String part, long controlCycles) throws IOException;
    }

    /** Builds one part; may throw. */
    @FunctionalInterface
    private interface Part
    {
        void build() throws Exception;
    }

    private final RunOptions options;
    private final MachineConfig config;
    private final Machine machine;
    private final Advisor advisor;
    private final NanoClock clock;
    private final boolean simulated;
    private final List<AutoCloseable> resources;
    private final List<Runnable> afterFirstTick;
    private final CountersManager counters;
    private final JsonCommandGateway gateway;
    private final LateLink link;
    private final TelemetryAgent telemetry;
    private final long startNs;
    private final PageCounters pageCounters;
    private final Construction construction;
    private final AtomicCounter failures;
    private MqttLink mqtt;
    private boolean linkFailed;

    @SuppressWarnings("checkstyle:ParameterNumber")
    Connectivity(
        final RunOptions options, final MachineConfig config, final Machine machine, final Advisor advisor, final NanoClock clock,
        final boolean simulated, final List<AutoCloseable> resources, final List<Runnable> afterFirstTick, final CountersManager counters,
        final JsonCommandGateway gateway, final LateLink link, final TelemetryAgent telemetry, final long startNs,
        final PageCounters pageCounters, final Construction construction, final AtomicCounter failures)
    {
        this.options = options;
        this.config = config;
        this.machine = machine;
        this.advisor = advisor;
        this.clock = clock;
        this.simulated = simulated;
        this.resources = resources;
        this.afterFirstTick = afterFirstTick;
        this.counters = counters;
        this.gateway = gateway;
        this.link = link;
        this.telemetry = telemetry;
        this.startNs = startNs;
        this.pageCounters = pageCounters;
        this.construction = construction;
        this.failures = failures;
    }

    /** Real time: every part, each failure contained (reported, counted); the others are still built. */
    void startContained()
    {
        linkFailed = !contained("link", this::links);
        contained("sparkplug", this::sparkplug); // builds nothing without the link's MQTT connection
        if (pageCounters != null)
        {
            contained("page", this::page);
        }
    }

    /** Builds one part; false when it failed (reported and counted). */
    private boolean contained(final String part, final Part build)
    {
        try
        {
            build.build();
            return true;
        }
        catch (final Exception | LinkageError ex)
        {
            failures.increment();
            LOG.error("{} not started after control: {}", part, ex.toString());
            options.console().println("warning: " + part + " not started (" + ex.getMessage() + "); control runs on without it");
            options.console().flush();
            return false;
        }
    }

    /** The JSON link with its counters, the commands on its topics and every signal on them. */
    void links() throws IOException
    {
        construction.before("link", machine.counters().cycles().get());
        final TelemetryLink opened = FirmwareRun.openLink(options, config, simulated, resources, afterFirstTick);
        if (opened == TelemetryLink.NONE)
        {
            return;
        }
        final MqttLink openedMqtt = FirmwareRun.mqttOf(opened);
        final LinkCounters linkCounters = new LinkCounters(opened, openedMqtt, counters);
        if (openedMqtt != null)
        {
            resources.add(new MqttCommands(openedMqtt, gateway, config.telemetry().topic()));
        }
        // Every signal (machines without loops too), status, health and alarms on the JSON topics.
        final PublishPolicy[] policies = FirmwareRun.publishPolicies(config, machine);
        final SignalPublisher signals = new SignalPublisher(config.name(), config.telemetry().topic(), machine.image(),
            machine.control(), linkCounters, new SystemEpochClock(), startNs, policies, config.telemetry().batch(),
            new AtomicCounter[] {machine.counters().cycles(), machine.counters().overruns()},
            new String[] {"control cycles", "control overruns"});
        signals.countAlarmsIn(counters.newCounter("alarm messages published", CounterTypes.ALARMS_PUBLISHED));
        if (TelemetryLink.find(linkCounters, JournaledLink.class) != null)
        {
            // A full or failed journal (disk budget spent, ENOSPC) is an alarm on <topic>/alarm, raised and cleared.
            signals.alarmWhile("journal", linkCounters.journalAlarm(), "JOURNALING", "FULL", "FAILED");
        }
        if (advisor != null)
        {
            signals.advisorAlarms(advisor.status(), advisor.part(), advisor.inputs());
        }
        telemetry.signals(signals);
        mqtt = openedMqtt;
        link.set(linkCounters);
    }

    /** Sparkplug B beside the JSON topics when the machine file enables it: its own connection, on the telemetry thread. */
    EdgeNode sparkplug() throws IOException
    {
        if (mqtt == null || !config.telemetry().sparkplug().enabled())
        {
            return null;
        }
        construction.before("sparkplug", machine.counters().cycles().get());
        final EdgeNode edgeNode = SparkplugWiring.build(config, machine, mqtt, StateDirectory.resolve(options.stateDir()), gateway,
            new SystemEpochClock(), counters, System.getenv(),
            advisor == null ? null : advisor.status(), advisor == null ? null : advisor.part());
        resources.add(edgeNode);
        telemetry.alsoPoll(edgeNode::poll);
        options.console().println("sparkplug B edge node " + edgeNode.topics().nbirth() + " (device " + edgeNode.config().deviceId()
            + (edgeNode.config().primaryHostId() == null ? "" : ", primary host " + edgeNode.config().primaryHostId()) + ")");
        return edgeNode;
    }

    /** The status page (a real-time run's). */
    private void page() throws Exception
    {
        construction.before("page", machine.counters().cycles().get());
        final MqttLink connected = mqtt;
        final BooleanSupplier mqttConnected = !options.mqtt() ? null : linkFailed ? () -> false
            : connected == null ? () -> true : connected::isConnected;
        final PageServer page = StatusPage.start(PageReader.load(options.machineFile()),
            options.page() == null ? PageOptions.FROM_MACHINE_FILE : options.page(), machine,
            counters, pageCounters, clock, mqttConnected,
            CountersFile.fileFor(CountersFile.baseDirectory(), config.name()).resolveSibling("page-token"), options.console(), gateway);
        if (page != null)
        {
            resources.add(page);
        }
    }
}
