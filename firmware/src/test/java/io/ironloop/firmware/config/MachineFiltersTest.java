package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Filters, input types and the new drivers in machine files: good entries load, bad ones point at file:line:column. */
class MachineFiltersTest
{
    @TempDir
    Path dir;

    private Path machine(final String sensorsAndActuators) throws IOException
    {
        Files.createDirectories(dir.resolve("boards"));
        Files.copy(Path.of("../board-configs/boards/sim.yaml"), dir.resolve("boards/sim.yaml"));
        Files.createDirectories(dir.resolve("machines"));
        final Path file = dir.resolve("machines/m.yaml");
        Files.writeString(file, "machine:\n  name: m\n  board: sim\n  simulation: {plant: pump}\n" + sensorsAndActuators);
        return file;
    }

    private List<Problem> problems(final String body) throws IOException
    {
        return MachineSetup.validate(List.of(machine(body)));
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

    private static final String ADS = "  sensors:\n    - id: s\n      driver: ads1115\n      i2c: {bus: 1, address: 0x48}\n";

    @Test
    void shouldLoadEveryFilterInOrderWithNormalisedArguments() throws IOException, ConfigException
    {
        final Path file = machine(ADS
            + "      filters:\n"
            + "        - calibrate_linear: [[0, 1], [10, 21]]\n"
            + "        - calibrate_linear: {scale: 2, offset: -1}\n"
            + "        - calibrate_linear: ['0 -> 0', '4 -> 8']\n"
            + "        - calibrate_polynomial: [1, 0, 0.5]\n"
            + "        - calibrate_polynomial: {degree: 2, datapoints: [[0, 1], [1, 1.5], [2, 3], [3, 5.5]]}\n"
            + "        - median: 5\n"
            + "        - moving_average: 4\n"
            + "        - ema: 0.3\n"
            + "        - delta: 0.1\n"
            + "        - throttle: 2s\n"
            + "        - timeout: 250\n"
            + "        - clamp: {min: 0, max: 10, outOfRange: fault}\n"
            + "        - clamp: {max: 5}\n");
        final MachineSetup setup = MachineSetup.load(file, null);
        final List<MachineConfig.Filter> filters = setup.machine().sensor("s").filters();
        assertEquals(List.of("calibrate_linear", "calibrate_linear", "calibrate_linear", "calibrate_polynomial", "calibrate_polynomial",
            "median", "moving_average", "ema", "delta", "throttle", "timeout", "clamp", "clamp"),
            filters.stream().map(MachineConfig.Filter::kind).toList());
        assertEquals(2.0, filters.get(0).args().get(0), 1e-9);
        assertEquals(1.0, filters.get(0).args().get(1), 1e-9);
        assertEquals(List.of(2.0, -1.0), filters.get(1).args());
        assertEquals(2.0, filters.get(2).args().get(0), 1e-9);
        assertEquals(List.of(1.0, 0.0, 0.5), filters.get(3).args());
        assertEquals(0.5, filters.get(4).args().get(2), 1e-9);
        assertEquals(List.of(5.0), filters.get(5).args());
        assertEquals(List.of(2000.0), filters.get(9).args());
        assertEquals(List.of(250.0), filters.get(10).args());
        assertEquals(List.of(0.0, 10.0, 1.0), filters.get(11).args());
        assertEquals(Double.NEGATIVE_INFINITY, filters.get(12).args().get(0));
    }

    @Test
    void shouldPointAtBadFilterArguments() throws IOException
    {
        final List<Problem> problems = problems(ADS
            + "      filters:\n"
            + "        - median: 0\n"
            + "        - ema: 1.5\n"
            + "        - kalman: 3\n"
            + "        - moving_average: 2.5\n"
            + "        - throttle: soon\n"
            + "        - clamp: {min: 5, max: 1}\n"
            + "        - calibrate_linear: [[1, 0], [1, 5]]\n"
            + "        - calibrate_polynomial: {degree: 9, datapoints: [[0, 0]]}\n"
            + "        - {median: 3, ema: 0.5}\n"
            + "        - delta: -1\n"
            + "        - clamp: {min: 0, outOfRange: wrap}\n"
            + "        - calibrate_linear: [[1, 2, 3]]\n");
        assertProblem(problems, 10, 19, "median window must be 1..1000 samples, got 0");
        assertProblem(problems, 11, 16, "ema alpha must be in (0, 1], got 1.5");
        assertProblem(problems, 12, 11, "unknown key 'kalman' in a filter");
        assertProblem(problems, 13, 27, "the window of 'moving_average' must be a whole number");
        assertProblem(problems, 14, 21, "throttle must be a time greater than 0");
        assertProblem(problems, 15, 18, "'clamp' needs min <= max");
        assertProblem(problems, 16, 29, "'calibrate_linear': the point pairs do not determine");
        assertProblem(problems, 17, 42, "degree must be 0..5");
        assertProblem(problems, 18, 20, "one filter per list item");
        assertProblem(problems, 19, 18, "delta must not be negative");
        assertProblem(problems, 20, 39, "outOfRange must be clamp or fault");
        assertProblem(problems, 21, 30, "a point pair of 'calibrate_linear' must be");
        assertEquals(12, problems.size(), problems.toString());
    }

    @Test
    void shouldCheckTheZeroToTenVoltInput() throws IOException
    {
        final List<Problem> problems = problems(ADS
            + "      input: {type: voltage-0-10v, dividerRatio: 0}\n"
            + "    - id: t\n      driver: ads1115\n      i2c: {bus: 1, address: 0x49}\n"
            + "      input: {type: current-4-20ma, range: [0, 10], dividerRatio: 3}\n");
        assertProblem(problems, 9, 14, "missing required field 'range'");
        assertProblem(problems, 9, 50, "dividerRatio must be 1..1000");
        assertProblem(problems, 13, 67, "dividerRatio applies to input type voltage-0-10v only");
    }

    @Test
    void shouldCheckPulseInputAndPwmSettings() throws IOException
    {
        final List<Problem> problems = problems("  sensors:\n"
            + "    - id: flow\n      driver: pulse-input\n      pin: 22\n      pulsesPerUnit: 0\n      gateMs: -5\n"
            + "    - id: tach\n      driver: pulse-input\n      pin: 23\n"
            + "  actuators:\n"
            + "    - id: lamp\n      driver: pca9685\n      i2c: {bus: 1, address: 0x40}\n      frequencyHz: 2000\n");
        assertProblem(problems, 9, 22, "'pulsesPerUnit' must be greater than 0");
        assertProblem(problems, 10, 15, "'gateMs' must be 1..600000 ms");
        assertProblem(problems, 11, 7, "missing required field 'pulsesPerUnit' in sensor 'tach'");
        assertProblem(problems, 18, 20, "a pca9685 runs at 24..1526 Hz");
    }

    @Test
    void shouldRefuseAnUnsupportedAccelerometerRangeOrRate() throws IOException
    {
        final List<Problem> problems = problems("  sensors:\n"
            + "    - id: vib\n      driver: adxl345-spi\n      spi: {bus: 0, chipSelect: 0}\n      rangeG: 3\n      dataRateHz: 3000\n"
            + "      rmsWindowMs: 0\n");
        assertProblem(problems, 9, 15, "unsupported rangeG 3 for adxl345-spi (supported: 2, 4, 8, 16)");
        assertProblem(problems, 10, 19, "unsupported dataRateHz 3000 for adxl345-spi");
        assertProblem(problems, 11, 20, "'rmsWindowMs' must be 1..60000 ms");
    }

    @Test
    void shouldShareAnExpanderAddressButNotAPin() throws IOException
    {
        final List<Problem> problems = problems("  sensors:\n"
            + "    - id: left\n      driver: mcp23017-input\n      i2c: {bus: 1, address: 0x20}\n      expanderPin: 8\n"
            + "    - id: right\n      driver: mcp23017-input\n      i2c: {bus: 1, address: 0x20}\n      expanderPin: 8\n"
            + "  actuators:\n"
            + "    - id: motor\n      driver: mcp23017-output\n      i2c: {bus: 1, address: 0x20}\n      expanderPin: 0\n"
            + "    - id: lamp\n      driver: pca9685\n      i2c: {bus: 1, address: 0x40}\n      channel: 0\n      frequencyHz: 200\n"
            + "    - id: fan\n      driver: pca9685\n      i2c: {bus: 1, address: 0x40}\n      channel: 1\n      frequencyHz: 1000\n"
            + "    - id: horn\n      driver: pca9685\n      i2c: {bus: 1, address: 0x40}\n      channel: 1\n      frequencyHz: 200\n");
        assertProblem(problems, 12, 12, "mcp23017 expanderPin 8 at i2c-1 address 0x20 is used twice: by sensor 'right' and by sensor 'left'");
        assertProblem(problems, 26, 12, "actuator 'fan' sets frequencyHz 1000.0 but the pca9685 at i2c-1 address 0x40 is shared with lamp");
        assertProblem(problems, 31, 12, "pca9685 channel 1 at i2c-1 address 0x40 is used twice: by actuator 'horn' and by actuator 'fan'");
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void shouldRefuseAnotherChipAtAnExpanderAddress() throws IOException
    {
        final List<Problem> problems = problems("  sensors:\n"
            + "    - id: s\n      driver: ads1115\n      i2c: {bus: 1, address: 0x48}\n"
            + "  actuators:\n"
            + "    - id: lamp\n      driver: pca9685\n      i2c: {bus: 1, address: 0x48}\n");
        assertProblem(problems, 12, 12, "two devices at i2c-1 address 0x48: by actuator 'lamp' and by sensor 's'");
    }

    @Test
    void shouldValidateTheConveyorMachine()
    {
        assertEquals(List.of(), MachineSetup.validate(List.of(Path.of("../board-configs/machines/conveyor-io.yaml"))));
    }
}
