package io.ironloop.firmware.command;

import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.command.CommandGateway.CommandReply;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad command is refused with its reason, counted, and leaves the loop as it was; good ones apply and are answered. */
class JsonCommandGatewayTest
{
    private static final String LOOP = "discharge_pressure_control";
    private static final String KEY = "test-key-not-secret";

    @TempDir
    Path dir;

    private CountersFile counters;
    private Machine machine;
    private LockstepRunner runner;
    private Thread ticker;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Object lock = new Object();
    private final AtomicLong wallMs = new AtomicLong(1_796_700_000_000L);

    static Path pumpStation()
    {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent())
        {
            final Path file = at.resolve("board-configs/machines/pump-station.yaml");
            if (Files.isRegularFile(file))
            {
                return file;
            }
        }
        throw new IllegalStateException("board-configs/machines/pump-station.yaml not found");
    }

    @BeforeEach
    void start() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(pumpStation(), null);
        final VirtualClock clock = new VirtualClock(0L);
        counters = CountersFile.create(CountersFile.fileFor(dir, "gateway"), 256);
        machine = Machine.assemble(setup, clock, BoardBackends.open(setup.board(), clock), counters.manager());
        final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
        agents.add(machine.control());
        runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0]));
        final long periodNs = machine.control().schedule().periodNs();
        runner.runUntil(10 * periodNs);
        ticker = new Thread(() ->
        {
            while (running.get())
            {
                synchronized (lock)
                {
                    runner.runFor(periodNs);
                }
                LockSupport.parkNanos(100_000L); // pacing, so the test thread gets the lock between ticks
            }
        }, "control-ticker");
        ticker.start();
    }

    @AfterEach
    void stop() throws Exception
    {
        running.set(false);
        ticker.join();
        runner.close();
        machine.close();
        counters.close();
    }

    private JsonCommandGateway gateway(final CommandPolicy policy)
    {
        return new JsonCommandGateway(machine.control(), policy, counters.manager(), wallMs::get);
    }

    private record State(Mode mode, double setpoint) {}

    private State state()
    {
        synchronized (lock)
        {
            final ControlAgent control = machine.control();
            return new State(control.loop(0).mode(), control.loop(0).setpoint());
        }
    }

    private static byte[] bytes(final String json)
    {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String signed(final String id, final String command, final String value, final String nonce, final long timestamp)
    {
        final String signature = JsonCommandGateway.sign(KEY,
            JsonCommandGateway.signedText(id, command, LOOP, value, null, nonce, Long.toString(timestamp)));
        return "{\"id\":\"" + id + "\",\"command\":\"" + command + "\",\"loop\":\"" + LOOP + "\",\"value\":" + value + ",\"nonce\":\"" + nonce
            + "\",\"timestamp\":" + timestamp + ",\"signature\":\"" + signature + "\"}";
    }

    /** Submits, checks the reason, that it is counted and that the loop did not change. */
    private void assertRefused(final JsonCommandGateway gateway, final String principal, final byte[] payload, final String reason)
    {
        final State before = state();
        final long counted = gateway.rejections(reason);
        final CommandReply reply = gateway.submit("mqtt", principal, payload);
        assertFalse(reply.accepted(), reply.json());
        assertEquals(reason, reply.reason(), reply.json());
        assertTrue(reply.json().contains("\"reason\":\"" + reason + "\""), reply.json());
        assertEquals(counted + 1, gateway.rejections(reason), "counted: " + reason);
        // Let the control agent run a few ticks: a refused command must not apply later either.
        final long periodNs = machine.control().schedule().periodNs();
        synchronized (lock)
        {
            runner.runFor(5 * periodNs);
        }
        assertEquals(before, state(), "a " + reason + " command changed the loop");
    }

    @Test
    void shouldApplyAValidSetpointAndAnswerAccepted()
    {
        final JsonCommandGateway gateway = gateway(CommandPolicy.allowing("operator"));
        final CommandReply reply = gateway.submit("mqtt", "operator",
            bytes("{\"id\":\"c1\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5.5}"));
        assertTrue(reply.accepted(), reply.json());
        assertEquals("applied", reply.reason());
        assertEquals("c1", reply.id());
        assertEquals(5.5, state().setpoint());
        assertEquals(1, gateway.accepted());

        final CommandReply mode = gateway.submit("page", "operator", bytes("{\"id\":\"c2\",\"command\":\"mode\",\"loop\":\"" + LOOP + "\",\"mode\":\"MANUAL\"}"));
        assertTrue(mode.accepted(), mode.json());
        assertEquals(Mode.MANUAL, state().mode());
        final CommandReply output = gateway.submit("page", "operator", bytes("{\"id\":\"c3\",\"command\":\"manual-output\",\"loop\":\"" + LOOP + "\",\"value\":0.25}"));
        assertTrue(output.accepted(), output.json());
    }

    @Test
    void shouldRefuseMalformedAndOversizedCommandsWithoutChangingTheLoop()
    {
        final JsonCommandGateway gateway = gateway(CommandPolicy.allowing("operator"));
        for (final String bad : List.of("", "not json", "[1,2]", "{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\"}",
            "{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":\"6\"}",
            "{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":6,\"extra\":1}",
            "{\"id\":\"c\",\"command\":\"launch\",\"loop\":\"" + LOOP + "\"}",
            "{\"id\":\"c\",\"command\":\"mode\",\"loop\":\"" + LOOP + "\",\"mode\":\"SAFE\"}",
            "{\"id\":\"c c\",\"command\":\"reset\",\"loop\":\"" + LOOP + "\"}",
            "{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":6,\"value\":7}",
            "{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":6} {}"))
        {
            assertRefused(gateway, "operator", bytes(bad), "malformed");
        }
        final String padding = " ".repeat(CommandPolicy.DEFAULT_MAX_BYTES);
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":6}" + padding), "oversized");
    }

    @Test
    void shouldRefuseUnauthorizedOutOfBoundsAndWrongModeCommands()
    {
        final JsonCommandGateway gateway = gateway(new CommandPolicy(Map.of("operator", Set.of("*"), "viewer", Set.of("acknowledge")), null,
            CommandPolicy.DEFAULT_WINDOW_MS, CommandPolicy.DEFAULT_MAX_BYTES, CommandPolicy.DEFAULT_ANSWER_TIMEOUT_NS));
        final byte[] setpoint = bytes("{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":6}");
        assertRefused(gateway, null, setpoint, "unauthorized");
        assertRefused(gateway, "intruder", setpoint, "unauthorized");
        assertRefused(gateway, "viewer", setpoint, "unauthorized");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":7.6}"), "out-of-bounds");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":-1e308}"), "out-of-bounds");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"nope\",\"value\":5}"), "unknown-loop");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"manual-output\",\"loop\":\"" + LOOP + "\",\"value\":0.5}"), "wrong-mode");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"reset\",\"loop\":\"" + LOOP + "\"}"), "not-latched");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"autotune\",\"loop\":\"" + LOOP + "\"}"), "no-autotune");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"mode\",\"loop\":\"" + LOOP + "\",\"mode\":\"ADVISED\"}"), "no-advisor");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"rebirth\"}"), "unsupported");
    }

    @Test
    void shouldApplyASignedCommandOnceAndRefuseItsReplayAStaleOneAndABadSignature()
    {
        final JsonCommandGateway gateway = gateway(CommandPolicy.allowing("operator").signedWith(KEY));
        final long now = wallMs.get();
        final String good = signed("s1", "setpoint", "5", "nonce-0001", now - 1_000);
        final CommandReply reply = gateway.submit("mqtt", "operator", bytes(good));
        assertTrue(reply.accepted(), reply.json());
        assertEquals(5.0, state().setpoint());

        assertRefused(gateway, "operator", bytes(good), "replayed");
        assertRefused(gateway, "operator", bytes(signed("s2", "setpoint", "6", "nonce-0002", now - 31_000)), "stale");
        assertRefused(gateway, "operator", bytes(good.replace("\"value\":5", "\"value\":6")), "bad-signature");
        assertRefused(gateway, "operator", bytes("{\"id\":\"c\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":6}"), "bad-signature");
        // 6.0 signs as 6: the signed text uses the shortest plain decimal.
        final CommandReply six = gateway.submit("mqtt", "operator", bytes(signed("s3", "setpoint", "6.0", "nonce-0003", now).replace(
            JsonCommandGateway.sign(KEY, JsonCommandGateway.signedText("s3", "setpoint", LOOP, "6.0", null, "nonce-0003", Long.toString(now))),
            JsonCommandGateway.sign(KEY, JsonCommandGateway.signedText("s3", "setpoint", LOOP, "6", null, "nonce-0003", Long.toString(now))))));
        assertTrue(six.accepted(), six.json());
    }

    @Test
    void shouldMeasureTheReplayWindowOnTheInjectedClock()
    {
        final JsonCommandGateway gateway = gateway(CommandPolicy.allowing("operator").signedWith(KEY));
        final long signedAt = wallMs.get();
        final String early = signed("w1", "setpoint", "5", "nonce-w1", signedAt);
        final String late = signed("w2", "setpoint", "6", "nonce-w2", signedAt);
        final String future = signed("w3", "setpoint", "6.5", "nonce-w3", signedAt + 90_000);

        // 29 s after it was signed, by this machine's (controlled) clock: inside the 30 s window.
        wallMs.set(signedAt + 29_000);
        final CommandReply inside = gateway.submit("mqtt", "operator", bytes(early));
        assertTrue(inside.accepted(), inside.json());
        assertEquals(5.0, state().setpoint());
        assertRefused(gateway, "operator", bytes(early), "replayed");
        // 31 s after: the same kind of command, signed at the same time, is stale now; nothing changes.
        wallMs.set(signedAt + 31_000);
        assertRefused(gateway, "operator", bytes(late), "stale");
        // A timestamp 59 s ahead of this clock is as stale as one behind.
        assertRefused(gateway, "operator", bytes(future), "stale");
        // Once the clock reaches it, it is inside the window.
        wallMs.set(signedAt + 90_000 - 10_000);
        final CommandReply ahead = gateway.submit("mqtt", "operator", bytes(future));
        assertTrue(ahead.accepted(), ahead.json());
        assertEquals(6.5, state().setpoint());
    }
}
