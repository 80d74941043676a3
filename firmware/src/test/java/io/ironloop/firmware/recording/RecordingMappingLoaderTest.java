package io.ironloop.firmware.recording;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mapping files: the shipped ones load, and every mistake is reported as file:line:column. */
class RecordingMappingLoaderTest
{
    @TempDir
    Path dir;

    private List<String> problems(final String yaml) throws Exception
    {
        final Path file = dir.resolve("m.yaml");
        Files.writeString(file, yaml);
        final ConfigException ex = assertThrows(ConfigException.class, () -> RecordingMappingLoader.load(file));
        return ex.problems().stream().map(Problem::toString).map(text -> text.replace(file.toString(), "m.yaml"))
            .collect(Collectors.toList());
    }

    @Test
    void shouldLoadEveryShippedMapping() throws Exception
    {
        for (final String name : new String[] {"skab.yaml", "nab.yaml", "tep.yaml", "tep-d00.yaml", "cwru-48k-de.yaml"})
        {
            final RecordingMapping mapping = RecordingMappingLoader.load(SharedData.mapping(name));
            assertTrue(mapping.channels().size() >= 1, name);
        }
        final RecordingMapping tep = RecordingMappingLoader.load(SharedData.mapping("tep-d00.yaml"));
        assertTrue(tep.transposed());
        assertEquals(52, tep.channels().size());
        assertEquals(RecordingMapping.WHITESPACE, tep.separator());
        assertEquals(1.0 / 180, tep.rateHz(), 1e-15);
        final RecordingMapping skab = RecordingMappingLoader.load(SharedData.mapping("skab.yaml"));
        assertEquals(';', skab.separator());
        assertEquals("Volume Flow RateRMS", skab.channels().get(7).column().name());
        assertTrue(Double.isNaN(RecordingMappingLoader.load(SharedData.mapping("nab.yaml")).rateHz()), "taken from the data");
    }

    @Test
    void shouldReportUnknownKeysWithLineAndColumn() throws Exception
    {
        assertEquals(List.of("m.yaml:3:5: unknown key 'units' in a channel (expected one of: column, ifAbsent, index, name, "
            + "offset, scale, unit)"),
            problems("rateHz: 1\nchannels:\n  - column: a\n    name: a\n    units: V\n    unit: V\n".replace(
                "  - column: a\n    name: a\n    units: V", "  - units: V\n    column: a\n    name: a")));
    }

    @Test
    void shouldRequireARateWithoutATimestamp() throws Exception
    {
        assertEquals(List.of("m.yaml:1:1: missing 'rateHz' (or 'periodSeconds') in the mapping: without a timestamp column "
            + "the rate must be declared"), problems("channels:\n  - {column: a, name: a, unit: V}\n"));
    }

    @Test
    void shouldReportABadSeparatorAtItsValue() throws Exception
    {
        final List<String> problems = problems("rateHz: 1\nseparator: \";;\"\nchannels:\n  - {column: a, name: a, unit: V}\n");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("m.yaml:2:12: 'separator' must be one character"), problems.toString());
    }

    @Test
    void shouldReportABadTimestampPatternAndZone() throws Exception
    {
        final List<String> problems = problems("timestamp:\n  column: t\n  format: \"yyyy-MM-dd ppp HH:mm\"\n"
            + "  zone: Mars/Olympus\nchannels:\n  - {column: a, name: a, unit: V}\n");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("m.yaml:3:11: 'format' in 'timestamp' is not a date-time pattern"), problems.toString());
        assertTrue(problems.get(1).startsWith("m.yaml:4:9: unknown time zone 'Mars/Olympus'"), problems.toString());
    }

    @Test
    void shouldReportColumnMistakes() throws Exception
    {
        final List<String> problems = problems("rateHz: 1\nheader: false\nchannels:\n"
            + "  - {column: a, index: 2, name: a, unit: V}\n"
            + "  - {index: 0, name: b, unit: V}\n"
            + "  - {column: c, name: c, unit: V}\n"
            + "  - {index: 3, name: c, unit: V}\n");
        assertEquals(List.of(
            "m.yaml:4:5: a channel needs exactly one of 'column' (a header name) or 'index' (1-based position)",
            "m.yaml:5:13: 'index' in a channel is a 1-based column position, got 0",
            "m.yaml:6:14: a column name needs 'header: true'; without a header row use 'index'",
            "m.yaml:7:22: channel name 'c' is used twice"), problems);
    }

    @Test
    void shouldReportYamlSyntaxErrorsWithLineAndColumn() throws Exception
    {
        final List<String> problems = problems("rateHz: 1\nchannels:\n  - {column: a, name: a, unit: V\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).matches("m\\.yaml:\\d+:\\d+: YAML syntax error: .*"), problems.toString());
    }
}
