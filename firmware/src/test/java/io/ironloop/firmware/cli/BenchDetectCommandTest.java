package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detect bench runs end to end and writes its fields (few samples: not a measurement). */
class BenchDetectCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheJsonFields() throws Exception
    {
        final Path file = dir.resolve("detect.json");
        assertEquals(0, IronloopCli.execute("bench", "detect", "--samples", "2000", "--json", file.toString()));
        final JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(8, json.get("channels").asInt());
        assertTrue(json.get("nsPerSample").asDouble() > 0);
        assertTrue(json.get("bytesPerSample").asDouble() >= 0);
        assertEquals(7, json.get("detectors").size());
        assertTrue(json.get("detectors").get(5).get("name").asText().startsWith("default ensemble pca+dpca(2)+mad"),
            "the advisors' default ensemble is measured too");
        assertTrue(json.get("detectors").get(6).get("name").asText().startsWith("smoothed ensemble pca+mad+ewma"),
            "the smoothed ensemble (eval skab, detectors: smoothed) is measured too");
        assertTrue(json.get("controlTick").get("nsPerTick").asDouble() > 0);
    }

    @Test
    void shouldRefuseNonsenseChannels()
    {
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, IronloopCli.execute("bench", "detect", "--channels", "1"));
    }
}
