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

    @Test
    void theShippedBearingRigIsWatchedByTheRunningFirmware()
    {
        final List<BearingReader.Bearing> bearings = assertLoads(Path.of("../board-configs/machines/cwru-bearing-rig.yaml"));
        final BearingReader.Monitor m = bearings.get(0).monitor();
        assertEquals(3200, m.sampleRateHz());
        assertEquals(1024, m.windowSamples());
        assertEquals(6, m.learnWindows());
        assertEquals(1500, bearings.get(0).bandHighHz());
        assertEquals(List.of(), MachineSetup.validate(List.of(Path.of("../board-configs/machines/cwru-bearing-rig.yaml"))));
    }

    @Test
    void badMonitorsAreReportedAtTheirPosition() throws Exception
    {
        final String text = problems(
            "    - id: de\n"
                + "      sensor: acc\n"
                + "      balls: 9\n"
                + "      ballDiameter: 0.3\n"
                + "      pitchDiameter: 1.5\n"
                + "      shaftRpm: 1800\n"
                + "      envelopeBandHz: [500, 2000]\n"
                + "      monitor:\n"
                + "        sampleRateHz: 3200\n"
                + "        windowSamples: 1000\n"
                + "        learnWindows: 1\n"
                + "        alarmWindows: 0\n"
                + "        shaftSpeedSensor: tacho\n"
                + "        colour: red\n");
        assertTrue(text.contains("m.yaml:14:23: bearing 'de': 'envelopeBandHz' reaches 2000.0 Hz, above the Nyquist frequency 1600.0 Hz"), text);
        assertTrue(text.contains("m.yaml:16:9: 'monitor' of bearing 'de': sensor 'acc' is a x; raw samples can be tapped from adxl345, adxl345-spi only"), text);
        assertTrue(text.contains("m.yaml:17:24: 'monitor' of bearing 'de': 'windowSamples' must be a power of two in [64, 65536], got 1000"), text);
        assertTrue(text.contains("m.yaml:18:23: 'monitor' of bearing 'de': 'learnWindows' (healthy windows learned at start) must be in [2, 100000], got 1"), text);
        assertTrue(text.contains("m.yaml:19:23: 'monitor' of bearing 'de': 'alarmWindows' must be in [1, 1000], got 0"), text);
        assertTrue(text.contains("m.yaml:20:27: 'monitor' of bearing 'de': no sensor 'tacho' in this machine (sensors: acc)"), text);
        assertTrue(text.contains("m.yaml:21:9: unknown key 'colour' in 'monitor' of bearing 'de'"), text);
    }

    @Test
    void aMonitorWithoutItsSampleRateIsRefused() throws Exception
    {
        final String text = problems(
            "    - id: de\n      sensor: acc\n      balls: 9\n      ballDiameter: 0.3\n      pitchDiameter: 1.5\n      shaftRpm: 1800\n"
                + "      monitor: {windowSamples: 512}\n");
        assertTrue(text.contains("m.yaml:14:16: missing required field 'sampleRateHz' in 'monitor' of bearing 'de'"), text);
    }
}
