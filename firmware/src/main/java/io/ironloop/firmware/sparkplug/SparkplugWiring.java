package io.ironloop.firmware.sparkplug;

import io.ironloop.firmware.command.JsonCommandGateway;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.mqtt.MqttLink;
import io.ironloop.firmware.mqtt.MqttSettings;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.Sensor;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the Sparkplug B edge node of a machine whose file enables it: its own MQTT connection (client id
 * {@code <client id>-spb}, QoS 0, the JSON link's broker, protocol and credentials), units and deadbands
 * from the machine file, bdSeq in the state directory, NCMD/DCMD through the command gateway.
 */
public final class SparkplugWiring
{
    /** Messages the edge node's link queue holds, and the largest (a DBIRTH of a large machine is a few KiB). */
    public static final int LINK_CAPACITY = 64;
    public static final int LINK_MAX_PAYLOAD = 16 * 1024;

    private SparkplugWiring()
    {
    }

    /**
     * @param json        the JSON link: its settings (broker, protocol, credentials, TLS) and its hold on a broker still starting
     * @param gateway     the command gateway NCMD/DCMD go through, or null for no commands
     */
    public static EdgeNode build(
        final MachineConfig config, final Machine machine, final MqttLink json, final Path stateDirectory, final JsonCommandGateway gateway,
        final EpochClock wallClock, final CountersManager counters, final Map<String, String> environment) throws IOException
    {
        return build(config, machine, json, stateDirectory, gateway, wallClock, counters, environment, null, null);
    }

    /** As above, with the advisor's findings among the device's metrics when {@code advisor} is not null. */
    public static EdgeNode build(
        final MachineConfig config, final Machine machine, final MqttLink json, final Path stateDirectory, final JsonCommandGateway gateway,
        final EpochClock wallClock, final CountersManager counters, final Map<String, String> environment,
        final io.ironloop.control.advice.AdvisorStatus advisor, final String part) throws IOException
    {
        final MachineConfig.Sparkplug sparkplug = config.telemetry().sparkplug();
        final MqttSettings settings = json.settings().withClientId(json.settings().clientId() + "-spb").withQos(0);
        final MqttLink link = new MqttLink(settings, LINK_CAPACITY, LINK_MAX_PAYLOAD, environment);
        final java.util.function.BooleanSupplier hold = json.connectHold();
        if (hold != null)
        {
            // The embedded broker is still starting: no refused first CONNECT (and no bdSeq spent on it).
            link.holdConnectUntil(hold);
        }
        final int slots = machine.image().size();
        final String[] units = new String[slots];
        final double[] deadbands = new double[slots];
        for (int slot = 0; slot < slots; slot++)
        {
            final String id = machine.image().name(slot);
            final Sensor sensor = machine.sensor(id);
            units[slot] = sensor == null ? null : sensor.unit().symbol();
            final MachineConfig.SignalPublish publish = config.telemetry().signals().get(id);
            deadbands[slot] = publish != null && !publish.policy().equals("periodic") ? publish.deadband() : sparkplug.deadband();
        }
        final String[] loopUnits = config.loops().stream()
            .map(loop -> config.sensor(loop.measurement()) == null ? null : config.sensor(loop.measurement()).input().unit().symbol())
            .toArray(String[]::new);
        final EdgeNode node;
        try
        {
            node = new EdgeNode(sparkplug, config.name(), machine.image(), units, loopUnits, deadbands, machine.control(),
                machine.counters().overruns(), link, new BdSeqStore(BdSeqStore.fileFor(stateDirectory, config.name())), wallClock,
                config.telemetry().rateHz(), LINK_MAX_PAYLOAD, counters, advisor, part);
        }
        catch (final RuntimeException ex)
        {
            link.close();
            throw ex;
        }
        if (gateway != null)
        {
            node.commands(new SparkplugCommands(node, gateway, link, config.telemetry().topic()));
            gateway.rebirthBy(node::requestRebirth);
        }
        return node;
    }
}
