package io.ironloop.firmware.page;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ironloop.firmware.command.CommandGateway;
import io.ironloop.firmware.command.DirectCommandGateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The local status page: the JDK's {@code com.sun.net.httpserver} serving a fixed set of files from the
 * jar ({@code /page/...}: the page, its script and style, and the vendored uPlot with its licence), the
 * machine's description and history, a live stream of snapshots (server-sent events), and operator actions
 * ({@code POST /api/command} with {@code Authorization: Bearer TOKEN}, handed to a {@link CommandGateway}).
 * Anything else is refused: paths are looked up in the fixed table, never mapped onto a file system.
 * Its own threads: a sampler at {@code sampleHz} and a bounded pool of HTTP threads; nothing here runs on,
 * waits for or locks against the control thread.
 */
public final class PageServer implements AutoCloseable
{
    /** Browsers that may hold the live stream at once; more are told 503. */
    public static final int MAX_CLIENTS = 8;
    /** A write to one browser blocked this long cuts that browser off. */
    public static final long WRITE_TIMEOUT_NS = 3_000_000_000L;
    /** How long an operator action waits for the control agent's answer. */
    public static final long ANSWER_TIMEOUT_NS = 2_000_000_000L;
    private static final int MAX_COMMAND_BYTES = DirectCommandGateway.MAX_PAYLOAD_BYTES;

    private static final Map<String, String[]> FILES = Map.of(
        "/", new String[] {"index.html", "text/html; charset=utf-8"},
        "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
        "/page.js", new String[] {"page.js", "text/javascript; charset=utf-8"},
        "/page.css", new String[] {"page.css", "text/css; charset=utf-8"},
        "/vendor/uplot/uPlot.iife.min.js", new String[] {"vendor/uplot/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
        "/vendor/uplot/uPlot.min.css", new String[] {"vendor/uplot/uPlot.min.css", "text/css; charset=utf-8"},
        "/vendor/uplot/LICENSE", new String[] {"vendor/uplot/LICENSE", "text/plain; charset=utf-8"});

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final PageSampler sampler;
    private final SseHub hub;
    private final CommandGateway gateway;
    private final PageToken token;
    private final PageCounters counters;
    private final Map<String, byte[]> files;
    private final Thread samplerThread;
    private volatile boolean running = true;

    private PageServer(
        final HttpServer server, final ThreadPoolExecutor executor, final PageSampler sampler, final SseHub hub,
        final CommandGateway gateway, final PageToken token, final PageCounters counters, final Map<String, byte[]> files)
    {
        this.server = server;
        this.executor = executor;
        this.sampler = sampler;
        this.hub = hub;
        this.gateway = gateway;
        this.token = token;
        this.counters = counters;
        this.files = files;
        this.samplerThread = new Thread(this::sampleLoop, "page-sampler");
        this.samplerThread.setDaemon(true);
    }

    /**
     * Binds {@code address:port} (port 0: any free one) and starts serving and sampling.
     *
     * @param sample false to leave sampling to the caller ({@link PageSampler#sample()}), for tests
     */
    public static PageServer start(
        final String address, final int port, final PageSampler sampler, final SseHub hub, final CommandGateway gateway,
        final PageToken token, final PageCounters counters, final boolean sample) throws IOException
    {
        // A client that trickles its request is dropped (the stream's responses are not bounded: they are the stream).
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null)
        {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
        final Map<String, byte[]> files = new java.util.HashMap<>();
        for (final Map.Entry<String, String[]> entry : FILES.entrySet())
        {
            files.put(entry.getValue()[0], resource(entry.getValue()[0]));
        }
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 16);
        final AtomicInteger threads = new AtomicInteger();
        final ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_CLIENTS + 4, MAX_CLIENTS + 4, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64), runnable ->
            {
                final Thread thread = new Thread(runnable, "page-http-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        final PageServer page = new PageServer(server, executor, sampler, hub, gateway, token, counters, files);
        server.createContext("/", page::handle);
        server.start();
        if (sample)
        {
            page.samplerThread.start();
        }
        return page;
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = PageServer.class.getResourceAsStream("/page/" + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("page resource /page/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri()
    {
        final InetSocketAddress bound = server.getAddress();
        final String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    public PageToken token()
    {
        return token;
    }

    private void sampleLoop()
    {
        final long periodNs = Math.round(1e9 / sampler.rateHz());
        long deadlineNs = System.nanoTime();
        while (running)
        {
            try
            {
                sampler.sample();
            }
            catch (final RuntimeException ex)
            {
                // A snapshot that fails is skipped; the page shows its age. Never let the sampler die.
            }
            deadlineNs += periodNs;
            final long waitNs = deadlineNs - System.nanoTime();
            if (waitNs > 0)
            {
                LockSupport.parkNanos(waitNs);
            }
            else
            {
                deadlineNs = System.nanoTime();
            }
        }
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try
        {
            final String rawPath = exchange.getRequestURI().getRawPath();
            if (!isPlainPath(rawPath) || exchange.getRequestURI().isAbsolute() || exchange.getRequestURI().getRawAuthority() != null)
            {
                refuse(exchange, 400, "refused: only the page's own files are served\n");
                return;
            }
            final String method = exchange.getRequestMethod();
            switch (rawPath)
            {
                case "/api/command":
                    command(exchange);
                    return;
                case "/api/events":
                    if (!isRead(method))
                    {
                        refuse(exchange, 405, "GET only\n");
                        return;
                    }
                    if (!hub.serve(exchange))
                    {
                        refuse(exchange, 503, "too many browsers on the live stream (" + MAX_CLIENTS + ")\n");
                    }
                    return;
                case "/api/config":
                    json(exchange, method, sampler.configJson());
                    return;
                case "/api/snapshot":
                    final String latest = sampler.latest();
                    json(exchange, method, latest == null ? "{}" : latest);
                    return;
                case "/api/history":
                    json(exchange, method, sampler.historyJson());
                    return;
                default:
                    final String[] file = FILES.get(rawPath);
                    if (file == null)
                    {
                        refuse(exchange, 404, "not found\n");
                        return;
                    }
                    if (!isRead(method))
                    {
                        refuse(exchange, 405, "GET only\n");
                        return;
                    }
                    send(exchange, 200, file[1], files.get(file[0]), method);
            }
        }
        finally
        {
            exchange.close();
        }
    }

    /**
     * A path that can only name one of our entries: absolute, printable ASCII, no dot segments, no
     * backslashes, and nothing percent-encoded (none of our names needs it, so an encoded dot or slash is
     * an attempt to get around the table).
     */
    static boolean isPlainPath(final String rawPath)
    {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/' || rawPath.length() > 256 || rawPath.startsWith("//"))
        {
            return false;
        }
        for (int i = 0; i < rawPath.length(); i++)
        {
            final char c = rawPath.charAt(i);
            if (c <= ' ' || c > '~' || c == '%' || c == '\\')
            {
                return false;
            }
        }
        final String decoded = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
        return !decoded.contains("/../") && !decoded.endsWith("/..") && !decoded.contains("/./") && !decoded.endsWith("/.");
    }

    private static boolean isRead(final String method)
    {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    private void command(final HttpExchange exchange) throws IOException
    {
        if (!"POST".equals(exchange.getRequestMethod()))
        {
            refuse(exchange, 405, "POST only\n");
            return;
        }
        final String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            counters.unauthorized.increment();
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"ironloop\"");
            send(exchange, 401, "application/json", reply("unauthorized", "an operator token is needed (Authorization: Bearer TOKEN)"), "POST");
            return;
        }
        if (!token.matches(authorization.substring(7).strip()))
        {
            counters.unauthorized.increment();
            send(exchange, 403, "application/json", reply("unauthorized", "the operator token is wrong"), "POST");
            return;
        }
        final byte[] body;
        try (InputStream in = exchange.getRequestBody())
        {
            body = in.readNBytes(MAX_COMMAND_BYTES + 1);
        }
        if (body.length > MAX_COMMAND_BYTES)
        {
            counters.requestsRefused.increment();
            send(exchange, 413, "application/json", reply("oversized", "the command is larger than " + MAX_COMMAND_BYTES + " bytes"), "POST");
            return;
        }
        final CommandGateway.CommandReply answer = gateway.submit("page", "page", body);
        final int status = answer.accepted() ? 200
            : "malformed".equals(answer.reason()) || "unknown-loop".equals(answer.reason()) ? 400
            : "oversized".equals(answer.reason()) ? 413
            : "timeout".equals(answer.reason()) ? 504
            : "queue-full".equals(answer.reason()) ? 503
            : 409;
        send(exchange, status, "application/json", answer.json().getBytes(StandardCharsets.UTF_8), "POST");
    }

    private static byte[] reply(final String reason, final String message)
    {
        return ("{\"accepted\":false,\"reason\":\"" + reason + "\",\"message\":\"" + message.replace("\"", "'") + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    }

    private void json(final HttpExchange exchange, final String method, final String body) throws IOException
    {
        if (!isRead(method))
        {
            refuse(exchange, 405, "GET only\n");
            return;
        }
        send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8), method);
    }

    private void refuse(final HttpExchange exchange, final int status, final String text) throws IOException
    {
        counters.requestsRefused.increment();
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), exchange.getRequestMethod());
    }

    private static void send(final HttpExchange exchange, final int status, final String type, final byte[] body, final String method)
        throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
        if ("HEAD".equals(method.toUpperCase(Locale.ROOT)))
        {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    /** Stops sampling, cuts off every browser and closes the socket (waits at most a second). */
    @Override
    public void close()
    {
        running = false;
        samplerThread.interrupt();
        hub.closeAll();
        server.stop(0);
        executor.shutdownNow();
        token.forget();
        try
        {
            executor.awaitTermination(1, TimeUnit.SECONDS);
            samplerThread.join(1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
