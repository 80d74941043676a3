package io.ironloop.firmware.config;

/** Reads a machine file's {@code telemetry:} section: MQTT topic, rate, QoS and client id. */
final class TelemetryReader
{
    private TelemetryReader()
    {
    }

    static MachineConfig.Telemetry telemetry(final YamlNode node, final String machineName)
    {
        final String defaultTopic = "ironloop/" + (machineName == null ? "machine" : machineName);
        if (node == null)
        {
            return new MachineConfig.Telemetry(defaultTopic, 10.0, 1, "ironloop-" + machineName);
        }
        if (!node.expectMap("'telemetry'"))
        {
            return new MachineConfig.Telemetry(defaultTopic, 10.0, 1, "ironloop-" + machineName);
        }
        final String topic = node.string("topic", "telemetry", defaultTopic);
        final double rate = RateCheck.rateHz(node, "telemetry", 10.0);
        final int qos = node.integer("qos", "telemetry", 1);
        if (qos < 0 || qos > 2)
        {
            node.keyProblem("qos", "qos must be 0, 1 or 2, got " + qos);
        }
        final String clientId = node.string("clientId", "telemetry", "ironloop-" + machineName);
        node.rejectUnknownKeys("'telemetry'");
        return new MachineConfig.Telemetry(topic, rate, qos, clientId);
    }
}
