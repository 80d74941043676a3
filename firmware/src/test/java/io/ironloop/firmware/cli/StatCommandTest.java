package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.CounterTypes;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int stat(final String... args)
    {
        final CommandLine commandLine = new CommandLine(new StatCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldPrintOneJsonObjectOfCounterValuesAndTypeIds() throws IOException
    {
        try (CountersFile file = CountersFile.create(CountersFile.fileFor(dir, "pump-station"), 16))
        {
            final AtomicCounter cycles = file.manager().newCounter("control cycles", CounterTypes.CONTROL_CYCLES);
            file.manager().newCounter("sensor faults: discharge_pressure", CounterTypes.SENSOR_FAULTS).setRelease(3);
            cycles.setRelease(1234);

            assertEquals(0, stat("--dir", dir.toString(), "--once", "--json"), err.toString());
            final JsonNode json = new ObjectMapper().readTree(out.toString());
            assertEquals("pump-station", json.get("machine").asText());
            assertEquals(ProcessHandle.current().pid(), json.get("pid").asLong());
            assertEquals(1234, json.get("counters").get("control cycles").asLong());
            assertEquals(3, json.get("counters").get("sensor faults: discharge_pressure").asLong());
            assertEquals(CounterTypes.SENSOR_FAULTS, json.get("typeIds").get("sensor faults: discharge_pressure").asInt());
        }
    }

    @Test
    void shouldPrintATableOnce() throws IOException
    {
        try (CountersFile file = CountersFile.create(CountersFile.fileFor(dir, "pump-station"), 16))
        {
            file.manager().newCounter("control overruns", CounterTypes.CONTROL_OVERRUNS).setRelease(7);
            assertEquals(0, stat("--dir", dir.toString(), "--machine", "pump-station", "--once"), err.toString());
            assertTrue(out.toString().contains("control overruns"), out.toString());
            assertTrue(out.toString().matches("(?s).*\\s7\\s+control overruns.*"), out.toString());
        }
    }

    @Test
    void shouldShowAFullOrFailedJournalAndTheAdvisorsAlarmAsAlarms() throws IOException
    {
        try (CountersFile file = CountersFile.create(CountersFile.fileFor(dir, "pump-station"), 16))
        {
            final AtomicCounter journal = file.manager().newCounter("journal alarm (0 journaling, 1 full, 2 failed)", CounterTypes.JOURNAL_ALARM);
            final AtomicCounter advisor = file.manager().newCounter("advisor alarm", CounterTypes.ADVISOR_ALARM);
            assertEquals(0, stat("--dir", dir.toString(), "--once"), err.toString());
            assertTrue(out.toString().contains("alarms: none"), out.toString());

            journal.setRelease(2);
            advisor.setRelease(1);
            out.getBuffer().setLength(0);
            assertEquals(0, stat("--dir", dir.toString(), "--once"), err.toString());
            assertTrue(out.toString().contains("alarms: journal FAILED (cannot write), advisor alarm"), out.toString());

            journal.setRelease(1);
            advisor.setRelease(0);
            out.getBuffer().setLength(0);
            assertEquals(0, stat("--dir", dir.toString(), "--once", "--json"), err.toString());
            final JsonNode json = new ObjectMapper().readTree(out.toString());
            assertEquals(1, json.get("alarms").size(), json.toString());
            assertTrue(json.get("alarms").get(0).asText().startsWith("journal FULL"), json.toString());
        }
    }

    @Test
    void shouldFailClearlyWhenNoFirmwareIsRunning()
    {
        assertEquals(1, stat("--dir", dir.toString(), "--once"));
        assertTrue(err.toString().contains("no firmware is running"), err.toString());
        assertEquals(1, stat("--dir", dir.toString(), "--machine", "press", "--once", "--json"));
        assertTrue(err.toString().contains("no firmware is running machine 'press'"), err.toString());
    }

    @Test
    void shouldNotMistakeAFileLeftByACrashedFirmwareForARunningOne() throws IOException
    {
        final Path path = CountersFile.fileFor(dir, "pump-station");
        Files.createDirectories(path.getParent());
        final int counters = 4;
        final long length = CountersFile.HEADER_LENGTH + CountersFile.metadataLength(counters) + CountersFile.valuesLength(counters);
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw"))
        {
            raf.setLength(length);
            final UnsafeBuffer header = new UnsafeBuffer(raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length), 0,
                CountersFile.HEADER_LENGTH);
            header.putInt(CountersFile.METADATA_LENGTH_OFFSET, CountersFile.metadataLength(counters));
            header.putInt(CountersFile.VALUES_LENGTH_OFFSET, CountersFile.valuesLength(counters));
            header.putLong(CountersFile.PID_OFFSET, Long.MAX_VALUE);
            header.putIntRelease(CountersFile.VERSION_OFFSET, CountersFile.VERSION);
        }
        assertEquals(1, stat("--dir", dir.toString(), "--once"));
        assertTrue(err.toString().contains("no firmware is running"), err.toString());
        assertEquals(1, stat("--dir", dir.toString(), "--machine", "pump-station", "--once"));
        assertTrue(err.toString().contains("has exited"), err.toString());
    }

    @Test
    void shouldReadTheCountersFromAnotherProcess() throws Exception
    {
        try (CountersFile file = CountersFile.create(CountersFile.fileFor(dir, "pump-station"), 16))
        {
            file.manager().newCounter("control cycles", CounterTypes.CONTROL_CYCLES).setRelease(99);
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--add-exports");
            command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(IronloopCli.class.getName());
            command.add("stat");
            command.add("--dir");
            command.add(dir.toString());
            command.add("--once");
            command.add("--json");
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stat finished");
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            final JsonNode json = new ObjectMapper().readTree(output.substring(output.indexOf('{')));
            assertEquals(99, json.get("counters").get("control cycles").asLong());
            assertEquals(ProcessHandle.current().pid(), json.get("pid").asLong(), "the other process read our file");
        }
    }
}
