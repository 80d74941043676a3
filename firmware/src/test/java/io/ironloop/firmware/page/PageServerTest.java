package io.ironloop.firmware.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page's HTTP side: its files, refused paths, the live stream, and the operator token. */
class PageServerTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private PageRig page;

    @BeforeEach
    void start() throws Exception
    {
        page = new PageRig(dir, false, PageServer.WRITE_TIMEOUT_NS);
        page.seconds(2.0);
    }

    @AfterEach
    void stop()
    {
        page.close();
    }

    @Test
    void shouldServeThePageAndTheVendoredPlotLibraryFromTheJar() throws Exception
    {
        final HttpResponse<String> index = page.get("/");
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(index.body().contains("/vendor/uplot/uPlot.iife.min.js"), "the page loads uPlot from the firmware itself");
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));

        final HttpResponse<byte[]> uplot = page.http.send(HttpRequest.newBuilder(page.uri("/vendor/uplot/uPlot.iife.min.js")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, uplot.statusCode());
        try (InputStream in = PageServer.class.getResourceAsStream("/page/vendor/uplot/uPlot.iife.min.js"))
        {
            assertNotNull(in);
            assertArrayEquals(in.readAllBytes(), uplot.body());
        }
        final HttpResponse<String> licence = page.get("/vendor/uplot/LICENSE");
        assertEquals(200, licence.statusCode());
        assertTrue(licence.body().contains("MIT License"), "uPlot's licence is served beside it");
        for (final String path : List.of("/page.js", "/page.css", "/vendor/uplot/uPlot.min.css", "/index.html"))
        {
            assertEquals(200, page.get(path).statusCode(), path);
        }

        final JsonNode config = JSON.readTree(page.get("/api/config").body());
        assertEquals("pump-station", config.get("machine").asText());
        assertEquals("discharge_pressure_control", config.get("loops").get(0).get("id").asText());
        assertEquals("bar", config.get("loops").get(0).get("unit").asText());
        assertEquals(0, page.counters.requestsRefused());
    }

    @Test
    void shouldRefuseEveryPathOutsideTheServedFiles() throws Exception
    {
        final List<String> attempts = List.of(
            "GET /../../../../etc/passwd HTTP/1.1",
            "GET /vendor/uplot/../../../../etc/passwd HTTP/1.1",
            "GET /%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1",
            "GET /%2E%2E%2F%2E%2E%2Fetc%2Fpasswd HTTP/1.1",
            "GET /vendor/%2e%2e/page.js HTTP/1.1",
            "GET /..%2f..%2f..%2fetc/passwd HTTP/1.1",
            "GET //etc/passwd HTTP/1.1",
            "GET /etc/passwd HTTP/1.1",
            "GET /page.js%00.html HTTP/1.1",
            "GET /./page.js HTTP/1.1",
            "GET /vendor/uplot/./LICENSE HTTP/1.1",
            "GET http://127.0.0.1/../../etc/passwd HTTP/1.1",
            "GET /page/index.html HTTP/1.1",
            "GET /io/ironloop/firmware/page/PageServer.class HTTP/1.1",
            "GET /vendor/uplot/README.md HTTP/1.1");
        for (final String attempt : attempts)
        {
            final String response = page.raw(attempt);
            final int status = PageRig.status(response);
            assertTrue(status == 400 || status == 404, attempt + " -> " + response.lines().findFirst().orElse(""));
            assertFalse(response.contains("root:"), attempt + " leaked a system file");
            assertFalse(response.contains("uPlot"), attempt + " served a file by another name");
        }
        assertEquals(attempts.size(), page.counters.requestsRefused(), "every refusal is counted");
        assertEquals(405, PageRig.status(page.raw("DELETE /page.js HTTP/1.1")), "the files are read-only");
        assertEquals(405, PageRig.status(page.raw("GET /api/command HTTP/1.1")), "commands are POSTs");
    }

    @Test
    void shouldStreamEverySnapshotToAConnectedBrowser() throws Exception
    {
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        final HttpResponse<Stream<String>> stream = page.http.send(
            HttpRequest.newBuilder(page.uri("/api/events")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElse(""));
        final Thread reader = new Thread(() ->
        {
            try
            {
                stream.body().filter(line -> line.startsWith("data: ")).forEach(events::add);
            }
            catch (final java.io.UncheckedIOException ex)
            {
                // the page closed at the end of the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> page.hub.clients() == 1);

        page.sampler.sample();
        final JsonNode first = JSON.readTree(events.poll(10, TimeUnit.SECONDS).substring(6));
        page.seconds(1.0);
        page.sampler.sample();
        final JsonNode second = JSON.readTree(events.poll(10, TimeUnit.SECONDS).substring(6));

        assertEquals(first.get("seq").asLong() + 1, second.get("seq").asLong());
        assertEquals(100, second.get("runtime").get("cycles").asLong() - first.get("runtime").get("cycles").asLong(),
            "one virtual second of a 100 Hz loop between the snapshots");
        final JsonNode loop = second.get("loops").get(0);
        assertEquals("AUTO", loop.get("mode").asText());
        assertEquals(4.0, loop.get("sp").asDouble(), 1e-9);
        assertTrue(loop.get("pv").asDouble() > 0.0, "the pump builds pressure: " + loop);
        final JsonNode sensor = second.get("sensors").get(0);
        assertEquals("discharge_pressure", sensor.get("id").asText());
        assertEquals("bar", sensor.get("unit").asText());
        assertEquals("OK", sensor.get("status").asText());
        assertTrue(sensor.get("reads").asLong() > 0);
        assertEquals("over_pressure", second.get("interlocks").get(0).get("id").asText());
        assertEquals("OK", second.get("interlocks").get(0).get("state").asText());
        assertEquals(1, second.get("page").get("clients").asInt());

        final JsonNode history = JSON.readTree(page.get("/api/history").body());
        assertEquals(2, history.get("t").size(), "the history keeps every snapshot for the plots");
        assertEquals(2, history.get("loops").get(0).get("pv").size());
    }

    @Test
    void shouldRefuseAMissingOrWrongTokenCountItAndChangeNothing() throws Exception
    {
        final ClosedLoop loop = page.rig.machine().control().loop(0);
        final String body = "{\"id\":\"t1\",\"command\":\"setpoint\",\"loop\":\"discharge_pressure_control\",\"value\":5.5}";
        final String off = "{\"id\":\"t2\",\"command\":\"mode\",\"loop\":\"discharge_pressure_control\",\"mode\":\"OFF\"}";
        final double setpointBefore = loop.setpoint();
        final Mode modeBefore = loop.mode();
        final long transitionsBefore = loop.modes().transitions();

        final HttpResponse<String> missing = page.command(body, null);
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals(403, page.command(body, "Bearer not-the-token-0123456789").statusCode());
        assertEquals(403, page.command(off, "Bearer " + PageRig.TOKEN + "x").statusCode());
        assertEquals(403, page.command(off, "Bearer " + PageRig.TOKEN.substring(1)).statusCode());
        assertEquals(401, page.command(off, "Basic " + PageRig.TOKEN).statusCode());
        assertEquals(403, page.command(off, "bearer wrong-but-long-enough-token").statusCode());
        page.seconds(1.0);

        assertEquals(6, page.counters.unauthorized(), "each refusal is counted");
        assertEquals(setpointBefore, loop.setpoint());
        assertEquals(modeBefore, loop.mode());
        assertEquals(transitionsBefore, loop.modes().transitions());
        assertEquals(0, page.gateway.accepted() + page.gateway.rejected(), "nothing reached the command path");

        final HttpResponse<String> right = page.command(body, "Bearer " + PageRig.TOKEN);
        assertEquals(200, right.statusCode(), right.body());
        assertTrue(JSON.readTree(right.body()).get("accepted").asBoolean());
        assertEquals(5.5, loop.setpoint(), "with the token the same command changes the machine");
    }

    @Test
    void shouldAnswerABadCommandWithTheTokenAndChangeNothing() throws Exception
    {
        final ClosedLoop loop = page.rig.machine().control().loop(0);
        final String auth = "Bearer " + PageRig.TOKEN;
        final HttpResponse<String> garbage = page.command("{not json", auth);
        assertEquals(400, garbage.statusCode());
        assertEquals("malformed", JSON.readTree(garbage.body()).get("reason").asText());
        final HttpResponse<String> outOfRange = page.command("{\"id\":\"t3\",\"command\":\"setpoint\",\"loop\":\"discharge_pressure_control\",\"value\":99}", auth);
        assertEquals(409, outOfRange.statusCode());
        assertEquals("out-of-bounds", JSON.readTree(outOfRange.body()).get("reason").asText());
        final HttpResponse<String> notLatched = page.command("{\"id\":\"t4\",\"command\":\"reset\",\"loop\":\"discharge_pressure_control\"}", auth);
        assertEquals(409, notLatched.statusCode());
        assertEquals("not-latched", JSON.readTree(notLatched.body()).get("reason").asText());
        final HttpResponse<String> tooLarge = page.command("{\"id\":\"" + "x".repeat(2000) + "\"}", auth);
        assertEquals(413, tooLarge.statusCode());
        assertEquals(4.0, loop.setpoint());
        assertEquals(Mode.AUTO, loop.mode());
    }
}
