package io.ironloop.firmware.config;

import java.nio.file.Path;

/**
 * A machine file's {@code page:} section: where the local status page listens and where its operator
 * token is kept.
 *
 * @param enabled   false to serve no page
 * @param address   the address to listen on (an IP literal; 127.0.0.1 unless configured)
 * @param port      the TCP port (0: any free port)
 * @param tokenFile the file holding the operator token, resolved against the machine file's folder; null
 *                  means the firmware makes a random one at start-up
 */
public record PageConfig(boolean enabled, String address, int port, Path tokenFile)
{
    /** Listens on loopback only unless a machine file says otherwise: a plant network is not trusted. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    /** The section's defaults, for a machine file without one. */
    public static PageConfig defaults()
    {
        return new PageConfig(true, DEFAULT_ADDRESS, DEFAULT_PORT, null);
    }
}
