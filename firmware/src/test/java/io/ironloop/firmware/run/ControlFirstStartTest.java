package io.ironloop.firmware.run;

import io.ironloop.firmware.page.PageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real-time run builds its MQTT link and its status page after control's first tick, not before it, and a
 * part that fails to build leaves control running (reported, counted) instead of stopping the run.
 */
class ControlFirstStartTest
{
    @TempDir
    Path dir;

    /** The pump station under a name of this test's own (a real-time run locks its machine's name). */
    private Path machine(final String name) throws IOException
    {
        Files.createDirectories(dir.resolve("machines"));
        Files.createDirectories(dir.resolve("boards"));
        Files.copy(Path.of("../board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        final Path file = dir.resolve("machines/" + name + ".yaml");
        Files.writeString(file, Files.readString(Path.of("../board-configs/machines/pump-station.yaml"))
            .replace("name: pump-station", "name: " + name));
        return file;
    }

    private RunOptions realTime(final Path machine, final StringWriter console)
    {
        // A broker that is not there (port 1): the link is built, its connection retried; a page on any free port.
        return RunOptions.of(machine, new PrintWriter(console, true)).seconds(1.0).brokerUri("tcp://127.0.0.1:1")
            .page(new PageOptions(false, "127.0.0.1", 0, dir.resolve("page-token"))).build();
    }

    @Test
    void theLinkAndThePageAreBuiltAfterControlTicks() throws Exception
    {
        final Map<String, Long> cyclesAt = new ConcurrentHashMap<>();
        final StringWriter console = new StringWriter();
        final RunSummary summary = FirmwareRun.run(realTime(machine("control-first-order"), console),
            new FirmwareRun.Seams(io.ironloop.firmware.advisor.AdvisorWiring.ONNX, (part, cycles) -> cyclesAt.put(part, cycles)));
        assertTrue(cyclesAt.containsKey("link") && cyclesAt.containsKey("page"), "both built: " + cyclesAt + "\n" + console);
        assertTrue(cyclesAt.get("link") > 0, "control ticked before the link was built: " + cyclesAt);
        assertTrue(cyclesAt.get("page") > 0, "control ticked before the page was built: " + cyclesAt);
        assertTrue(summary.controlCycles() > cyclesAt.get("page"));
    }

    @Test
    void aLinkThatFailsToBuildLeavesControlRunning() throws Exception
    {
        final Map<String, Long> cyclesAt = new ConcurrentHashMap<>();
        final StringWriter console = new StringWriter();
        final RunSummary summary = FirmwareRun.run(realTime(machine("control-first-failure"), console),
            new FirmwareRun.Seams(io.ironloop.firmware.advisor.AdvisorWiring.ONNX, (part, cycles) ->
            {
                cyclesAt.put(part, cycles);
                if ("link".equals(part))
                {
                    throw new IOException("no sockets today");
                }
            }));
        assertTrue(console.toString().contains("warning: link not started (no sockets today); control runs on without it"), console.toString());
        assertTrue(cyclesAt.containsKey("page"), "the page is still built: " + cyclesAt);
        // One second of control at 100 Hz after the failure, give or take a scheduler's jitter.
        assertTrue(summary.controlCycles() - cyclesAt.get("link") >= 50,
            "control ran on after the failure: " + summary.controlCycles() + " cycles, " + cyclesAt.get("link") + " at the failure\n" + console);
    }
}
