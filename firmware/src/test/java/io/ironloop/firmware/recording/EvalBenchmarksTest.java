package io.ironloop.firmware.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.firmware.cli.IronloopCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CWRU and NAB evaluations on ../shared/data (skipped with a message when it is absent, see {@link SharedData}). */
class EvalBenchmarksTest
{
    @TempDir
    Path tmp;

    private static String run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = IronloopCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    @Test
    void cwruMeetsIssue11sTarget() throws Exception
    {
        final Path bearing = SharedData.file("bearing/cwru48k_DE_0hp_normal_97.csv").getParent();
        final Path json = tmp.resolve("cwru.json");
        final String table = run("eval", "cwru", bearing.toString(), "--json", json.toString());
        final JsonNode root = new ObjectMapper().readTree(json.toFile());
        final Map<String, JsonNode> files = new HashMap<>();
        root.get("files").forEach(f -> files.put(f.get("file").asText(), f));
        assertEquals(4, files.size(), table);
        final JsonNode normal = files.get("cwru48k_DE_0hp_normal_97.csv");
        final JsonNode inner = files.get("cwru48k_DE_0hp_innerrace007_109.csv");
        final JsonNode outer = files.get("cwru48k_DE_0hp_outerrace007at6_135.csv");
        final JsonNode ball = files.get("cwru48k_DE_0hp_ball007_122.csv");
        assertEquals(false, normal.get("alarm").asBoolean(), table);
        assertEquals("none", normal.get("fault").asText());
        assertEquals(true, inner.get("alarm").asBoolean(), table);
        assertEquals("inner-race", inner.get("fault").asText(), table);
        assertEquals(true, outer.get("alarm").asBoolean(), table);
        assertEquals("outer-race", outer.get("fault").asText(), table);
        assertEquals(true, ball.get("alarm").asBoolean(), table);
        assertEquals(107.304, root.get("bearing").get("bpfoHz").asDouble(), 1e-3);
        assertTrue(table.contains("BPFI x1 at 161.1 Hz"), table);
    }

    @Test
    void nabScoresAreTheRecordedOnesAndTheResultFilesAreComplete() throws Exception
    {
        final Path nab = SharedData.file("nab/labels/combined_windows.json").getParent().getParent();
        final Path results = tmp.resolve("results");
        final Path json = tmp.resolve("nab.json");
        final String table = run("eval", "nab", nab.toString(), "--out", results.toString(), "--json", json.toString());
        final JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(7, root.get("files").asInt());
        assertEquals(19, root.get("windows").asInt());
        // docs/DETECTION-VIBRATION.md; NAB's own run.py --optimize --score --normalize gave the same on these files
        assertEquals(23.55, root.get("standard").asDouble(), 0.01, table);
        assertEquals(16.02, root.get("lowFP").asDouble(), 0.01, table);
        assertEquals(27.98, root.get("lowFN").asDouble(), 0.01, table);
        // NAB's stored per-file scores of numenta, normalised over the same files
        assertEquals(55.47, root.get("referenceOnTheseFiles").get("numenta").get("standard").asDouble(), 0.01, table);
        for (final String detector : new String[] {"ironloop", "null"})
        {
            final Path file = results.resolve(detector).resolve("realKnownCause").resolve(detector + "_nyc_taxi.csv");
            assertEquals(10321, Files.readAllLines(file).size(), file.toString());
        }
    }
}
