package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Driver settings that used to validate and then crash or mislead are refused at load, at file:line:column. */
class DriverSettingRangesTest
{
    @TempDir
    Path dir;

    private List<Problem> problems(final String body) throws IOException
    {
        Files.createDirectories(dir.resolve("boards"));
        Files.copy(Path.of("../board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        Files.createDirectories(dir.resolve("machines"));
        final Path file = dir.resolve("machines/m.yaml");
        Files.writeString(file, "machine:\n  name: m\n  board: sim\n" + body);
        return MachineSetup.validate(List.of(file));
    }

    private static String ads1115(final String id, final String address, final String input)
    {
        return "    - id: " + id + "\n      driver: ads1115\n      i2c: {bus: 1, address: " + address + "}\n" + input;
    }

    private static void assertProblem(final List<Problem> problems, final int line, final int column, final String text)
    {
        for (final Problem problem : problems)
        {
            if (problem.line() == line && problem.column() == column && problem.message().contains(text))
            {
                return;
            }
        }
        fail("expected " + line + ":" + column + " '" + text + "' in " + problems);
    }

    @Test
    void shouldRefuseANegativeI2cAddress() throws IOException
    {
        final List<Problem> problems = problems("  sensors:\n" + ads1115("p", "-1", ""));
        assertProblem(problems, 7, 30, "I2C address -1 of sensor 'p' is out of range (7-bit addresses 0x03..0x77)");
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void shouldRefuseALeadingZeroDecimalAddressInsteadOfReadingItAsOctal() throws IOException
    {
        final List<Problem> problems = problems("  sensors:\n" + ads1115("p", "0110", ""));
        assertProblem(problems, 7, 30, "must be decimal without leading zeros or hex with 0x, got '0110'");
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void shouldAcceptHexAndPlainDecimalAddresses() throws IOException
    {
        assertEquals(List.of(), problems("  sensors:\n" + ads1115("a", "0x48", "") + ads1115("b", "73", "") + ads1115("c", "0X4A", "")));
    }

    @Test
    void shouldRefuseACurrentLoopInputWithoutABurdenResistor() throws IOException
    {
        final List<Problem> problems = problems("  sensors:\n"
            + ads1115("p", "0x48", "      input: {type: current-4-20ma, shuntOhms: 0, range: [0, 10]}\n")
            + ads1115("q", "0x49", "      input: {type: current-4-20ma, range: [0, 10]}\n")
            + ads1115("r", "0x4a", "      input: {type: none, shuntOhms: 150}\n"));
        assertProblem(problems, 8, 48, "a current-4-20ma input needs shuntOhms 1..1000 (the burden resistor, typically 150 or 250), got 0.0");
        assertProblem(problems, 12, 21, "a current-4-20ma input needs shuntOhms 1..1000");
        assertProblem(problems, 16, 38, "shuntOhms applies to input type current-4-20ma only");
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void shouldGiveEveryDriverNumberAPhysicalRange() throws IOException
    {
        final List<Problem> problems = problems("  sensors:\n"
            + "    - id: motor\n      driver: ina219\n      i2c: {bus: 1, address: 0x40}\n      shuntOhms: 1e-9\n      maxCurrentA: 1e9\n"
            + "    - id: flow\n      driver: pulse-input\n      pin: 22\n      pulsesPerUnit: 1e12\n      gateMs: 1e-300\n"
            + "    - id: door\n      driver: gpio-input\n      pin: 23\n      debounceMs: 1e9\n"
            + "  actuators:\n"
            + "    - id: speed\n      driver: mcp4725\n      i2c: {bus: 1, address: 0x60}\n      supplyVolts: 12\n      voltsMax: 9\n"
            + "    - id: valve\n      driver: mcp4725\n      i2c: {bus: 1, address: 0x61}\n      voltsMin: 4\n      voltsMax: 2\n");
        assertProblem(problems, 8, 18, "'shuntOhms' must be 0.0001..100 ohm, got 1.0E-9");
        assertProblem(problems, 9, 20, "'maxCurrentA' must be 0.001..3200 A, got 1.0E9");
        assertProblem(problems, 13, 22, "'pulsesPerUnit' must be greater than 0 and at most 1e9, got 1.0E12");
        assertProblem(problems, 14, 15, "'gateMs' must be 1..600000 ms, got 1.0E-300");
        assertProblem(problems, 18, 19, "'debounceMs' must be 0..10000 ms, got 1.0E9");
        assertProblem(problems, 23, 20, "an mcp4725 runs from 2.7..5.5 V, not 12.0 V");
        assertProblem(problems, 24, 17, "'voltsMax' must be 0..5.5 V (the DAC output), got 9.0");
        assertProblem(problems, 29, 17, "voltsMax 2.0 must be greater than voltsMin 4.0");
    }
}
