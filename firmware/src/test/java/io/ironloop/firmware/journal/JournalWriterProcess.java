package io.ironloop.firmware.journal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A child JVM for the kill -9 test: appends records without end, committing (write and fsync)
 * every 50, and prints each committed sequence after its fsync returned.
 */
public final class JournalWriterProcess
{
    private JournalWriterProcess()
    {
    }

    /** The writer's settings; the test reopens with the same budget, or recovery would evict. */
    static JournalConfig config(final Path directory)
    {
        return JournalRecords.config(directory).maxBytes(64L * 1024 * 1024).fsync(true).fsyncEveryRecords(50).fsyncIntervalNs(0);
    }

    public static void main(final String[] args) throws IOException
    {
        final PrintStream out = System.out;
        try (Journal journal = Journal.open(config(Path.of(args[0]))))
        {
            long printed = journal.committedSequence();
            for (long sequence = journal.nextSequence(); ; sequence++)
            {
                if (JournalRecords.append(journal, sequence, sequence) != sequence)
                {
                    throw new IllegalStateException("journal refused " + sequence + ": " + journal.state());
                }
                if (journal.committedSequence() != printed)
                {
                    printed = journal.committedSequence();
                    out.println("committed " + printed);
                    out.flush();
                }
            }
        }
    }
}
