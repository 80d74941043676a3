package io.ironloop.firmware.page;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The browsers on the live stream (server-sent events). The sampler {@link #publish}es each snapshot
 * to every client's bounded queue and never waits: a client whose queue is full loses that event (counted).
 * Each client is written by its own HTTP thread; a write that blocks longer than the write timeout (a
 * vanished browser whose TCP window is shut) gets that thread interrupted, which closes the socket, and
 * the client is cut off (counted). So no browser, slow or gone, ever holds up the sampler, let alone the
 * control thread, which never touches the page.
 */
public final class SseHub
{
    /** Events a client may fall behind by before it loses some. */
    public static final int CLIENT_QUEUE = 32;
    private static final long KEEPALIVE_NS = 15_000_000_000L;

    private final CopyOnWriteArrayList<Client> clients = new CopyOnWriteArrayList<>();
    private final PageCounters counters;
    private final int maxClients;
    private final long writeTimeoutNs;
    private volatile String latest;

    public SseHub(final PageCounters counters, final int maxClients, final long writeTimeoutNs)
    {
        this.counters = counters;
        this.maxClients = maxClients;
        this.writeTimeoutNs = writeTimeoutNs;
    }

    /** Hands {@code event} (one JSON document) to every client without waiting; cuts off clients stuck in a write. */
    public void publish(final String event)
    {
        latest = event;
        final long nowNs = System.nanoTime();
        for (final Client client : clients)
        {
            if (!client.queue.offer(event))
            {
                counters.eventsDropped.increment();
            }
            final long startedNs = client.writeStartedNs;
            if (startedNs != 0 && nowNs - startedNs > writeTimeoutNs && !client.cutOff)
            {
                client.cutOff = true;
                counters.clientsCutOff.increment();
                client.writer.interrupt();
            }
        }
    }

    /** Clients on the stream now. */
    public int clients()
    {
        return clients.size();
    }

    /**
     * Serves one client on the calling (HTTP) thread until it goes away or the hub closes.
     *
     * @return false when the client was refused because the hub is full
     */
    boolean serve(final HttpExchange exchange) throws IOException
    {
        final Client client = new Client(Thread.currentThread());
        synchronized (this)
        {
            if (clients.size() >= maxClients)
            {
                return false;
            }
            clients.add(client);
        }
        counters.clients.increment();
        try
        {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(200, 0);
            final OutputStream out = exchange.getResponseBody();
            write(client, out, "retry: 2000\n\n");
            final String first = latest;
            if (first != null)
            {
                write(client, out, "data: " + first + "\n\n");
            }
            long lastWriteNs = System.nanoTime();
            while (!Thread.currentThread().isInterrupted())
            {
                final String event = client.queue.poll(1, TimeUnit.SECONDS);
                if (event != null)
                {
                    write(client, out, "data: " + event + "\n\n");
                    lastWriteNs = System.nanoTime();
                }
                else if (System.nanoTime() - lastWriteNs > KEEPALIVE_NS)
                {
                    // A comment line: finds a vanished browser even when nothing changes.
                    write(client, out, ": keepalive\n\n");
                    lastWriteNs = System.nanoTime();
                }
            }
        }
        catch (final InterruptedException ex)
        {
            // cut off or shutting down: the socket is closed below
        }
        catch (final IOException ex)
        {
            // the browser went away (or was cut off, which closes the socket)
        }
        finally
        {
            clients.remove(client);
            counters.clients.decrement();
            Thread.interrupted();
            exchange.close();
        }
        return true;
    }

    /** Interrupts every client's thread (shutdown). */
    void closeAll()
    {
        for (final Client client : clients)
        {
            client.writer.interrupt();
        }
    }

    private static void write(final Client client, final OutputStream out, final String text) throws IOException
    {
        client.writeStartedNs = System.nanoTime();
        try
        {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        finally
        {
            client.writeStartedNs = 0;
        }
    }

    private static final class Client
    {
        final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(CLIENT_QUEUE);
        final Thread writer;
        volatile long writeStartedNs;
        volatile boolean cutOff;

        Client(final Thread writer)
        {
            this.writer = writer;
        }
    }
}
