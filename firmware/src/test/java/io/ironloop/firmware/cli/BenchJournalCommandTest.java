package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench journal} runs every fsync policy end to end and cleans up (a short run: not a measurement). */
class BenchJournalCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReportEveryFsyncPolicyAndLeaveNoFilesBehind() throws Exception
    {
        final Path file = dir.resolve("journal.json");
        final Path work = Files.createDirectories(dir.resolve("work"));
        assertEquals(0, IronloopCli.execute("bench", "journal", "--dir", work.toString(), "--seconds", "0.1", "--json", file.toString()));
        final JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(4, json.get("policies").size());
        for (final JsonNode policy : json.get("policies"))
        {
            assertTrue(policy.get("recordsPerSecond").asDouble() > 0, policy.toString());
        }
        assertEquals(0, json.get("policies").get(0).get("fsyncs").asLong(), "no fsync under 'none'");
        assertTrue(json.get("policies").get(1).get("fsyncs").asLong() > 0);
        try (Stream<Path> left = Files.list(work))
        {
            assertEquals(0, left.count(), "the bench deletes its journals");
        }
    }

    @Test
    void shouldRefuseANonPositiveDuration()
    {
        assertEquals(IronloopCli.EXIT_INVALID_CONFIG, IronloopCli.execute("bench", "journal", "--seconds", "0"));
    }
}
