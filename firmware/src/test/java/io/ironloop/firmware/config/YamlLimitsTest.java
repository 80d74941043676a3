package io.ironloop.firmware.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that break the YAML library (deep nesting, huge lines, NUL, bad UTF-8) are refused before it, at the real position. */
class YamlLimitsTest
{
    private static final String HEAD = "machine:\n  name: m\n  board: sim\n";

    @TempDir
    Path dir;

    private static void assertRefused(final Path file, final String lineColumnAndMessage)
    {
        final MachineFiles.Validation run = MachineFiles.validate(file);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().lines().anyMatch(line -> line.equals(file + ":" + lineColumnAndMessage)),
            "expected\n  " + file + ":" + lineColumnAndMessage + "\nin\n" + run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("Error") || run.err().contains("\tat "), run.err());
    }

    @Test
    void shouldRefuseDeepNestingAtTheFirstLevelTooDeep() throws Exception
    {
        // Depth 1 is the document's mapping, 2 is 'machine', so the 63rd '[' (column 5 + 63) opens level 65.
        final Path file = MachineFiles.write(dir, "deep", HEAD + "  x: " + "[".repeat(2000) + "\n");
        assertRefused(file, "4:68: nesting deeper than 64 levels of mappings and lists");
    }

    @Test
    void shouldRefuseDeepBlockNestingToo() throws Exception
    {
        final Path file = MachineFiles.write(dir, "deep-block", HEAD + "  x:\n    " + "- ".repeat(100) + "1\n");
        // The k-th dash opens level k + 2, at column 5 + 2 (k - 1).
        assertRefused(file, "5:129: nesting deeper than 64 levels of mappings and lists");
    }

    @Test
    @Timeout(60) // before the size bound, the YAML scanner took minutes on this line: fail instead of hanging
    void shouldRefuseAFileLargerThanOneMebibyte() throws Exception
    {
        final byte[] comment = new byte[50 * 1024 * 1024];
        Arrays.fill(comment, (byte)'x');
        comment[0] = '#';
        final Path file = MachineFiles.write(dir, "huge", HEAD);
        Files.write(file, comment, java.nio.file.StandardOpenOption.APPEND);
        assertRefused(file, "1:1: file is " + Files.size(file) + " bytes, larger than the 1048576 bytes (1 MiB) a config file may have");
    }

    @Test
    void shouldRefuseALineLongerThan4096Characters() throws Exception
    {
        final Path file = MachineFiles.write(dir, "long-line", HEAD + "# " + "x".repeat(5000) + "\n");
        assertRefused(file, "4:4097: line 4 is longer than 4096 characters");
    }

    @Test
    void shouldAcceptALineOfExactly4096Characters() throws Exception
    {
        final Path file = MachineFiles.write(dir, "line-at-limit", HEAD + "# " + "x".repeat(4094) + "\n");
        final MachineFiles.Validation run = MachineFiles.validate(file);
        assertFalse(run.err().contains("longer than"), run.err());
    }

    @Test
    void shouldReportANulCharacterAtItsPosition() throws Exception
    {
        final Path file = MachineFiles.write(dir, "nul", "machine:\n  name: \"a\u0000b\"\n  board: sim\n");
        assertRefused(file, "2:11: NUL character (U+0000) is not allowed in a YAML file");
    }

    @Test
    void shouldReportInvalidUtf8AtTheBadByte() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("machine:\n  name: caf\u00e9-".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3);
        bytes.writeBytes("(\n  board: sim\n".getBytes(StandardCharsets.UTF_8));
        final Path file = MachineFiles.writeBytes(dir, "utf8", bytes.toByteArray());
        assertRefused(file, "2:14: invalid UTF-8: byte 0xC3 at byte offset 23 is not part of a valid UTF-8 character (config files are UTF-8)");
    }
}
