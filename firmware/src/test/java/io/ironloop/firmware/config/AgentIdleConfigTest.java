package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every agent's idle strategy comes from the machine file's control section. */
class AgentIdleConfigTest
{
    private static final String MACHINE = String.join("\n",
        "machine:",
        "  name: idle-test",
        "  board: sim",
        "  control:",
        "    rateHz: 500",
        "    idle: busy-spin",
        "    acquisitionIdle: %s",
        "    telemetryIdle: sleep",
        "");

    @Test
    void shouldReadEachAgentsIdleStrategy(@TempDir final Path dir) throws Exception
    {
        final MachineSetup setup = MachineSetup.load(machine(dir, "backoff"), null);
        final MachineConfig.Control control = setup.machine().control();
        assertEquals("busy-spin", control.idle());
        assertEquals("backoff", control.acquisitionIdle());
        assertEquals("sleep", control.telemetryIdle());
    }

    @Test
    void shouldDefaultBackgroundAgentsToPark(@TempDir final Path dir) throws Exception
    {
        final Path file = machine(dir, "park");
        Files.writeString(file, Files.readString(file).replace("    acquisitionIdle: park\n", "").replace("    telemetryIdle: sleep\n", ""));
        final MachineConfig.Control control = MachineSetup.load(file, null).machine().control();
        assertEquals("park", control.acquisitionIdle());
        assertEquals("park", control.telemetryIdle());
    }

    @Test
    void shouldReportAnUnknownIdleStrategyAtItsLineAndColumn(@TempDir final Path dir) throws Exception
    {
        final Path file = machine(dir, "nap");
        final List<Problem> problems = MachineSetup.validate(List.of(file));
        assertEquals(List.of(file + ":7:22: unknown idle strategy 'nap' (expected one of: busy-spin, yield, backoff, sleep, deadline, park)"),
            problems.stream().map(Problem::toString).toList());
    }

    private static Path machine(final Path dir, final String acquisitionIdle) throws Exception
    {
        return MachineFiles.write(dir, "idle-test", String.format(MACHINE, acquisitionIdle));
    }
}
