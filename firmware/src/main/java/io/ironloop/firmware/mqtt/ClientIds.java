package io.ironloop.firmware.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A client id unique per board: {@code ironloop-<machine>-<board id>}, where the board id is the
 * Raspberry Pi's serial number, else the host's machine id, else its host name. Two boards running the
 * same machine file get different ids (two clients with one id knock each other off the broker), and
 * one board keeps its id across restarts. Two processes on one board are already prevented by the
 * machine's instance lock.
 */
public final class ClientIds
{
    /** MQTT 3.1.1 servers must accept 23 characters; most accept far more. We keep to 64. */
    public static final int MAX_LENGTH = 64;

    private ClientIds()
    {
    }

    public static String forBoard(final String machine)
    {
        final String id = "ironloop-" + machine + "-" + boardId();
        return id.length() <= MAX_LENGTH ? id : id.substring(0, MAX_LENGTH);
    }

    static String boardId()
    {
        for (final String file : new String[] {"/proc/device-tree/serial-number", "/sys/firmware/devicetree/base/serial-number", "/etc/machine-id"})
        {
            final String text = read(Path.of(file));
            if (text != null)
            {
                return text.length() > 12 ? text.substring(text.length() - 12) : text;
            }
        }
        try
        {
            return clean(InetAddress.getLocalHost().getHostName());
        }
        catch (final IOException ex)
        {
            return "host";
        }
    }

    private static String read(final Path file)
    {
        try
        {
            final String text = clean(Files.readString(file, StandardCharsets.US_ASCII));
            return text.isEmpty() ? null : text;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    private static String clean(final String text)
    {
        return text.replaceAll("[^A-Za-z0-9-]", "").toLowerCase(Locale.ROOT);
    }
}
