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
            return new MachineConfig.Telemetry(defaultTopic, 10.0, 1, "ironloop-" + machineName, false, MachineConfig.Broker.NONE, java.util.Map.of(), 32,
                MachineConfig.Sparkplug.OFF);
        }
        if (!node.expectMap("'telemetry'"))
        {
            return new MachineConfig.Telemetry(defaultTopic, 10.0, 1, "ironloop-" + machineName, false, MachineConfig.Broker.NONE, java.util.Map.of(), 32,
                MachineConfig.Sparkplug.OFF);
        }
        final String topic = NameCheck.topic(node, "topic", "telemetry", defaultTopic);
        final double rate = RateCheck.rateHz(node, "telemetry", 10.0, RateCheck.MAX_TELEMETRY_HZ);
        final int qos = node.integer("qos", "telemetry", 1);
        if (qos < 0 || qos > 2)
        {
            node.keyProblem("qos", "qos must be 0, 1 or 2, got " + qos);
        }
        final String clientId = NameCheck.clientId(node, "telemetry", "ironloop-" + machineName);
        final boolean clientIdConfigured = node.has("clientId");
        final MachineConfig.Broker broker = broker(node);
        final java.util.Map<String, MachineConfig.SignalPublish> signals = signals(node, rate);
        final int batch = node.integer("batch", "telemetry", 32);
        if (batch < 1 || batch > 256)
        {
            node.keyProblem("batch", "batch must be 1..256 samples per message, got " + batch);
        }
        final MachineConfig.Sparkplug sparkplug = sparkplug(node.get("sparkplug"), machineName);
        node.rejectUnknownKeys("'telemetry'");
        return new MachineConfig.Telemetry(topic, rate, qos, clientId, clientIdConfigured, broker, signals, Math.max(1, Math.min(256, batch)),
            sparkplug);
    }

    /** {@code telemetry: sparkplug:}: ids as names (no + / # by construction), defaults from the machine's name. */
    private static MachineConfig.Sparkplug sparkplug(final YamlNode node, final String machineName)
    {
        final MachineConfig.Sparkplug off = MachineConfig.Sparkplug.OFF;
        if (node == null || !node.expectMap("'telemetry.sparkplug'"))
        {
            return off;
        }
        final String owner = "telemetry.sparkplug";
        final boolean enabled = node.bool("enabled", owner, false);
        final String groupId = sparkplugId(node, "groupId", owner, off.groupId());
        final String edgeNodeId = sparkplugId(node, "edgeNodeId", owner, machineName);
        final String deviceId = sparkplugId(node, "deviceId", owner, machineName);
        final String primaryHostId = node.has("primaryHostId") ? sparkplugId(node, "primaryHostId", owner, null) : null;
        final double deadband = node.number("deadband", owner, off.deadband());
        if (!(deadband >= 0) || deadband > 1e9)
        {
            node.keyProblem("deadband", "deadband must be 0..1e9, got " + deadband);
        }
        final int history = node.integer("history", owner, off.history());
        if (history < 0 || history > 1_000_000)
        {
            node.keyProblem("history", "history must be 0..1000000 values, got " + history);
        }
        final String principal = sparkplugId(node, "principal", owner, off.principal());
        node.rejectUnknownKeys("'telemetry.sparkplug'");
        return new MachineConfig.Sparkplug(enabled, groupId, edgeNodeId, deviceId, primaryHostId, deadband,
            Math.max(0, Math.min(1_000_000, history)), principal);
    }

    private static String sparkplugId(final YamlNode node, final String key, final String owner, final String fallback)
    {
        final String id = node.string(key, owner, fallback);
        if (node.has(key) && id != null)
        {
            final String problem = NameCheck.nameProblem(id, NameCheck.MAX_LENGTH);
            if (problem != null)
            {
                node.keyProblem(key, "'" + key + "' in " + owner + " " + problem);
            }
        }
        return id;
    }

    private static java.util.Map<String, MachineConfig.SignalPublish> signals(final YamlNode node, final double rateHz)
    {
        final java.util.Map<String, MachineConfig.SignalPublish> signals = new java.util.LinkedHashMap<>();
        final YamlNode list = node.get("signals");
        if (list == null)
        {
            return java.util.Map.of();
        }
        for (final YamlNode signal : list.list("'telemetry.signals'"))
        {
            if (!signal.expectMap("a signal's publish policy"))
            {
                continue;
            }
            final String id = signal.string("id", "a signal's publish policy");
            final String policy = signal.string("publish", "signal '" + id + "'", "periodic");
            if (!policy.equals("change") && !policy.equals("periodic") && !policy.equals("both"))
            {
                signal.keyProblem("publish", "publish must be change, periodic or both, got '" + policy + "'");
            }
            final double deadband = signal.number("deadband", "signal '" + id + "'", 0.0);
            if (!(deadband >= 0))
            {
                signal.keyProblem("deadband", "deadband must be zero or more, got " + deadband);
            }
            final long periodMs = signal.longInteger("periodMs", "signal '" + id + "'", Math.max(1, Math.round(1000 / rateHz)));
            if (periodMs < 1 || periodMs > 86_400_000L)
            {
                signal.keyProblem("periodMs", "periodMs must be 1..86400000, got " + periodMs);
            }
            if (policy.equals("periodic") && signal.has("deadband"))
            {
                signal.keyProblem("deadband", "a deadband needs publish: change or both");
            }
            if (id != null && signals.put(id, new MachineConfig.SignalPublish(policy, deadband, periodMs, signal.position())) != null)
            {
                signal.keyProblem("id", "signal '" + id + "' has two publish policies");
            }
            signal.rejectUnknownKeys("a signal's publish policy");
        }
        return java.util.Map.copyOf(signals);
    }

    private static MachineConfig.Broker broker(final YamlNode node)
    {
        final String protocol = node.string("protocol", "telemetry", "auto");
        if (!protocol.equals("5") && !protocol.equals("3.1.1") && !protocol.equals("auto"))
        {
            node.keyProblem("protocol", "protocol must be 5, 3.1.1 or auto, got '" + protocol + "'");
        }
        final String username = node.has("username") ? node.string("username", "telemetry") : null;
        final String passwordFile = node.has("passwordFile") ? node.string("passwordFile", "telemetry") : null;
        final String passwordEnv = node.has("passwordEnv") ? node.string("passwordEnv", "telemetry") : null;
        if (node.has("password"))
        {
            node.keyProblem("password", "a password is never written in the machine file: use passwordFile or passwordEnv");
        }
        if (passwordFile != null && passwordEnv != null)
        {
            node.keyProblem("passwordEnv", "give passwordFile or passwordEnv, not both");
        }
        if ((passwordFile != null || passwordEnv != null) && username == null)
        {
            node.keyProblem(passwordFile != null ? "passwordFile" : "passwordEnv", "a password needs a username");
        }
        String ca = null;
        String cert = null;
        String key = null;
        String pkcs12 = null;
        String pkcs12Env = null;
        final YamlNode tls = node.get("tls");
        if (tls != null && tls.expectMap("'telemetry.tls'"))
        {
            ca = tls.has("ca") ? tls.string("ca", "telemetry.tls") : null;
            cert = tls.has("cert") ? tls.string("cert", "telemetry.tls") : null;
            key = tls.has("key") ? tls.string("key", "telemetry.tls") : null;
            pkcs12 = tls.has("pkcs12") ? tls.string("pkcs12", "telemetry.tls") : null;
            pkcs12Env = tls.has("pkcs12PasswordEnv") ? tls.string("pkcs12PasswordEnv", "telemetry.tls") : null;
            if ((cert == null) != (key == null))
            {
                tls.keyProblem(cert == null ? "key" : "cert", "a client certificate needs both 'cert' and 'key' (PEM)");
            }
            if (cert != null && pkcs12 != null)
            {
                tls.keyProblem("pkcs12", "give cert/key (PEM) or pkcs12, not both");
            }
            tls.rejectUnknownKeys("'telemetry.tls'");
        }
        final java.util.Map<String, java.util.List<String>> principals = new java.util.LinkedHashMap<>();
        principals.put("page", java.util.List.of("*"));
        String hmacKeyEnv = null;
        long windowMs = 30_000L;
        final YamlNode commands = node.get("commands");
        if (commands != null && commands.expectMap("'telemetry.commands'"))
        {
            if (commands.has("principals"))
            {
                principals.clear();
                for (final YamlNode principal : commands.get("principals").list("'telemetry.commands.principals'"))
                {
                    if (!principal.expectMap("a principal"))
                    {
                        continue;
                    }
                    final String name = principal.string("name", "principal");
                    final java.util.List<String> allowed = new java.util.ArrayList<>();
                    if (principal.has("commands"))
                    {
                        for (final YamlNode command : principal.get("commands").list("a principal's commands"))
                        {
                            final String text = command.asString("a command", "");
                            if (!java.util.Set.of("*", "setpoint", "mode", "manual-output", "reset", "acknowledge", "autotune", "rebirth").contains(text))
                            {
                                command.problem("unknown command '" + text + "'; commands: *, setpoint, mode, manual-output, reset, acknowledge, autotune, rebirth");
                            }
                            allowed.add(text);
                        }
                    }
                    else
                    {
                        allowed.add("*");
                    }
                    if (name != null && principals.put(name, java.util.List.copyOf(allowed)) != null)
                    {
                        principal.keyProblem("name", "principal '" + name + "' is listed twice");
                    }
                    principal.rejectUnknownKeys("a principal");
                }
            }
            hmacKeyEnv = commands.has("hmacKeyEnv") ? commands.string("hmacKeyEnv", "telemetry.commands") : null;
            windowMs = commands.longInteger("windowMs", "telemetry.commands", 30_000L);
            if (windowMs < 1_000 || windowMs > 600_000)
            {
                commands.keyProblem("windowMs", "windowMs must be 1000..600000, got " + windowMs);
            }
            commands.rejectUnknownKeys("'telemetry.commands'");
        }
        return new MachineConfig.Broker(protocol, username, passwordFile, passwordEnv, ca, cert, key, pkcs12, pkcs12Env,
            java.util.Map.copyOf(principals), hmacKeyEnv, windowMs);
    }
}
