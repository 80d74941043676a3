package io.ironloop.hil.runtime;

import io.ironloop.firmware.service.NotifyReceiver;
import io.ironloop.hil.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar as systemd runs it (Type=notify, WatchdogSec): READY=1 after the first control tick, WATCHDOG=1
 * pings while the control agent runs, and on SIGTERM STOPPING=1, every output safe, exit 0.
 */
class ServiceNotifyTest
{
    private static final long TIMEOUT_S = 60;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers()
    {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void shouldNotifyReadyThenPingTheWatchdogAndStopSafelyOnSigterm() throws Exception
    {
        final Path jar = Repo.root().resolve("firmware/target/ironloop.jar");
        assertTrue(Files.isRegularFile(jar), "the firmware module packages " + jar + " before hil-tests run");
        final Path log = dir.resolve("firmware.log");
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"), TimeUnit.SECONDS.toMillis(TIMEOUT_S)))
        {
            final ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Dironloop.counters.dir=" + dir,
                "-jar", jar.toString(), "run", Repo.pumpStation().toString(), "--no-mqtt")
                .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("NOTIFY_SOCKET", systemd.name());
            builder.environment().put("WATCHDOG_USEC", "400000"); // a ping every 200 ms
            final Process firmware = builder.start();
            started.add(firmware);

            assertEquals("READY=1", systemd.receive(), "READY first");
            assertTrue(Files.readString(log).contains("first control tick"), "the time to the first tick is logged");
            for (int i = 0; i < 3; i++)
            {
                assertEquals("WATCHDOG=1", systemd.receive(), "ping " + i + " while the control agent runs");
            }

            final Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(firmware.pid())).inheritIO().start();
            assertTrue(kill.waitFor(TIMEOUT_S, TimeUnit.SECONDS) && kill.exitValue() == 0);
            assertTrue(systemd.awaitMessage("STOPPING=1"), "STOPPING=1 on SIGTERM");
            assertTrue(firmware.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "exits");
            final String out = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, firmware.exitValue(), out);
            assertTrue(out.contains("SIGTERM: every output at its safe value"), out);
        }
    }
}
