package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The bench command runs end to end and writes the fields the issue asks for (few iterations: not a measurement). */
class HalBenchCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheRequiredJsonFields() throws Exception
    {
        final Path file = dir.resolve("hal.json");
        assertEquals(0, IronloopCli.execute("bench", "hal", "--json", file.toString(),
            "--warmup", "20000", "--iterations", "20000", "--rounds", "3"));
        final JsonNode json = new ObjectMapper().readTree(file.toFile());
        for (final String field : new String[] {"nsPerRead", "bytesPerRead", "adxl345SamplesPerSecond", "javaVersion",
            "warmupIterations", "iterations", "adxl345SimPathSamplesPerSecond"})
        {
            assertTrue(json.has(field), field);
        }
        assertEquals(20000, json.get("iterations").asInt());
        assertTrue(json.get("nsPerRead").asDouble() > 0);
        assertTrue(json.get("adxl345SamplesPerSecond").asDouble() > 0);
        // Any allocation per read is at least 16 bytes; a fraction of a byte is one-off JIT/ThreadMXBean noise.
        assertTrue(json.get("bytesPerRead").asDouble() < 1.0, "the read path allocates nothing per read");
        assertTrue(json.get("adxl345SimPathBytesPerSample").asDouble() < 1.0);
    }

    @Test
    void shouldRefuseNonsenseIterationCounts()
    {
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, IronloopCli.execute("bench", "hal", "--iterations", "0"));
    }
}
