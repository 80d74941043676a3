package io.ironloop.hil.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.hil.Repo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The foundation's end-to-end contract: the simulated pump station under the virtual clock. */
class PumpStationDemoTest
{
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldSettleWithinTwoPercentInUnderThirtySecondsWithLittleOvershoot(@TempDir final Path dir) throws Exception
    {
        final Path summary = dir.resolve("summary.json");
        final Repo.Cli run = Repo.ironloop("demo", "--fast", "--seconds", "60", "--no-mqtt", "--summary-json", summary.toString());
        assertEquals(0, run.exitCode(), run.err());

        final JsonNode result = json.readTree(summary.toFile());
        for (final String field : new String[] {"simSeconds", "setpoint", "final", "overshootPct", "settleSeconds", "overruns"})
        {
            assertTrue(result.has(field), "summary has " + field);
        }
        final double setpoint = result.get("setpoint").asDouble();
        assertEquals(60.0, result.get("simSeconds").asDouble(), 1e-6);
        assertTrue(result.get("settleSeconds").isNumber(), "the loop settled");
        assertTrue(result.get("settleSeconds").asDouble() < 30.0, "settled after " + result.get("settleSeconds"));
        assertTrue(result.get("overshootPct").asDouble() < 10.0, "overshoot " + result.get("overshootPct"));
        assertEquals(setpoint, result.get("final").asDouble(), 0.02 * setpoint);
        assertEquals(0, result.get("overruns").asLong());
        assertEquals("AUTO", result.get("finalMode").asText());
    }

    @Test
    void shouldPrintOneStatusLinePerSimulatedSecond()
    {
        final Repo.Cli run = Repo.ironloop("demo", "--fast", "--seconds", "10", "--no-mqtt");
        assertEquals(0, run.exitCode(), run.err());
        final long statusLines = run.out().lines().filter(line -> line.startsWith("t=")).count();
        assertEquals(10, statusLines, run.out());
        assertTrue(run.out().contains("jitter p99="));
        assertTrue(run.out().contains("overruns="));
    }

    @Test
    void shouldProduceByteIdenticalTelemetryForTheSameSeed(@TempDir final Path dir) throws Exception
    {
        final byte[] first = telemetry(dir.resolve("a.jsonl"), "42");
        final byte[] second = telemetry(dir.resolve("b.jsonl"), "42");
        final byte[] otherSeed = telemetry(dir.resolve("c.jsonl"), "43");
        assertTrue(first.length > 10_000, "telemetry was recorded");
        assertArrayEquals(first, second);
        assertFalse(java.util.Arrays.equals(first, otherSeed), "the seed drives the noise");
        final JsonNode line = json.readTree(Files.readAllLines(dir.resolve("a.jsonl")).get(100));
        assertEquals("pump-station", line.get("machine").asText());
        assertTrue(line.has("pv") && line.has("sp") && line.has("out") && line.has("t"));
    }

    @Test
    void shouldRefuseToStartOnAnInvalidMachineFile()
    {
        final Path broken = Repo.root().resolve("hil-tests/src/test/resources/fixtures/invalid/machines/unknown-key.yaml");
        final Repo.Cli run = Repo.ironloop("demo", "--fast", "--seconds", "5", "--no-mqtt", "--machine", broken.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown-key.yaml:17:7: unknown key 'setpiont'"), run.err());
        assertTrue(run.err().contains("not starting"), run.err());
        assertFalse(run.out().contains("t="), "nothing ran");
    }

    private static byte[] telemetry(final Path file, final String seed) throws Exception
    {
        final Repo.Cli run = Repo.ironloop("demo", "--fast", "--seconds", "120", "--no-mqtt", "--seed", seed,
            "--telemetry-out", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        return Files.readAllBytes(file);
    }
}
