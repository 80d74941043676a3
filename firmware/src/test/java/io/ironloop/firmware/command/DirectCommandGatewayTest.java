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
            CompletableFuture.supplyAsync(() -> gateway.submit("page", "operator", json.getBytes(StandardCharsets.UTF_8)));
        while (!reply.isDone())
        {
            runner.runFor(10_000_000L);
        }
        return reply.join();
    }

    @Test
    void shouldAnswerEveryMalformedCommandWithAReasonAndChangeNothing() throws Exception
    {
        final String[][] cases = {
            {"", "malformed", "empty"},
            {"{not json", "malformed", "not JSON"},
            {"[1,2]", "malformed", "JSON object"},
            {"\"setpoint\"", "malformed", "JSON object"},
            {"{}", "malformed", "'command'"},
            {"{\"command\":\"setpoint\"}", "malformed", "'loop'"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\"}", "malformed", "finite number"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":\"5\"}", "malformed", "finite number"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":1e999}", "malformed", "finite number"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5,\"value\":6}", "malformed", "Duplicate field"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5,\"extra\":1}", "malformed", "unknown field 'extra'"},
            {"{\"command\":\"launch\",\"loop\":\"" + LOOP + "\"}", "malformed", "setpoint, mode, reset"},
            {"{\"command\":7,\"loop\":\"" + LOOP + "\"}", "malformed", "'command'"},
            {"{\"command\":\"mode\",\"loop\":\"" + LOOP + "\",\"value\":\"safe\"}", "malformed", "off, manual, auto, advised"},
            {"{\"command\":\"mode\",\"loop\":\"" + LOOP + "\",\"value\":2}", "malformed", "off, manual, auto, advised"},
            {"{\"command\":\"reset\",\"loop\":\"" + LOOP + "\",\"value\":1}", "malformed", "no 'value'"},
            {"{\"command\":\"setpoint\",\"loop\":\"boiler\",\"value\":5}", "unknown-loop", "no loop named 'boiler'"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5,\"id\":\"" + "i".repeat(65) + "\"}", "malformed", "'id'"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":99}", "out-of-bounds", "setpointRange"},
            {"{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":-1}", "out-of-bounds", "setpointRange"},
            {"{\"command\":\"reset\",\"loop\":\"" + LOOP + "\"}", "not-latched", "not latched"},
            {"{\"command\":\"mode\",\"loop\":\"" + LOOP + "\",\"value\":\"advised\"}", "no-advisor", "no advisor"},
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
        final CommandGateway.CommandReply tooLarge = gateway.submit("page", "operator", new byte[DirectCommandGateway.MAX_PAYLOAD_BYTES + 1]);
        assertEquals("malformed", tooLarge.reason());
        assertEquals(cases.length + 1, gateway.rejected(), "every refusal is counted");
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
        assertTrue(submit("{\"command\":\"mode\",\"loop\":\"" + LOOP + "\",\"value\":\"MANUAL\"}").accepted());
        assertEquals(Mode.MANUAL, loop.mode());
        assertEquals(2, gateway.accepted());
    }

    @Test
    void shouldAnswerTimeoutWhenTheControlAgentDoesNotTick()
    {
        final DirectCommandGateway impatient = new DirectCommandGateway(rig.machine().control().commands(), List.of(LOOP), 50_000_000L);
        final CommandGateway.CommandReply reply = impatient.submit("page", "operator",
            ("{\"command\":\"setpoint\",\"loop\":\"" + LOOP + "\",\"value\":5}").getBytes(StandardCharsets.UTF_8));
        assertEquals("timeout", reply.reason());
        assertTrue(reply.message().contains("may still be applied"), reply.message());
    }
}
