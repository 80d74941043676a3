package io.ironloop.firmware.page;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser that stops reading (a laptop lid closed, a tab frozen, a network cable pulled) never holds up
 * the page's publisher: its events are dropped and counted, the write that blocks is cut off after the
 * write timeout, and a healthy browser beside it goes on receiving.
 */
class SlowBrowserTest
{
    /** Long enough for the stuck browser's queue to overflow first (a publish every 20 ms, 32 queued). */
    private static final long WRITE_TIMEOUT_NS = 2_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldDropAndThenCutOffABrowserThatStopsReadingWhileOthersGoOn() throws Exception
    {
        try (PageRig page = new PageRig(dir, false, WRITE_TIMEOUT_NS);
            Socket stuck = new Socket())
        {
            // A healthy browser that reads everything.
            final AtomicLong healthyEvents = new AtomicLong();
            final HttpResponse<Stream<String>> healthy = page.http.send(
                HttpRequest.newBuilder(page.uri("/api/events")).build(), HttpResponse.BodyHandlers.ofLines());
            final Thread reader = new Thread(() ->
            {
                try
                {
                    healthy.body().filter(line -> line.startsWith("data: ")).forEach(line -> healthyEvents.incrementAndGet());
                }
                catch (final java.io.UncheckedIOException ex)
                {
                    // the page closed at the end of the test
                }
            }, "healthy-browser");
            reader.setDaemon(true);
            reader.start();

            // A browser that asks for the stream and then never reads a byte, with a tiny receive window.
            stuck.setReceiveBufferSize(2048);
            stuck.connect(new java.net.InetSocketAddress(page.server.uri().getHost(), page.server.uri().getPort()), 5_000);
            final OutputStream out = stuck.getOutputStream();
            out.write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> page.hub.clients() == 2);

            // Large events fill the stuck browser's socket buffers within a few publishes.
            final String big = "{\"pad\":\"" + "x".repeat(256 * 1024) + "\"}";
            final long[] slowestPublishNs = {0};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
            {
                final long startNs = System.nanoTime();
                page.hub.publish(big);
                slowestPublishNs[0] = Math.max(slowestPublishNs[0], System.nanoTime() - startNs);
                return page.counters.clientsCutOff() >= 1;
            });

            assertTrue(page.counters.eventsDropped() > 0, "the stuck browser's events were dropped and counted");
            assertEquals(1, page.counters.clientsCutOff(), "only the stuck browser was cut off");
            await().atMost(Duration.ofSeconds(10)).until(() -> page.hub.clients() == 1);
            assertTrue(slowestPublishNs[0] < 1_000_000_000L, "publishing never waits on a browser: slowest " + slowestPublishNs[0] + " ns");

            // The healthy browser still gets what is published after the stuck one is gone.
            final long before = healthyEvents.get();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
            {
                page.hub.publish("{\"seq\":1}");
                return healthyEvents.get() >= before + 3;
            });

            // The control loop ran on regardless: lockstep ticks are the test thread's own, and the page never touched them.
            page.seconds(0.5);
            final long cycles = page.rig.machine().counters().cycles().get();
            page.seconds(1.0);
            assertEquals(cycles + 100, page.rig.machine().counters().cycles().get());
        }
    }

    @Test
    void shouldRefuseMoreBrowsersThanItServes() throws Exception
    {
        try (PageRig page = new PageRig(dir, false, WRITE_TIMEOUT_NS))
        {
            final java.util.List<HttpResponse<Stream<String>>> open = new java.util.ArrayList<>();
            for (int i = 0; i < PageServer.MAX_CLIENTS; i++)
            {
                open.add(page.http.send(HttpRequest.newBuilder(page.uri("/api/events")).build(), HttpResponse.BodyHandlers.ofLines()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> page.hub.clients() == PageServer.MAX_CLIENTS);
            final HttpResponse<String> refused = page.get("/api/events");
            assertEquals(503, refused.statusCode());
            assertEquals(200, page.get("/").statusCode(), "the page itself is still served");
            open.forEach(response -> response.body().close());
            page.server.close();
        }
    }
}
