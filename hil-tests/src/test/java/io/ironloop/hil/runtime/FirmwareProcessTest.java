package io.ironloop.hil.runtime;

import io.ironloop.hil.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real jar in its own process, as a service manager runs it: SIGTERM drives the outputs safe and
 * exits 0, and a second firmware for the same machine refuses to start, naming the first.
 */
class FirmwareProcessTest
{
    private static final long TIMEOUT_S = 60;

    @TempDir
    Path countersDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers()
    {
        started.forEach(Process::destroyForcibly);
    }

    /** A firmware process whose output lines arrive in a queue, so a test waits for a line, not for a time. */
    private final class Firmware
    {
        final Process process;
        final Thread reader;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuilder all = new StringBuilder();

        Firmware(final String... args) throws IOException
        {
            final Path jar = Repo.root().resolve("firmware/target/ironloop.jar");
            assertTrue(Files.isRegularFile(jar), "the firmware module packages " + jar + " before hil-tests run");
            final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Dironloop.counters.dir=" + countersDir,
                "-jar", jar.toString()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            started.add(process);
            reader = new Thread(() ->
            {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
                {
                    String line;
                    while ((line = in.readLine()) != null)
                    {
                        synchronized (all)
                        {
                            all.append(line).append('\n');
                        }
                        lines.add(line);
                    }
                }
                catch (final IOException ignored)
                {
                    // The process ended.
                }
            }, "firmware-output");
            reader.setDaemon(true);
            reader.start();
        }

        String awaitLine(final String containing) throws InterruptedException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (System.nanoTime() - deadlineNs < 0)
            {
                final String line = lines.poll(deadlineNs - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line != null && line.contains(containing))
                {
                    return line;
                }
            }
            return fail("no line containing '" + containing + "' within " + TIMEOUT_S + " s; output:\n" + output());
        }

        int awaitExit() throws InterruptedException
        {
            assertTrue(process.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "the firmware exited; output:\n" + output());
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S)); // every line it printed is read
            return process.exitValue();
        }

        /** SIGTERM through kill(1): Process.destroy() sends it too, but closes our end of the output at once. */
        void terminate() throws IOException, InterruptedException
        {
            final Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(TIMEOUT_S, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -TERM " + process.pid());
        }

        String output()
        {
            synchronized (all)
            {
                return all.toString();
            }
        }
    }

    @Test
    void shouldDriveOutputsSafeAndExitZeroOnSigterm() throws Exception
    {
        final Firmware firmware = new Firmware("run", Repo.pumpStation().toString(), "--no-mqtt");
        firmware.awaitLine("start-up: every output at its safe value");
        firmware.awaitLine("discharge_pressure_control");
        firmware.terminate();
        assertEquals(0, firmware.awaitExit(), firmware.output());
        final String out = firmware.output();
        final int signal = out.indexOf("SIGTERM: stopping; outputs go safe first");
        final int safe = out.indexOf("SIGTERM: every output at its safe value");
        assertTrue(signal >= 0 && safe > signal, out);
        assertTrue(out.indexOf("done:") > safe, "the summary comes after the outputs are safe: " + out);
    }

    @Test
    void shouldRecordARealTimeRunAndCloseTheRecordingWholeOnSigterm() throws Exception
    {
        final Path out = countersDir.resolve("pump.irec");
        final Firmware firmware = new Firmware("record", Repo.pumpStation().toString(), "--realtime", "--seconds", "3600",
            "--out", out.toString());
        firmware.awaitLine("discharge_pressure_control");
        firmware.awaitLine("discharge_pressure_control");
        firmware.terminate();
        assertEquals(0, firmware.awaitExit(), firmware.output());
        final String out2 = firmware.output();
        assertTrue(out2.indexOf("SIGTERM: every output at its safe value") >= 0, out2);
        final int summary = out2.indexOf(out + ": ");
        assertTrue(summary > 0 && out2.indexOf(" rows x 1 channels at 100.000 Hz", summary) > summary, out2);
        try (io.ironloop.control.recording.RecordingReader reader = io.ironloop.control.recording.RecordingReader.open(out))
        {
            assertTrue(!reader.interrupted(), "closed on SIGTERM with its final header");
            assertTrue(reader.header().rowCount() >= 100, "rows: " + reader.header().rowCount());
            assertEquals(List.of("discharge_pressure"), reader.header().names());
        }
    }

    @Test
    void shouldRefuseASecondFirmwareForTheSameMachine() throws Exception
    {
        final Firmware first = new Firmware("run", Repo.pumpStation().toString(), "--no-mqtt");
        first.awaitLine("discharge_pressure_control");

        final Firmware second = new Firmware("run", Repo.pumpStation().toString(), "--no-mqtt", "--seconds", "5");
        assertNotEquals(0, second.awaitExit(), second.output());
        assertTrue(second.output().contains("another ironloop is already running machine 'pump-station': pid " + first.process.pid()),
            second.output());
        assertTrue(!second.output().contains("every output at its safe value"), "the second never touched the board: " + second.output());

        first.terminate();
        assertEquals(0, first.awaitExit(), first.output());
    }
}
