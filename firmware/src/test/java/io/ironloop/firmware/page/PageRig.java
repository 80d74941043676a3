package io.ironloop.firmware.page;

import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.bench.BenchRig;
import io.ironloop.firmware.command.DirectCommandGateway;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The pump station in lockstep on a virtual clock (the test thread is its control thread) with its status
 * page on a free loopback port, a token file, and helpers to talk to the page as a browser would.
 */
final class PageRig implements AutoCloseable
{
    static final String TOKEN = "test-token-0123456789abcdef";

    final VirtualClock clock = new VirtualClock(0L);
    final BenchRig rig;
    final LockstepRunner runner;
    final PageCounters counters;
    final SseHub hub;
    final PageSampler sampler;
    final DirectCommandGateway gateway;
    final PageServer server;
    final long periodNs;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param sampleThread   true to let the page's own sampler thread run; false: the test calls {@link PageSampler#sample()}
     * @param writeTimeoutNs the hub's write timeout
     */
    PageRig(final Path dir, final boolean sampleThread, final long writeTimeoutNs) throws Exception
    {
        rig = BenchRig.assemble(MachineSetup.load(pumpStation(), null), clock, 0, null);
        runner = new LockstepRunner(clock, rig.agents());
        periodNs = rig.machine().control().schedule().periodNs();
        counters = new PageCounters(rig.counters());
        hub = new SseHub(counters, PageServer.MAX_CLIENTS, writeTimeoutNs);
        sampler = new PageSampler(rig.machine(), rig.counters(), null, counters, hub, clock, StatusPage.SAMPLE_HZ);
        gateway = new DirectCommandGateway(rig.machine().control().commands(),
            rig.machine().setup().machine().loops().stream().map(MachineConfig.Loop::id).toList(), PageServer.ANSWER_TIMEOUT_NS);
        final Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        server = PageServer.start("127.0.0.1", 0, sampler, hub, gateway, PageToken.read(tokenFile), counters, sampleThread);
    }

    static Path pumpStation()
    {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            final Path file = dir.resolve("board-configs/machines/pump-station.yaml");
            if (Files.isRegularFile(file))
            {
                return file;
            }
        }
        throw new IllegalStateException("board-configs/machines/pump-station.yaml not found");
    }

    URI uri(final String path)
    {
        return server.uri().resolve(path);
    }

    void seconds(final double seconds)
    {
        runner.runFor(Math.round(seconds * 1e9));
    }

    HttpResponse<String> get(final String path) throws Exception
    {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a command and runs control ticks until the page has answered (the control agent answers in a tick). */
    HttpResponse<String> command(final String json, final String authorization) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/command")).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        final CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        while (!answer.isDone())
        {
            runner.runFor(periodNs);
        }
        return answer.get();
    }

    /** Sends {@code requestLine} exactly as written (no client normalises it) and returns status line and body. */
    String raw(final String requestLine) throws IOException
    {
        try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort()))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final InputStream in = socket.getInputStream();
            final ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static int status(final String rawResponse)
    {
        return Integer.parseInt(rawResponse.substring(9, 12));
    }

    @Override
    public void close()
    {
        server.close();
        runner.close();
        rig.close();
    }
}
