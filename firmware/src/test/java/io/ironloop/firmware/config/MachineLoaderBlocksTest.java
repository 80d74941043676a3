package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading loop types, programs, autotune, interlocks and the watchdog, and pointing at bad values. */
class MachineLoaderBlocksTest
{
    private static final Path PUMP = Path.of("..", "board-configs", "machines", "pump-station.yaml");
    private static final Path FURNACE = Path.of("..", "board-configs", "machines", "furnace.yaml");

    @TempDir
    Path dir;

    private Path machineWith(final String original, final String replacement) throws IOException
    {
        final String text = Files.readString(PUMP);
        assertTrue(text.contains(original), "fixture text not found: " + original);
        final Path file = dir.resolve("machines").resolve("pump.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text.replace(original, replacement));
        final Path boards = dir.resolve("boards");
        Files.createDirectories(boards);
        Files.copy(Path.of("..", "board-configs", "boards", "sim.yaml"), boards.resolve("sim.yaml"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static List<String> problems(final Path file)
    {
        return MachineSetup.validate(List.of(file)).stream().map(Problem::toString).collect(Collectors.toList());
    }

    /** 1-based line of the first occurrence of {@code needle}. */
    private static int lineOf(final Path file, final String needle) throws IOException
    {
        final List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).contains(needle))
            {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + file);
    }

    @Test
    void shouldLoadThePumpStationWithItsInterlockAndWatchdog() throws ConfigException
    {
        final MachineConfig machine = MachineSetup.load(PUMP, null).machine();
        assertEquals(1, machine.interlocks().size());
        final MachineConfig.Interlock overPressure = machine.interlocks().get(0);
        assertEquals("high", overPressure.kind());
        assertEquals(9.0, overPressure.limit());
        assertEquals(100.0, overPressure.delayMs());
        assertEquals(List.of("discharge_pressure_control"), overPressure.loops());
        assertEquals(5, machine.watchdog().overruns());
        assertEquals(500.0, machine.watchdog().stallMs());
        assertEquals("pid", machine.loops().get(0).type());
    }

    @Test
    void shouldLoadTheFurnaceWithProgramAutotuneAndOnOff() throws ConfigException
    {
        final MachineConfig machine = MachineSetup.load(FURNACE, null).machine();
        final MachineConfig.Loop temperature = machine.loops().get(0);
        assertEquals(3, temperature.program().segments().size());
        assertEquals(1.0, temperature.program().segments().get(0).ratePerS(), 1e-12, "60 degC/min");
        assertEquals(120.0, temperature.program().segments().get(0).soakS(), 1e-12, "2 min");
        assertEquals("simc", temperature.autotune().rule());
        final MachineConfig.Loop fan = machine.loops().get(1);
        assertEquals("onoff", fan.type());
        assertTrue(!fan.onOff().heating());
        assertNotNull(machine.simulation().furnace());
        assertEquals(3, machine.interlocks().size());
    }

    @Test
    void shouldPointAtAnUnknownLoopType() throws IOException
    {
        final Path file = machineWith("      type: pid\n", "      type: fuzzy\n");
        final List<String> problems = problems(file);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(file + ":" + lineOf(file, "type: fuzzy") + ":13: unknown loop type 'fuzzy'"), problems.get(0));
    }

    @Test
    void shouldPointAtBadInterlockValues() throws IOException
    {
        final Path file = machineWith("      sensor: discharge_pressure\n      kind: high\n      limit: 9.0",
            "      sensor: suction_pressure\n      kind: rate\n      limit: -1");
        final List<String> problems = problems(file);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.contains(file + ":" + lineOf(file, "suction_pressure") + ":15: interlock 'over_pressure' watches "
            + "'suction_pressure', which is not a sensor of this machine"), problems.toString());
        assertTrue(problems.get(1).startsWith(file + ":" + lineOf(file, "limit: -1") + ":14: the rate limit of interlock"), problems.toString());
    }

    @Test
    void shouldPointAtAnUnknownGuardedLoopAndKind() throws IOException
    {
        final Path file = machineWith("      kind: high\n", "      kind: sideways\n")
            .resolveSibling("pump.yaml");
        Files.writeString(file, Files.readString(file).replace("loops: [discharge_pressure_control]", "loops: [nozzle]"));
        final List<String> problems = problems(file);
        assertEquals(2, problems.size(), "the limit of an unknown kind is not reported again: " + problems);
        final int kindLine = lineOf(file, "kind: sideways");
        final int loopsLine = lineOf(file, "loops: [nozzle]");
        assertTrue(problems.stream().anyMatch(p -> p.contains(":" + kindLine + ":13: unknown interlock kind 'sideways'")),
            problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains(":" + loopsLine + ":15: interlock 'over_pressure' guards 'nozzle'")),
            problems.toString());
    }

    @Test
    void shouldReadStartModeResetToAndSetpointRangeWithTheirDefaults() throws ConfigException
    {
        final MachineConfig.Loop pump = MachineSetup.load(PUMP, null).machine().loops().get(0);
        assertEquals(new MachineConfig.Operation("auto", "off", 0.5, 7.5, null), pump.operation());
        assertEquals("off", MachineConfig.Operation.defaults(-1.0, 1.0).startMode(), "loops start OFF unless told otherwise");
    }

    @Test
    void shouldPointAtBadOperationKeys() throws IOException
    {
        final Path file = machineWith("      startMode: auto ", "      startMode: running ");
        Files.writeString(file, Files.readString(file).replace("setpointRange: [0.5, 7.5]", "setpointRange: [0.5, 12.0]"));
        final List<String> problems = problems(file);
        assertEquals(2, problems.size(), problems.toString());
        final String range = file + ":" + lineOf(file, "setpointRange:") + ":22: 'setpointRange' of loop";
        final String mode = file + ":" + lineOf(file, "startMode: running") + ":18: unknown startMode 'running'";
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(range) && p.contains("beyond its trip limits")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(mode)), problems.toString());
    }

    @Test
    void shouldPointAtASetpointOutsideItsRangeAndAtBadAdvice() throws IOException
    {
        final Path file = machineWith("      setpointRange: [0.5, 7.5]", "      setpointRange: [4.5, 7.5]\n"
            + "      advice: {trimMin: 0.5, trimMax: 1.0}");
        final List<String> problems = problems(file);
        assertEquals(2, problems.size(), problems.toString());
        final String setpoint = file + ":" + lineOf(file, "setpoint: 4.0") + ":17: setpoint 4.0";
        final String advice = file + ":" + lineOf(file, "advice:") + ":";
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(setpoint)), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(advice) && p.contains("trimMin <= 0 <= trimMax")), problems.toString());
    }

    @Test
    void shouldRunTheWatchdogWithDefaultsWhenTheMachineFileHasNone() throws IOException, ConfigException
    {
        final Path file = machineWith("  watchdog:\n    overruns: 5", "  unused_watchdog_placeholder:\n    overruns: 5");
        Files.writeString(file, Files.readString(file).replaceAll("(?s)  unused_watchdog_placeholder:.*?\n\n", ""));
        final MachineConfig.Watchdog watchdog = MachineSetup.load(file, null).machine().watchdog();
        assertNotNull(watchdog, "always on");
        assertEquals(50, watchdog.windowTicks());
        assertEquals(10, watchdog.maxMissedInWindow(), "more than 20 % of the last 50 ticks trips");
        assertEquals(100.0, watchdog.stallMs(), "100 ms or 10 periods of the 100 Hz loop, whichever is larger");
    }

    @Test
    void shouldPointAtABadWatchdog() throws IOException
    {
        final Path file = machineWith("    overruns: 5 ", "    overruns: 0 ");
        final List<String> problems = problems(file);
        assertEquals(List.of(file + ":" + lineOf(file, "overruns: 0") + ":15: 'overruns' in watchdog must be at least 1, got 0"), problems);
    }

    @Test
    void shouldPointAtBadProgramAndAutotuneSettings() throws IOException
    {
        final Path file = machineWith("      tripLow: -0.5", "      program:\n"
            + "        segments:\n"
            + "          - {ratePerMin: 0, target: 5, soakMin: 1}\n"
            + "      autotune: {rule: simc, bias: 0, bound: 1.0}\n"
            + "      tripLow: -0.5");
        final List<String> problems = problems(file);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(file + ":" + lineOf(file, "ratePerMin: 0") + ":26: 'ratePerMin' of segment 1"), problems.toString());
        assertTrue(problems.get(1).startsWith(file + ":" + lineOf(file, "rule: simc") + ":"), problems.toString());
        assertTrue(problems.get(1).contains("biased relay"), problems.toString());
    }

    @Test
    void shouldRequireTheInnerLoopOfACascade() throws IOException
    {
        final Path file = machineWith("      type: pid\n", "      type: cascade\n");
        final List<String> problems = problems(file);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("missing required field 'inner'"), problems.toString());
    }
}
