package io.ironloop.firmware.page;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The operator token the page's actions need: read from a file (the integrator's, or one the firmware
 * made with {@link #create}), compared in constant time.
 */
public final class PageToken
{
    /** Shorter tokens are refused: they can be guessed over a plant network. */
    public static final int MIN_CHARS = 16;
    public static final int MAX_CHARS = 256;

    private final byte[] token;
    private final Path file;
    private final boolean generated;

    private PageToken(final byte[] token, final Path file, final boolean generated)
    {
        this.token = token;
        this.file = file;
        this.generated = generated;
    }

    /** Reads a token file: one line of {@value #MIN_CHARS} to {@value #MAX_CHARS} printable ASCII characters, no spaces. */
    public static PageToken read(final Path file) throws IOException
    {
        final byte[] bytes;
        try
        {
            if (Files.size(file) > MAX_CHARS + 2)
            {
                throw new IOException("page token file " + file + ": longer than " + MAX_CHARS + " characters");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IOException("page token file " + file + ": no such file (create one with a random line, e.g. "
                + "`head -c 24 /dev/urandom | base64 > " + file + "`)");
        }
        final String text = new String(bytes, StandardCharsets.ISO_8859_1).strip();
        if (text.length() < MIN_CHARS)
        {
            throw new IOException("page token file " + file + ": the token must be at least " + MIN_CHARS + " characters, got " + text.length());
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c <= ' ' || c > '~')
            {
                throw new IOException("page token file " + file + ": the token must be one line of printable ASCII without spaces"
                    + " (character " + (i + 1) + " is not)");
            }
        }
        return new PageToken(text.getBytes(StandardCharsets.US_ASCII), file, false);
    }

    /** Writes a fresh random token to {@code file} (owner-only where the file system has permissions) and returns it. */
    public static PageToken create(final Path file) throws IOException
    {
        final byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        final StringBuilder hex = new StringBuilder();
        for (final byte b : random)
        {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try
        {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (final UnsupportedOperationException | FileAlreadyExistsException ex)
        {
            Files.deleteIfExists(temporary);
            Files.createFile(temporary);
        }
        Files.writeString(temporary, hex + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new PageToken(hex.toString().getBytes(StandardCharsets.US_ASCII), file, true);
    }

    /** Whether {@code presented} is the token, in time independent of where they differ. */
    public boolean matches(final String presented)
    {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    public Path file()
    {
        return file;
    }

    /** Deletes the file when {@link #create} made it (an integrator's token file is theirs). */
    void forget()
    {
        if (generated)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ignored)
            {
                // a leftover random token is harmless: the next run writes a new one
            }
        }
    }
}
