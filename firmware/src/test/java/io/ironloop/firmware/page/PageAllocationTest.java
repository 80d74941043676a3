package io.ironloop.firmware.page;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the page serving, its sampler reading the machine at 10 Hz, a browser on the live stream and an
 * operator changing the setpoint through the page every 20 ms, the control thread allocates nothing: the
 * page only ever reads the machine, and its commands travel in the control agent's pooled commands. The
 * control thread here is the lockstep thread (acquisition, control and telemetry in order on it).
 */
class PageAllocationTest
{
    /** As in ZeroAllocationTest: one of up to this many windows must be clean (late C2 compilation). */
    private static final int MAX_WINDOWS = 3;
    private static final long TICKS_PER_WINDOW = 1_000_000L;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
    private static long id(final Thread thread)
    {
        return thread.getId();
    }

    @Test
    void shouldAllocateNothingOnTheControlThreadWithThePageServingABrowserAndTakingCommands() throws Exception
    {
        try (PageRig page = new PageRig(dir, true, PageServer.WRITE_TIMEOUT_NS))
        {
            final AtomicLong events = new AtomicLong();
            final HttpResponse<Stream<String>> stream = page.http.send(
                HttpRequest.newBuilder(page.uri("/api/events")).build(), HttpResponse.BodyHandlers.ofLines());
            final Thread browser = new Thread(() ->
            {
                try
                {
                    stream.body().filter(line -> line.startsWith("data: ")).forEach(line -> events.incrementAndGet());
                }
                catch (final java.io.UncheckedIOException ex)
                {
                    // the page closed at the end of the test
                }
            }, "browser");
            browser.setDaemon(true);
            browser.start();

            // Warm up the control path with commands applied (a setpoint command's first use compiles its path).
            page.runner.runFor(200_000 * page.periodNs);
            final AtomicBoolean operating = new AtomicBoolean(true);
            final AtomicLong answered = new AtomicLong();
            final Thread operator = new Thread(() ->
            {
                int i = 0;
                while (operating.get())
                {
                    final double setpoint = i++ % 2 == 0 ? 4.5 : 4.0;
                    try
                    {
                        final HttpResponse<String> reply = page.http.send(HttpRequest.newBuilder(page.uri("/api/command"))
                            .header("Authorization", "Bearer " + PageRig.TOKEN).timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"id\":\"op-" + i + "\",\"command\":\"setpoint\",\"loop\":\"discharge_pressure_control\",\"value\":" + setpoint + "}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                        if (reply.statusCode() == 200)
                        {
                            answered.incrementAndGet();
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                    }
                    catch (final Exception ex)
                    {
                        return;
                    }
                }
            }, "operator");
            operator.setDaemon(true);
            operator.start();
            page.runner.runFor(200_000 * page.periodNs);
            await().atMost(Duration.ofSeconds(30)).until(() ->
            {
                page.runner.runFor(1_000 * page.periodNs);
                return answered.get() >= 3 && events.get() >= 3;
            });

            final long threadId = id(Thread.currentThread());
            final long cyclesBefore = page.rig.machine().counters().cycles().get();
            final long eventsBefore = events.get();
            final long answeredBefore = answered.get();
            long allocated = -1;
            int windows = 0;
            while (allocated != 0 && windows < MAX_WINDOWS)
            {
                final long before = THREADS.getThreadAllocatedBytes(threadId);
                page.runner.runFor(TICKS_PER_WINDOW * page.periodNs);
                allocated = THREADS.getThreadAllocatedBytes(threadId) - before;
                windows++;
            }
            operating.set(false);

            assertEquals(TICKS_PER_WINDOW * windows, page.rig.machine().counters().cycles().get() - cyclesBefore);
            assertEquals(0, allocated, "bytes allocated on the control thread over " + TICKS_PER_WINDOW + " ticks (window " + windows + ")");
            assertTrue(events.get() > eventsBefore, "the browser received snapshots meanwhile: " + (events.get() - eventsBefore));
            assertTrue(answered.get() > answeredBefore, "page commands were applied meanwhile: " + (answered.get() - answeredBefore));
            assertEquals(1, page.hub.clients());
        }
    }
}
