package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names that become file names, JSON and MQTT topics are held to a safe set: a machine name with '/' wrote its counters
 * file outside its directory, one with '"' broke every JSON message, a topic with '#' crashed the telemetry agent, a
 * 600-character loop id made every MQTT payload too long.
 */
class NamesAndTopicsTest
{
    private static final String SAFE = "ids and names use only letters, digits, '_', '.' and '-'";

    @TempDir
    Path dir;

    private void assertRefused(final String from, final String to, final String at, final String message) throws Exception
    {
        final String shipped = Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
        final String text = ConfigRangesTest.edit(shipped, from, to);
        final Path file = MachineFiles.write(dir, "pump-station", text);
        ConfigRangesTest.assertRefused(file, text, to, at, message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        '  name: pump-station' | '  name: x/../../../tmp/escape' | | 'name' in machine contains '/' (character 2); SAFE
        '  name: pump-station' | '  name: pump"station'          | | 'name' in machine contains '"' (character 5); SAFE
        '  name: pump-station' | '  name: .hidden'               | | 'name' in machine must not start with '.', got '.hidden'
        '  name: pump-station' | '  name: "pump\\0"'            | | 'name' in machine contains a NUL character (character 5); SAFE
        '  board: sim'         | '  board: ../boards/sim'        | | 'board' in machine must not start with '.', got '../boards/sim'
        '- id: pump_speed'     | '- id: pump speed'              | | 'id' in actuator contains ' ' (character 5); SAFE
        '- id: over_pressure'  | '- id: over_pressure!'          | | 'id' in interlock contains '!' (character 14); SAFE
        'topic: ironloop/pump-station' | 'topic: ironloop/#'     | | 'topic' in telemetry contains the MQTT wildcard '#' (character 10); one publishes to a topic without wildcards
        'topic: ironloop/pump-station' | 'topic: ironloop/+/x'   | | 'topic' in telemetry contains the MQTT wildcard '+' (character 10); one publishes to a topic without wildcards
        'topic: ironloop/pump-station' | 'topic: "ironloop/a\\0"'| | 'topic' in telemetry contains a NUL character (character 11); topic levels use only letters, digits, '_', '.' and '-'
        'topic: ironloop/pump-station' | 'topic: ironloop//x'    | | 'topic' in telemetry has an empty level (a '/' at its start or end, or two in a row): 'ironloop//x'
        'topic: ironloop/pump-station' | 'topic: /ironloop'      | | 'topic' in telemetry has an empty level (a '/' at its start or end, or two in a row): '/ironloop'
        """)
    void shouldRefuseAnUnsafeNameOrTopic(final String from, final String to, final String at, final String message) throws Exception
    {
        assertRefused(from, to, at, message.replace("SAFE", SAFE));
    }

    @Test
    void shouldRefuseALoopIdTooLongForAPayload() throws Exception
    {
        final String id = "l".repeat(600);
        assertRefused("- id: discharge_pressure_control", "- id: " + id, null,
            "'id' in loop is 600 characters long; ids and names are at most 64");
    }

    @Test
    void shouldAcceptTheLongestSafeName() throws Exception
    {
        final String shipped = Files.readString(Path.of("../board-configs/machines/pump-station.yaml"));
        final String name = "a".repeat(62) + ".-"; // 64 characters: the longest name
        final Path file = MachineFiles.write(dir, "long", ConfigRangesTest.edit(shipped, "  name: pump-station", "  name: " + name)
            .replace("topic: ironloop/pump-station", "topic: ironloop/" + name));
        final MachineFiles.Validation run = MachineFiles.validate(file);
        org.junit.jupiter.api.Assertions.assertEquals(0, run.exitCode(), run.err());
    }
}
