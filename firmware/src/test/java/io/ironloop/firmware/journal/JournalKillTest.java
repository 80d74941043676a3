package io.ironloop.firmware.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ironloop.firmware.journal.JournalRecords.assertRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real kill -9 of a process appending to the journal: no record it reported committed is lost. */
class JournalKillTest
{
    private static final long KILL_AFTER = 20_000;

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoCommittedRecordWhenTheWriterIsKilledMidStream() throws Exception
    {
        long lastCommitted = 0;
        for (int run = 0; run < 2; run++)
        {
            lastCommitted = runAndKill(lastCommitted);
            try (Journal journal = Journal.open(JournalWriterProcess.config(dir)))
            {
                assertTrue(journal.nextSequence() >= lastCommitted,
                    "committed " + lastCommitted + " but recovered only up to " + journal.nextSequence());
                final JournalRecord record = new JournalRecord();
                for (long sequence = 0; sequence < journal.nextSequence(); sequence++)
                {
                    assertRecord(journal, record, sequence);
                }
                assertEquals(journal.nextSequence(), journal.backlogDepth());
            }
        }
    }

    /** Starts the writer (which resumes after what is there), waits for a committed sequence past a mark, kills it. */
    private long runAndKill(final long from) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            JournalWriterProcess.class.getName(),
            dir.toString()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        long committed = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                if (line.startsWith("committed "))
                {
                    committed = Long.parseLong(line.substring("committed ".length()));
                    if (committed >= from + KILL_AFTER)
                    {
                        // SIGKILL while the writer is still appending: no shutdown hook, no close.
                        process.destroyForcibly();
                        break;
                    }
                }
            }
        }
        finally
        {
            process.destroyForcibly();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the writer died");
        }
        assertTrue(committed >= from + KILL_AFTER, "the writer committed past " + (from + KILL_AFTER) + ": " + committed);
        assertEquals(137, process.exitValue(), "killed by SIGKILL");
        return committed;
    }
}
