package io.ironloop.firmware.page;

import java.nio.file.Path;

/**
 * The command line's say over the status page; null fields leave the machine file's {@code page:} section
 * (or its defaults) in force.
 *
 * @param disabled  true for {@code --no-page}
 * @param address   {@code --page-address}, or null
 * @param port      {@code --page-port}, or null
 * @param tokenFile {@code --page-token-file}, or null
 */
public record PageOptions(boolean disabled, String address, Integer port, Path tokenFile)
{
    /** Everything from the machine file. */
    public static final PageOptions FROM_MACHINE_FILE = new PageOptions(false, null, null, null);
}
