package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker settings under {@code telemetry:}: read when valid, each mistake reported at its line and column. */
class BrokerConfigTest
{
    private static final String MACHINE = String.join("\n",
        "machine:",
        "  name: broker-test",
        "  board: sim",
        "  control:",
        "    rateHz: 100",
        "  telemetry:",
        "%s",
        "");

    @Test
    void shouldReadProtocolCredentialsTlsAndPrincipals(@TempDir final Path dir) throws Exception
    {
        final MachineConfig.Telemetry telemetry = MachineSetup.load(machine(dir, String.join("\n",
            "    protocol: '5'",
            "    username: board-a",
            "    passwordFile: /etc/ironloop/mqtt.pw",
            "    tls:",
            "      ca: ca.pem",
            "      cert: board.pem",
            "      key: board.key",
            "    commands:",
            "      principals:",
            "        - name: operator",
            "        - name: viewer",
            "          commands: [acknowledge]",
            "      hmacKeyEnv: IRONLOOP_COMMAND_KEY")), null).machine().telemetry();
        final MachineConfig.Broker broker = telemetry.broker();
        assertEquals("5", broker.protocol());
        assertEquals("board-a", broker.username());
        assertEquals("/etc/ironloop/mqtt.pw", broker.passwordFile());
        assertEquals("board.key", broker.keyFile());
        assertEquals(Map.of("operator", List.of("*"), "viewer", List.of("acknowledge")), broker.principals());
        assertEquals("IRONLOOP_COMMAND_KEY", broker.hmacKeyEnv());
        assertFalse(telemetry.clientIdConfigured());
    }

    @Test
    void shouldReadPerSignalPublishPoliciesAndTheBatchSize(@TempDir final Path dir) throws Exception
    {
        final MachineConfig.Telemetry telemetry = MachineSetup.load(machine(dir, String.join("\n",
            "    batch: 8",
            "    signals:",
            "      - id: temperature",
            "        publish: both",
            "        deadband: 0.5",
            "        periodMs: 5000",
            "      - id: vibration",
            "        publish: change")), null).machine().telemetry();
        assertEquals(8, telemetry.batch());
        assertEquals("both", telemetry.signals().get("temperature").policy());
        assertEquals(0.5, telemetry.signals().get("temperature").deadband());
        assertEquals(5000, telemetry.signals().get("temperature").periodMs());
        assertEquals("change", telemetry.signals().get("vibration").policy());
    }

    @Test
    void shouldReportBadPublishPolicies(@TempDir final Path dir) throws Exception
    {
        assertProblem(dir, "    signals:\n      - id: t\n        publish: sometimes", 9, "publish must be change, periodic or both, got 'sometimes'");
        assertProblem(dir, "    signals:\n      - id: t\n        publish: change\n        deadband: -1", 10, "deadband must be zero or more");
        assertProblem(dir, "    signals:\n      - id: t\n        deadband: 1", 9, "a deadband needs publish: change or both");
        assertProblem(dir, "    signals:\n      - id: t\n      - id: t", 9, "signal 't' has two publish policies");
        assertProblem(dir, "    batch: 0", 7, "batch must be 1..256");
    }

    @Test
    void shouldDefaultToAutoAnonymousAndThePageAlone(@TempDir final Path dir) throws Exception
    {
        final MachineConfig.Telemetry telemetry = MachineSetup.load(machine(dir, "    rateHz: 5"), null).machine().telemetry();
        assertEquals("auto", telemetry.broker().protocol());
        assertEquals(Map.of("page", List.of("*")), telemetry.broker().principals());
    }

    @Test
    void shouldReportEachMistakeWhereItIs(@TempDir final Path dir) throws Exception
    {
        assertProblem(dir, "    protocol: '4'", 7, "protocol must be 5, 3.1.1 or auto, got '4'");
        assertProblem(dir, "    username: a\n    password: hunter2", 8, "a password is never written in the machine file: use passwordFile or passwordEnv");
        assertProblem(dir, "    passwordEnv: X", 7, "a password needs a username");
        assertProblem(dir, "    tls:\n      cert: a.pem", 8, "a client certificate needs both 'cert' and 'key' (PEM)");
        assertProblem(dir, "    commands:\n      principals:\n        - name: op\n          commands: [launch]", 10, "unknown command 'launch'");
        assertProblem(dir, "    commands:\n      windowMs: 5", 8, "windowMs must be 1000..600000, got 5");
    }

    private static void assertProblem(final Path parent, final String telemetry, final int line, final String expected) throws Exception
    {
        final Path dir = Files.createTempDirectory(parent, "case");
        final Path file = machine(dir, telemetry);
        final List<String> problems = MachineSetup.validate(List.of(file)).stream().map(Problem::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(file + ":" + line + ":") && p.matches(".*:\\d+: .*") && p.contains(expected)), telemetry + " -> " + problems);
    }

    private static Path machine(final Path dir, final String telemetry) throws Exception
    {
        return MachineFiles.write(dir, "broker-test", String.format(MACHINE, telemetry));
    }
}
