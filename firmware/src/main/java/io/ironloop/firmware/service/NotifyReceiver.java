package io.ironloop.firmware.service;

import com.sun.jna.NativeLong;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The systemd side of sd_notify, for tests: binds a unix datagram socket at a path and receives the
 * messages a service sends to {@code NOTIFY_SOCKET}. (Java's NIO cannot bind a datagram unix socket.)
 */
public final class NotifyReceiver implements AutoCloseable
{
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    /** SO_RCVTIMEO on Linux x86-64, arm64 and arm (asm-generic). */
    private static final int SO_RCVTIMEO = 20;

    private final SystemdNotify.LibC libc = SystemdNotify.libc();
    private final Path path;
    private final int fd;
    private final byte[] buffer = new byte[4096];

    /** Binds a socket at {@code path} (which must not exist); receives wait at most {@code timeoutMs}. */
    public NotifyReceiver(final Path path, final long timeoutMs) throws IOException
    {
        this.path = path;
        fd = libc.socket(AF_UNIX, SOCK_DGRAM, 0);
        if (fd < 0)
        {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed");
        }
        final byte[] address = new byte[SystemdNotify.SOCKADDR_UN_SIZE];
        final int length = SystemdNotify.encodeAddress(path.toString(), address);
        if (libc.bind(fd, address, length) != 0)
        {
            libc.close(fd);
            throw new IOException("bind(" + path + ") failed");
        }
        final ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        final boolean wide = com.sun.jna.Native.LONG_SIZE == 8;
        if (wide)
        {
            timeval.putLong(timeoutMs / 1000).putLong(timeoutMs % 1000 * 1000);
        }
        else
        {
            timeval.putInt((int)(timeoutMs / 1000)).putInt((int)(timeoutMs % 1000 * 1000));
        }
        libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval.array(), wide ? 16 : 8);
    }

    /** The socket's name, for {@code NOTIFY_SOCKET}. */
    public String name()
    {
        return path.toString();
    }

    /** The next message, or null when none came within the timeout. */
    public String receive()
    {
        final long length = libc.recv(fd, buffer, new NativeLong(buffer.length), 0).longValue();
        return length < 0 ? null : new String(buffer, 0, (int)length, StandardCharsets.UTF_8);
    }

    /** Receives until a message equal to {@code expected} arrives; false when the timeout passes first. */
    public boolean awaitMessage(final String expected)
    {
        String message;
        while ((message = receive()) != null)
        {
            if (message.equals(expected))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException
    {
        libc.close(fd);
        Files.deleteIfExists(path);
    }
}
