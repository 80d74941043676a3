package io.ironloop.firmware.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.control.command.ControlCommands;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.bench.BenchRig;
import io.ironloop.firmware.config.MachineSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interim page gateway: every bad command is an answer with a reason, counted, and changes nothing. */
class DirectCommandGatewayTest
{
    private static final String LOOP = "discharge_pressure_control";
    private final VirtualClock clock = new VirtualClock(0L);
    private BenchRig rig;
    private LockstepRunner runner;
    private DirectCommandGateway gateway;
    private ClosedLoop loop;

    @BeforeEach
    void assemble() throws Exception
    {
        Path pump = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && pump == null; dir = dir.getParent())
        {
            final Path file = dir.resolve("board-configs/machines/pump-station.yaml");
            pump = Files.isRegularFile(file) ? file : null;
        }
        rig = BenchRig.assemble(MachineSetup.load(pump, null), clock, 0, null);
        runner = new LockstepRunner(clock, rig.agents());
        gateway = new DirectCommandGateway(rig.machine().control().commands(), List.of(LOOP), 2_000_000_000L);
        loop = rig.machine().control().loop(0);
        runner.runFor(1_000_000_000L);
    }

    @AfterEach
    void close()
    {
        runner.close();
        rig.close();
    }

    /** Submits on another thread (as the page's HTTP thread does) while the test thread runs control ticks. */
    private CommandGateway.CommandReply submit(final String json)
    {
        final CompletableFuture<CommandGateway.CommandReply> reply =
            CompletableFuture.supplyAsync(() -> gateway.submit("page", "page", json.getBytes(StandardCharsets.UTF_8)));
        while (!reply.isDone())
        {
            runner.runFor(10_000_000L);
        }
        return reply.join();
    }

    @Test
    void shouldAnswerEveryMalformedCommandWithAReasonAndChangeNothing() throws Exception
    {
        final String l = "\"id\":\"c1\",\"loop\":\"" + LOOP + "\"";
        final String[][] cases = {
            {"", "malformed", "empty"},
            {"{not json", "malformed", "not JSON"},
            {"[1,2]", "malformed", "JSON object"},
            {"\"setpoint\"", "malformed", "JSON object"},
            {"{}", "malformed", "'id'"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5}", "malformed", "'id'"},
            {"{\"id\":\"has space\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5}", "malformed", "'id'"},
            {"{\"id\":\"" + "i".repeat(65) + "\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5}", "malformed", "'id'"},
            {"{\"id\":\"c1\",\"command\":\"setpoint\"}", "malformed", "'loop'"},
            {"{" + l + "}", "malformed", "'command'"},
            {"{" + l + ",\"command\":\"setpoint\"}", "malformed", "finite number"},
            {"{" + l + ",\"command\":\"setpoint\",\"value\":\"5\"}", "malformed", "finite number"},
            {"{" + l + ",\"command\":\"setpoint\",\"value\":1e999}", "malformed", "finite number"},
            {"{" + l + ",\"command\":\"setpoint\",\"value\":5,\"value\":6}", "malformed", "Duplicate field"},
            {"{" + l + ",\"command\":\"setpoint\",\"value\":5,\"extra\":1}", "malformed", "unknown field 'extra'"},
            {"{" + l + ",\"command\":\"launch\"}", "malformed", "setpoint, mode, manual-output"},
            {"{" + l + ",\"command\":7}", "malformed", "'command'"},
            {"{" + l + ",\"command\":\"mode\",\"mode\":\"SAFE\"}", "malformed", "OFF, MANUAL, AUTO, ADVISED"},
            {"{" + l + ",\"command\":\"mode\",\"mode\":\"off\"}", "malformed", "OFF, MANUAL, AUTO, ADVISED"},
            {"{" + l + ",\"command\":\"mode\",\"value\":2}", "malformed", "takes no 'value'"},
            {"{" + l + ",\"command\":\"setpoint\",\"value\":5,\"mode\":\"AUTO\"}", "malformed", "takes no 'mode'"},
            {"{" + l + ",\"command\":\"reset\",\"value\":1}", "malformed", "takes no 'value'"},
            {"{\"id\":\"c1\",\"command\":\"setpoint\",\"loop\":\"boiler\",\"value\":5}", "unknown-loop", "no loop named 'boiler'"},
            {"{" + l + ",\"command\":\"setpoint\",\"value\":99}", "out-of-bounds", "setpointRange"},
            {"{" + l + ",\"command\":\"setpoint\",\"value\":-1}", "out-of-bounds", "setpointRange"},
            {"{" + l + ",\"command\":\"manual-output\",\"value\":0.5}", "wrong-mode", "mode does not take"},
            {"{" + l + ",\"command\":\"manual-output\",\"value\":7}", "out-of-bounds", "refused"},
            {"{" + l + ",\"command\":\"reset\"}", "not-latched", "not latched"},
            {"{" + l + ",\"command\":\"acknowledge\"}", "not-latched", "not latched"},
            {"{" + l + ",\"command\":\"autotune\"}", "no-autotune", "refused"},
            {"{" + l + ",\"command\":\"mode\",\"mode\":\"ADVISED\"}", "no-advisor", "no advisor"},
        };
        final ControlCommands commands = rig.machine().control().commands();
        for (final String[] bad : cases)
        {
            final CommandGateway.CommandReply reply = submit(bad[0]);
            assertFalse(reply.accepted(), bad[0]);
            assertEquals(bad[1], reply.reason(), bad[0] + ": " + reply.message());
            assertTrue(reply.message().contains(bad[2]), bad[0] + ": " + reply.message());
            assertEquals(bad[1], new ObjectMapper().readTree(reply.json()).get("reason").asText());
            assertEquals(4.0, loop.setpoint(), bad[0]);
            assertEquals(Mode.AUTO, loop.mode(), bad[0]);
            assertEquals(0, commands.depth(), bad[0]);
        }
        final CommandGateway.CommandReply tooLarge = gateway.submit("page", "page", new byte[DirectCommandGateway.MAX_PAYLOAD_BYTES + 1]);
        assertEquals("oversized", tooLarge.reason());
        final CommandGateway.CommandReply nobody = gateway.submit("page", null, ("{" + l + ",\"command\":\"reset\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals("unauthorized", nobody.reason());
        assertEquals(cases.length + 2, gateway.rejected(), "every refusal is counted");
        assertEquals(0, gateway.accepted());
    }

    @Test
    void shouldApplyGoodCommandsThroughTheControlAgentAndEchoTheirId()
    {
        final CommandGateway.CommandReply setpoint = submit("{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5.5,\"id\":\"op-1\"}");
        assertTrue(setpoint.accepted(), setpoint.message());
        assertEquals("applied", setpoint.reason());
        assertEquals("op-1", setpoint.id());
        assertEquals(5.5, loop.setpoint());
        final CommandGateway.CommandReply manual = submit("{\"id\":\"op-2\",\"command\":\"mode\",\"loop\":\"" + LOOP + "\",\"mode\":\"MANUAL\"}");
        assertTrue(manual.accepted(), manual.message());
        assertEquals(Mode.MANUAL, loop.mode());
        assertTrue(submit("{\"id\":\"op-3\",\"command\":\"manual-output\",\"loop\":\"" + LOOP + "\",\"value\":0.25}").accepted());
        // The answer document follows docs/COMMANDS.md: id, accepted, reason, message, command, loop, principal.
        assertTrue(manual.json().contains("\"principal\":\"page\"") && manual.json().contains("\"command\":\"mode\""), manual.json());
        assertEquals(3, gateway.accepted());
    }

    @Test
    void shouldAnswerTimeoutWhenTheControlAgentDoesNotTick()
    {
        final DirectCommandGateway impatient = new DirectCommandGateway(rig.machine().control().commands(), List.of(LOOP), 50_000_000L);
        final CommandGateway.CommandReply reply = impatient.submit("page", "page",
            ("{\"id\":\"slow\",\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5}").getBytes(StandardCharsets.UTF_8));
        assertEquals("timeout", reply.reason());
        assertTrue(reply.message().contains("may still be applied"), reply.message());
    }
}
