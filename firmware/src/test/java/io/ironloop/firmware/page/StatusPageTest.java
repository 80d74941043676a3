package io.ironloop.firmware.page;

import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.bench.BenchRig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.PageConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a run starts its page from the machine file and the command line, and what it says when it cannot. */
class StatusPageTest
{
    @TempDir
    Path dir;

    private final VirtualClock clock = new VirtualClock(0L);
    private final StringWriter console = new StringWriter();
    private BenchRig rig;

    @BeforeEach
    void assemble() throws Exception
    {
        rig = BenchRig.assemble(MachineSetup.load(PageRig.pumpStation(), null), clock, 0, null);
    }

    @AfterEach
    void close()
    {
        rig.close();
    }

    private PageServer start(final PageConfig config, final PageOptions options) throws IOException
    {
        return StatusPage.start(config, options, rig.machine(), rig.counters(), new PageCounters(rig.counters()), clock, null,
            dir.resolve("run/page-token"), new PrintWriter(console, true));
    }

    @Test
    void shouldServeOnLoopbackWithAGeneratedTokenAndSayWhere() throws Exception
    {
        try (PageServer page = start(new PageConfig(true, "127.0.0.1", 0, null), PageOptions.FROM_MACHINE_FILE))
        {
            assertNotNull(page);
            assertTrue(page.uri().toString().startsWith("http://127.0.0.1:"), page.uri().toString());
            assertTrue(console.toString().contains("status page: " + page.uri() + " (operator token in " + dir.resolve("run/page-token") + ")"),
                console.toString());
            assertTrue(Files.readString(dir.resolve("run/page-token")).strip().length() >= PageToken.MIN_CHARS);
        }
        assertFalse(Files.exists(dir.resolve("run/page-token")), "the generated token is removed with the page");
    }

    @Test
    void shouldServeNothingWhenDisabledByFlagOrFile() throws Exception
    {
        assertNull(start(PageConfig.defaults(), new PageOptions(true, null, null, null)));
        assertTrue(console.toString().contains("status page: off (--no-page)"));
        assertNull(start(new PageConfig(false, "127.0.0.1", 0, null), PageOptions.FROM_MACHINE_FILE));
        assertTrue(console.toString().contains("status page: off (page.enabled: false)"));
    }

    @Test
    void shouldRefuseAConfiguredTokenFileThatIsMissingOrWeak() throws Exception
    {
        final Path missing = dir.resolve("etc/page-token");
        final IOException absent = assertThrows(IOException.class,
            () -> start(new PageConfig(true, "127.0.0.1", 0, missing), PageOptions.FROM_MACHINE_FILE));
        assertTrue(absent.getMessage().contains("page token file " + missing + ": no such file"), absent.getMessage());
        final Path weak = dir.resolve("weak");
        Files.writeString(weak, "1234\n");
        final IOException shortToken = assertThrows(IOException.class,
            () -> start(PageConfig.defaults(), new PageOptions(false, null, 0, weak)));
        assertTrue(shortToken.getMessage().contains("at least 16 characters"), shortToken.getMessage());
    }

    @Test
    void shouldRunOnWithoutAPageWhenItsPortIsTaken() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            assertNull(start(PageConfig.defaults(), new PageOptions(false, null, taken.getLocalPort(), null)));
            assertTrue(console.toString().contains("warning: status page not served: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                console.toString());
        }
    }
}
