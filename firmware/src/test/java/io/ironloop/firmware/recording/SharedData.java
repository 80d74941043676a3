package io.ironloop.firmware.recording;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The recorded data sets in {@code ../shared/data} (IRONLOOP_SHARED_DIR, which the build sets).
 * Where they are absent a test is skipped with a message saying so, unless IRONLOOP_REQUIRE_SHARED=1
 * (CI, as test.sh and the board-vm suite do it), where it fails: a data set must never be skipped silently.
 */
public final class SharedData
{
    private SharedData()
    {
    }

    public static Path dir()
    {
        final String configured = System.getenv("IRONLOOP_SHARED_DIR");
        final Path shared = configured != null ? Path.of(configured) : repoRoot().resolve("../shared");
        final Path data = shared.resolve("data").normalize();
        if (!Files.isDirectory(data))
        {
            final String message = "recorded data sets not found at " + data + " (IRONLOOP_SHARED_DIR/data)";
            if ("1".equals(System.getenv("IRONLOOP_REQUIRE_SHARED")))
            {
                fail(message + " and IRONLOOP_REQUIRE_SHARED=1");
            }
            Assumptions.abort(message + ": skipped; set IRONLOOP_REQUIRE_SHARED=1 to make this a failure");
        }
        return data;
    }

    public static Path file(final String relative)
    {
        final Path path = dir().resolve(relative);
        if (!Files.isRegularFile(path))
        {
            fail(path + " is missing from the shared data sets (see its README.md)");
        }
        return path;
    }

    /** The checkout's root (tests run in the firmware module directory). */
    public static Path repoRoot()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("board-configs")))
        {
            dir = dir.getParent();
        }
        if (dir == null)
        {
            throw new IllegalStateException("not inside an Ironloop checkout");
        }
        return dir;
    }

    /** A mapping shipped in hil-tests/recordings. */
    public static Path mapping(final String name)
    {
        return repoRoot().resolve("hil-tests/recordings").resolve(name);
    }
}
