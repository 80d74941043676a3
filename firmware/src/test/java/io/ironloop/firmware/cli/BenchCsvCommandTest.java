package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The csv bench runs end to end on the vendored NAB excerpt and writes its fields (few rounds: not a measurement). */
class BenchCsvCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheJsonFields() throws Exception
    {
        final Path file = dir.resolve("csv.json");
        assertEquals(0, IronloopCli.execute("bench", "csv", "src/test/resources/recordings/nab-machine-temperature-excerpt.csv",
            "--map", "../hil-tests/recordings/nab.yaml", "--warmup", "1", "--rounds", "1", "--json", file.toString()));
        final JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(24, json.get("rows").asInt());
        assertEquals(2, json.get("channels").asInt());
        for (final String field : new String[] {"csvRowsPerSecond", "rowsPerSecond", "fileBytesPerRow"})
        {
            assertTrue(json.get(field).asDouble() > 0, field);
        }
        assertTrue(json.has("bytesPerRow"));
    }

    @Test
    void shouldRefuseNonsenseRounds()
    {
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, IronloopCli.execute("bench", "csv", "x.csv", "--map", "m.yaml",
            "--rounds", "0"));
    }
}
