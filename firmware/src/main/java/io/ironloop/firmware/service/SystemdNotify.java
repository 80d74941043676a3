package io.ironloop.firmware.service;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * sd_notify(3) from Java: one datagram per state change on the unix socket systemd names in
 * {@code NOTIFY_SOCKET} (a path, or an abstract name starting with {@code @}).
 *
 * <p>Why JNA and not {@code systemd-notify}: Java 17's NIO has only stream unix sockets, and systemd's
 * socket is a datagram one. JNA is on the class path already (Pi4J's linuxfs plugin, CPU pinning) and
 * calling {@code socket}/{@code sendto} costs one system call a message; spawning {@code systemd-notify}
 * costs a fork and an exec every ping, and with {@code NotifyAccess=main} systemd ignores messages from
 * a child process unless it is given {@code --pid}, which races with the child's exit. Messages are sent
 * from the thread that supervises the run, never from the control thread.
 *
 * <p>Outside systemd ({@code NOTIFY_SOCKET} unset) every call does nothing and returns false.
 */
public final class SystemdNotify implements AutoCloseable
{
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(struct sockaddr_un) on Linux: sa_family_t and 108 bytes of path. */
    static final int SOCKADDR_UN_SIZE = 110;

    /** The few libc calls this needs (JNA interface mapping; loaded only when a socket is named). */
    interface LibC extends Library
    {
        int socket(int domain, int type, int protocol);

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength);

        int bind(int fd, byte[] address, int addressLength);

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags);

        int setsockopt(int fd, int level, int option, byte[] value, int length);

        int close(int fd);
    }

    private final String socketName;
    private final LibC libc;
    private final byte[] address;
    private final int addressLength;
    private int fd = -1;
    private long failures;

    private SystemdNotify(final String socketName, final LibC libc)
    {
        this.socketName = socketName;
        this.libc = libc;
        if (libc != null)
        {
            this.address = new byte[SOCKADDR_UN_SIZE];
            this.addressLength = encodeAddress(socketName, address);
        }
        else
        {
            this.address = null;
            this.addressLength = 0;
        }
    }

    /** A notifier for {@code NOTIFY_SOCKET} of this process, or one that does nothing when it is unset. */
    public static SystemdNotify fromEnvironment()
    {
        return forSocket(System.getenv("NOTIFY_SOCKET"));
    }

    /** A notifier for the given socket ({@code /path} or {@code @abstract}); null or blank: does nothing. */
    public static SystemdNotify forSocket(final String socketName)
    {
        if (socketName == null || socketName.isBlank())
        {
            return new SystemdNotify(null, null);
        }
        if (socketName.charAt(0) != '/' && socketName.charAt(0) != '@')
        {
            throw new IllegalArgumentException("NOTIFY_SOCKET must be an absolute path or start with @: '" + socketName + "'");
        }
        if (socketName.getBytes(StandardCharsets.UTF_8).length > SOCKADDR_UN_SIZE - 3)
        {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a unix socket address allows: '" + socketName + "'");
        }
        return new SystemdNotify(socketName, libc());
    }

    static LibC libc()
    {
        return Native.load("c", LibC.class);
    }

    /**
     * Fills a {@code struct sockaddr_un} and returns the length to pass: for a path, family + path +
     * NUL; for an abstract name ({@code @name}), family + NUL + name with no terminator.
     */
    static int encodeAddress(final String name, final byte[] address)
    {
        final byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)
        {
            address[0] = (byte)AF_UNIX;
            address[1] = 0;
        }
        else
        {
            address[0] = 0;
            address[1] = (byte)AF_UNIX;
        }
        System.arraycopy(path, 0, address, 2, path.length);
        if (path[0] == '@')
        {
            address[2] = 0;
            return 2 + path.length;
        }
        address[2 + path.length] = 0;
        return 2 + path.length + 1;
    }

    /** True when systemd asked for notifications (the unit is {@code Type=notify}). */
    public boolean enabled()
    {
        return libc != null;
    }

    /** The socket this notifier sends to, or null. */
    public String socketName()
    {
        return socketName;
    }

    /** Messages that could not be sent (the socket is gone, or systemd refused them). */
    public long failures()
    {
        return failures;
    }

    /**
     * Sends one message (e.g. {@code READY=1}, {@code WATCHDOG=1}, {@code STATUS=...}).
     *
     * @return true when it was sent
     */
    public boolean send(final byte[] message)
    {
        if (libc == null)
        {
            return false;
        }
        if (fd < 0)
        {
            fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                failures++;
                return false;
            }
        }
        final long sent = libc.sendto(fd, message, new NativeLong(message.length), MSG_NOSIGNAL, address, addressLength).longValue();
        if (sent != message.length)
        {
            failures++;
            return false;
        }
        return true;
    }

    /** Sends a text message (allocates: for the rare ones, not for the watchdog ping). */
    public boolean send(final String message)
    {
        return send(message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close()
    {
        if (fd >= 0)
        {
            libc.close(fd);
            fd = -1;
        }
    }
}
