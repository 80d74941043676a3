package io.ironloop.firmware.page;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator token file: what is refused, and what a generated one looks like. */
class PageTokenTest
{
    @TempDir
    Path dir;

    private String refusal(final String content) throws IOException
    {
        final Path file = dir.resolve("token");
        Files.writeString(file, content);
        return assertThrows(IOException.class, () -> PageToken.read(file)).getMessage();
    }

    @Test
    void shouldRefuseAMissingShortSpacedOrOversizedTokenFileNamingIt() throws Exception
    {
        final Path absent = dir.resolve("absent");
        final String missing = assertThrows(IOException.class, () -> PageToken.read(absent)).getMessage();
        assertTrue(missing.contains(absent.toString()) && missing.contains("no such file"), missing);
        assertTrue(refusal("").contains("at least 16 characters, got 0"));
        assertTrue(refusal("short-token\n").contains("at least 16 characters, got 11"));
        assertTrue(refusal("two words in the token\n").contains("printable ASCII without spaces (character 4"), refusal("two words in the token\n"));
        assertTrue(refusal("tokén-with-accent-0123\n").contains("printable ASCII"));
        assertTrue(refusal("x".repeat(300)).contains("longer than 256"));
    }

    @Test
    void shouldMatchOnlyTheExactToken() throws Exception
    {
        final Path file = dir.resolve("token");
        Files.writeString(file, "  correct-horse-battery-staple  \n");
        final PageToken token = PageToken.read(file);
        assertTrue(token.matches("correct-horse-battery-staple"));
        assertFalse(token.matches("correct-horse-battery-stapl"));
        assertFalse(token.matches("correct-horse-battery-staple "));
        assertFalse(token.matches(""));
        assertFalse(token.matches(null));
    }

    @Test
    void shouldGenerateAnOwnerOnlyRandomTokenAndForgetItAtTheEnd() throws Exception
    {
        final Path file = dir.resolve("run/page-token");
        final PageToken first = PageToken.create(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        final String text = Files.readString(file).strip();
        assertEquals(48, text.length());
        assertTrue(first.matches(text));
        assertTrue(PageToken.read(file).matches(text), "a generated token reads back");
        final PageToken second = PageToken.create(file);
        assertFalse(second.matches(text), "each run gets a new token");
        second.forget();
        assertFalse(Files.exists(file), "a generated token goes with its run");
        final Path own = dir.resolve("own");
        Files.writeString(own, "integrator-token-0123456789\n");
        PageToken.read(own).forget();
        assertTrue(Files.exists(own), "an integrator's token file is never deleted");
    }
}
