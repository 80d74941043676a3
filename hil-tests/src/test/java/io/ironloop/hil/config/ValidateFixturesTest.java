package io.ironloop.hil.config;

import io.ironloop.hil.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ironloop validate}: exact {@code file:line:column: message} lines, exit 2, never a stack trace. */
class ValidateFixturesTest
{
    private static final String DIR = "src/test/resources/fixtures/invalid/";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        machines/unknown-key.yaml | machines/unknown-key.yaml:14:7: missing required field 'setpoint' in loop 'pressure_loop'
        machines/unknown-key.yaml | machines/unknown-key.yaml:17:7: unknown key 'setpiont' in a loop (expected one of: actuator, advice, antiWindup, autotune, derivativeFilterS, id, kd, ki, kp, measurement, outputMax, outputMin, program, rateLimitPerS, resetTo, setpoint, setpointRange, startMode, tripHigh, tripLow, type)
        machines/wrong-type.yaml | machines/wrong-type.yaml:18:11: 'kp' in loop 'pressure_loop' must be a number, got 'fast'
        machines/missing-field.yaml | machines/missing-field.yaml:14:7: missing required field 'measurement' in loop 'pressure_loop'
        machines/pin-used-twice.yaml | machines/pin-used-twice.yaml:18:7: pin 17 is used twice: by actuator 'lamp' and by actuator 'horn' (15:7)
        machines/pin-used-by-bus.yaml | machines/pin-used-by-bus.yaml:15:7: pin 3 is used twice: by actuator 'lamp' and by i2c-1 SCL of board 'test-sim' (src/test/resources/fixtures/invalid/boards/test-sim.yaml:17:7)
        machines/pin-not-on-board.yaml | machines/pin-not-on-board.yaml:15:7: actuator 'lamp' is on pin 40, which is not a GPIO of board 'test-sim'
        machines/i2c-address-out-of-range.yaml | machines/i2c-address-out-of-range.yaml:12:30: I2C address 0x7a of actuator 'speed' is out of range (7-bit addresses 0x03..0x77)
        machines/i2c-address-twice.yaml | machines/i2c-address-twice.yaml:12:12: two devices at i2c-1 address 0x48: by actuator 'speed' and by sensor 'pressure' (7:12)
        machines/i2c-bus-missing.yaml | machines/i2c-bus-missing.yaml:7:12: sensor 'pressure' is on i2c-3, which board 'test-sim' does not have (it has: i2c-1)
        machines/unsupported-gain.yaml | machines/unsupported-gain.yaml:8:23: unsupported fullScaleVolts 3.3 for ads1115 (supported: 6.144, 4.096, 2.048, 1.024, 0.512, 0.256)
        machines/yaml-syntax.yaml | machines/yaml-syntax.yaml:15:9: YAML syntax error: could not find expected ':'
        boards/pin-clash.yaml | boards/pin-clash.yaml:11:12: pin 2 is used twice: by i2c-1 SDA and by reserved (status LED) (7:9)
        """)
    void shouldReportEachProblemAtItsLineAndColumn(final String fixture, final String expectedLine)
    {
        final Repo.Cli run = Repo.ironloop("validate", DIR + fixture);
        assertEquals(2, run.exitCode());
        final List<String> lines = run.err().lines().collect(Collectors.toList());
        assertTrue(lines.contains(DIR + expectedLine), "expected line\n  " + DIR + expectedLine + "\nin\n" + run.err());
        assertFalse(run.err().contains("Exception"), "no stack trace: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void shouldPrintOnlyTheRealProblemsOfAFile()
    {
        final Repo.Cli run = Repo.ironloop("validate", DIR + "machines/wrong-type.yaml");
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void shouldAcceptTheValidFixture()
    {
        final Repo.Cli run = Repo.ironloop("validate", DIR + "machines/valid.yaml");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
    }

    @Test
    void shouldValidateEveryFileInBoardConfigs() throws IOException
    {
        final List<String> files;
        try (Stream<Path> walk = Files.walk(Repo.root().resolve("board-configs")))
        {
            files = walk.filter(path -> path.toString().endsWith(".yaml")).map(Path::toString).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 4, files.toString());
        final Repo.Cli run = Repo.ironloop(Stream.concat(Stream.of("validate"), files.stream()).toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void shouldReportAMissingFile()
    {
        final Repo.Cli run = Repo.ironloop("validate", DIR + "machines/no-such-file.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(DIR + "machines/no-such-file.yaml:1:1: file not found", run.err().trim());
    }
}
