package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BearingReaderTest
{
    @TempDir
    Path dir;

    @Test
    void theShippedTestRigDeclaresThe6205()
    {
        final List<BearingReader.Bearing> bearings = assertLoads(Path.of("../board-configs/machines/cwru-test-rig.yaml"));
        assertEquals(1, bearings.size());
        final BearingReader.Bearing b = bearings.get(0);
        assertEquals("drive_end", b.id());
        assertEquals("de_accel", b.sensor());
        assertEquals(9, b.balls());
        assertEquals(0.3126, b.ballDiameter());
        assertEquals(1.537, b.pitchDiameter());
        assertEquals(1796, b.shaftRpm());
        assertEquals(500, b.bandLowHz());
        assertEquals(23000, b.bandHighHz());
        assertEquals(List.of(), MachineSetup.validate(List.of(Path.of("../board-configs/machines/cwru-test-rig.yaml"))));
    }

    private static List<BearingReader.Bearing> assertLoads(final Path path)
    {
        try
        {
            return BearingReader.load(path);
        }
        catch (final ConfigException ex)
        {
            throw new AssertionError(ex.problems().toString());
        }
    }

    private String problems(final String bearings) throws Exception
    {
        final Path file = dir.resolve("m.yaml");
        Files.writeString(file, "machine:\n  name: m\n  board: sim\n  sensors:\n    - id: acc\n      driver: x\n  bearings:\n" + bearings);
        final ConfigException ex = assertThrows(ConfigException.class, () -> BearingReader.load(file));
        final StringBuilder text = new StringBuilder();
        ex.problems().forEach(p -> text.append(p).append('\n'));
        return text.toString();
    }

    @Test
    void badBearingsAreReportedAtTheirPosition() throws Exception
    {
        final String text = problems(
            "    - id: de\n"
                + "      sensor: nope\n"
                + "      balls: 2\n"
                + "      ballDiameter: 2\n"
                + "      pitchDiameter: 1\n"
                + "      shaftRpm: -5\n"
                + "      contactAngleDeg: 95\n"
                + "      envelopeBandHz: [900, 100]\n"
                + "      color: red\n");
        assertTrue(text.contains("m.yaml:9:15: bearing 'de': no sensor 'nope' in this machine (sensors: acc)"), text);
        assertTrue(text.contains("m.yaml:10:14: bearing 'de': 'balls' must be between 3 and 200, got 2"), text);
        assertTrue(text.contains("m.yaml:12:22: bearing 'de': 'pitchDiameter' (1.0) must be larger than 'ballDiameter' (2.0)"), text);
        assertTrue(text.contains("m.yaml:13:17: bearing 'de': 'shaftRpm' must be in (0, 1e6], got -5.0"), text);
        assertTrue(text.contains("m.yaml:14:24: bearing 'de': 'contactAngleDeg' must be in [0, 90), got 95.0"), text);
        assertTrue(text.contains("m.yaml:15:23: bearing 'de': 'envelopeBandHz' needs 0 <= low < high"), text);
        assertTrue(text.contains("m.yaml:16:7: unknown key 'color' in bearing 'de'"), text);
    }

    @Test
    void missingFieldsAndWrongTypesAreReported() throws Exception
    {
        final String text = problems("    - id: de\n      sensor: acc\n      balls: nine\n");
        assertTrue(text.contains("'balls' in bearing 'de' must be a whole number, got 'nine'"), text);
        assertTrue(text.contains("missing required field 'ballDiameter' in bearing 'de'"), text);
        assertTrue(text.contains("missing required field 'shaftRpm' in bearing 'de'"), text);
    }

    @Test
    void theMachineLoaderChecksTheBlockToo() throws Exception
    {
        final Path file = dir.resolve("machines").resolve("rig.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Files.readString(Path.of("../board-configs/machines/cwru-test-rig.yaml"))
            .replace("balls: 9", "balls: 1"));
        final Problems problems = new Problems();
        MachineLoader.load(file, problems);
        assertTrue(problems.toString().contains("'balls' must be between 3 and 200, got 1"), problems.toString());
    }
}
