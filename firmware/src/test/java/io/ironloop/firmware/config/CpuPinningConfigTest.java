package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code control.cpu} and {@code control.backgroundCpus}: read when valid, each mistake reported where it is. */
class CpuPinningConfigTest
{
    private static final String MACHINE = String.join("\n",
        "machine:",
        "  name: pin-test",
        "  board: sim",
        "  control:",
        "    rateHz: 1000",
        "    idle: busy-spin",
        "%s",
        "");

    @Test
    void shouldReadControlAndBackgroundCpus(@TempDir final Path dir) throws Exception
    {
        final MachineConfig.Control control = MachineSetup.load(machine(dir, "    cpu: 3\n    backgroundCpus: [0, 1]"), null)
            .machine().control();
        assertEquals(3, control.cpu());
        assertEquals(List.of(0, 1), control.backgroundCpus());
        assertEquals(4, control.position().line());
    }

    @Test
    void shouldLeaveEverythingUnpinnedByDefault(@TempDir final Path dir) throws Exception
    {
        final MachineConfig.Control control = MachineSetup.load(machine(dir, "    telemetryIdle: park"), null).machine().control();
        assertEquals(MachineConfig.Control.UNPINNED, control.cpu());
        assertEquals(List.of(), control.backgroundCpus());
    }

    @Test
    void shouldReportEachBadCpuAtItsLineAndColumn(@TempDir final Path dir) throws Exception
    {
        assertProblems(dir, "    cpu: -2", ":7:10: 'cpu' in control must be a CPU number from 0 to 1023, got -2");
        assertProblems(dir, "    cpu: 4096", ":7:10: 'cpu' in control must be a CPU number from 0 to 1023, got 4096");
        assertProblems(dir, "    cpu: two", ":7:10: 'cpu' in control must be a whole number, got 'two'");
        assertProblems(dir, "    cpu: 1\n    backgroundCpus: [0, 1]",
            ":8:25: CPU 1 in 'backgroundCpus' is the control agent's 'cpu' (at 7:5); the control CPU is for the control agent alone");
        assertProblems(dir, "    backgroundCpus: [0, 2, 0]", ":7:28: CPU 0 appears twice in 'backgroundCpus'");
        assertProblems(dir, "    backgroundCpus: []",
            ":7:21: 'backgroundCpus' in control must list at least one CPU (leave it out to leave them unpinned)");
        assertProblems(dir, "    backgroundCpus: 0", ":7:21: 'backgroundCpus' in control must be a list");
    }

    private static void assertProblems(final Path parent, final String control, final String expected) throws Exception
    {
        final Path dir = Files.createTempDirectory(parent, "case");
        final Path file = machine(dir, control);
        final List<String> problems = MachineSetup.validate(List.of(file)).stream().map(Problem::toString).toList();
        assertEquals(List.of(file + expected), problems, control);
    }

    private static Path machine(final Path dir, final String control) throws Exception
    {
        return MachineFiles.write(dir, "pin-test", String.format(MACHINE, control));
    }
}
