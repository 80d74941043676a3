package io.ironloop.firmware.cli;

import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.CountersFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code ironloop stat} on a live counters file with one field corrupted: a message naming the file, offset and field,
 * exit 2; never an OutOfMemoryError (a huge label length) or a bare {@code error: -5} (a negative one).
 */
class StatCorruptFileTest
{
    private static final int LABEL = CountersFile.HEADER_LENGTH + CountersReader.LABEL_OFFSET;
    private static final int SECOND = CountersReader.METADATA_LENGTH;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1} at {0} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
        LABEL           | label length of counter 0 | 2147483647 | 2147483647, must be 0..380
        LABEL           | label length of counter 0 | -5         | -5, must be 0..380
        LABEL_SECOND    | label length of counter 1 | 381        | 381, must be 0..380
        STATE_SECOND    | state of counter 1        | 7          | 7, must be 0 (unused), 1 (allocated) or -1 (reclaimed)
        0               | layout version            | 9          | version 9, this reader knows 1
        4               | metadata length           | 100        | 100 bytes, must be a positive multiple of 512
        8               | values length             | -128       | -128 bytes, must be a positive multiple of 128
        8               | values length             | 256        | 256 bytes hold 2 counters but the metadata length 8192 holds 16
        """)
    void shouldNameWhatIsCorruptAndExit2(final String where, final String field, final int value, final String problem) throws Exception
    {
        final Path path = CountersFile.fileFor(dir, "pump-station");
        try (CountersFile file = CountersFile.create(path, 16))
        {
            file.manager().newCounter("control cycles", CounterTypes.CONTROL_CYCLES).setRelease(1);
            file.manager().newCounter("control overruns", CounterTypes.CONTROL_OVERRUNS).setRelease(2);
            final int offset = switch (where)
            {
                case "LABEL" -> LABEL;
                case "LABEL_SECOND" -> LABEL + SECOND;
                case "STATE_SECOND" -> CountersFile.HEADER_LENGTH + SECOND;
                default -> Integer.parseInt(where);
            };
            try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw"))
            {
                new UnsafeBuffer(raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, raf.length())).putIntVolatile(offset, value);
            }
            for (final String[] args : new String[][] {{"--json"}, {"--machine", "pump-station"}, {"--machine", "pump-station", "--json"}})
            {
                final StringWriter out = new StringWriter();
                final StringWriter err = new StringWriter();
                final CommandLine commandLine = new CommandLine(new StatCommand());
                commandLine.setOut(new PrintWriter(out, true));
                commandLine.setErr(new PrintWriter(err, true));
                final String[] all = new String[args.length + 3];
                all[0] = "--dir";
                all[1] = dir.toString();
                all[2] = "--once";
                System.arraycopy(args, 0, all, 3, args.length);
                final int code = commandLine.execute(all);
                assertEquals("error: " + path + ": corrupt counters file at byte offset " + offset + " (" + field + "): " + problem,
                    err.toString().trim());
                assertEquals(2, code, err.toString());
                assertFalse(err.toString().contains("Exception") || err.toString().contains("\tat "), err.toString());
            }
        }
    }
}
