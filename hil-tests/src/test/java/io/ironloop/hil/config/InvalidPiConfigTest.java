package io.ironloop.hil.config;

import io.ironloop.firmware.config.DriverCatalog;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each board+machine pair under {@code fixtures/invalid/pi-*} breaks one wiring rule; validating its
 * machine file the way {@code ironloop validate} does must print exactly the lines of its
 * {@code expected.txt}: {@code file:line:column: message}, naming both parties of a clash.
 */
class InvalidPiConfigTest
{
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/invalid");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "pi-pin-twice",
        "pi-pin-on-bus",
        "pi-pin-not-on-board",
        "pi-missing-bus",
        "pi-disabled-bus",
        "pi-i2c-address-twice",
        "pi-board-pin-twice",
        "pi-chip-select-missing",
        "pi-chip-select-twice",
    })
    void shouldRefuseTheWiringWithExactlyTheExpectedProblems(final String fixture) throws IOException
    {
        final Path dir = FIXTURES.resolve(fixture);
        final Path machine = dir.resolve("machines/machine.yaml");
        if (Files.readString(machine).contains("driver: mcp3008"))
        {
            // the SPI rules need an SPI driver in the catalog; the MCP3008's is being added elsewhere
            Assumptions.assumeTrue(DriverCatalog.driver("mcp3008") != null, "no mcp3008 driver in the catalog yet");
        }

        final List<String> problems = MachineSetup.validate(List.of(machine)).stream()
            .map(Problem::toString)
            .collect(Collectors.toList());

        assertEquals(expected(dir), String.join("\n", problems));
    }

    private static String expected(final Path dir) throws IOException
    {
        return Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8).stream()
            .map(line -> line.replace("${dir}", dir.toString()))
            .collect(Collectors.joining("\n"));
    }
}
