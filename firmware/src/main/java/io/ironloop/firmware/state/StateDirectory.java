package io.ironloop.firmware.state;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the firmware keeps what must outlive a restart (latched trips): {@code --state-dir} when
 * given, else {@value #SYSTEM_DIR} when it exists and is writable or can be created, else
 * {@code ${java.io.tmpdir}/ironloop-state}.
 */
public final class StateDirectory
{
    /** The directory on an installed board. */
    public static final String SYSTEM_DIR = "/var/lib/ironloop";

    private StateDirectory()
    {
    }

    /** The state directory to use: {@code explicit} if not null, else the first usable default. */
    public static Path resolve(final Path explicit)
    {
        if (explicit != null)
        {
            return explicit;
        }
        final Path system = Path.of(SYSTEM_DIR);
        if (Files.isDirectory(system) ? Files.isWritable(system) : Files.isWritable(system.getParent()))
        {
            return system;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "ironloop-state");
    }
}
