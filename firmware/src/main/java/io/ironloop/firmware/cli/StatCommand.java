package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.control.runtime.CorruptCountersFile;
import io.ironloop.control.runtime.CountersFile;
import io.ironloop.control.runtime.CountersFileReader;
import io.ironloop.control.runtime.CounterTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** {@code ironloop stat}: the running firmware's counters, read from its counters file (like AeronStat). */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = {
        "Shows the counters of a running firmware (cycles, overruns, jitter and",
        "cycle time maxima, sensor faults, queue depths, MQTT backlog, loop modes),",
        "refreshed once per second until Ctrl-C or until the firmware stops. Reads",
        "the counters file the firmware publishes in shared memory without",
        "disturbing it. Exit status 1 when no firmware is running, 2 when its",
        "counters file is corrupt (the message names the byte offset and field)."})
final class StatCommand implements Callable<Integer>
{
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Option(names = "--machine", paramLabel = "NAME", description = "Machine name (needed only when several run).")
    String machine;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Directory of counters files (default: -D" + CountersFile.DIR_PROPERTY + ", else /dev/shm, else java.io.tmpdir).")
    Path dir;

    @Option(names = "--once", description = "Print the counters once and exit.")
    boolean once;

    @Option(names = "--json", description = "Print one JSON object: {machine, pid, file, alarms: [text], counters: {label: value}, typeIds: {label: type id}}.")
    boolean json;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000", description = "Refresh period (default: ${DEFAULT-VALUE} ms).")
    long intervalMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter out = spec.commandLine().getOut();
        final Path base = dir == null ? CountersFile.baseDirectory() : dir;
        final Path file;
        try
        {
            file = find(base);
        }
        catch (final CorruptCountersFile ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        try (CountersFileReader reader = CountersFileReader.open(file, 2_000))
        {
            if (!reader.isWriterAlive())
            {
                err.println("error: no firmware is running: " + file + " was left by process " + reader.pid() + ", which has exited");
                return IronloopCli.EXIT_FAILURE;
            }
            final String name = machineName(file);
            if (json)
            {
                out.println(json(reader, name));
                out.flush();
                if (once)
                {
                    return 0;
                }
            }
            while (true)
            {
                if (!reader.isPublished() || !reader.isWriterAlive())
                {
                    out.println("firmware " + name + " (pid " + reader.pid() + ") stopped");
                    out.flush();
                    return 0;
                }
                if (!json)
                {
                    out.print((once ? "" : CLEAR_SCREEN) + table(reader, name));
                    out.flush();
                }
                if (once)
                {
                    return 0;
                }
                LockSupport.parkNanos(intervalMs * 1_000_000L);
                if (Thread.currentThread().isInterrupted())
                {
                    return 0;
                }
                if (json)
                {
                    out.println(json(reader, name));
                    out.flush();
                }
            }
        }
        catch (final CorruptCountersFile ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final IOException ex)
        {
            err.println("error: cannot read counters: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
    }

    /** The counters file to read: the named machine's, or the only live one under {@code base}. */
    private Path find(final Path base) throws IOException
    {
        if (machine != null)
        {
            final Path file = CountersFile.fileFor(base, machine);
            if (!Files.exists(file))
            {
                throw new IOException("no firmware is running machine '" + machine + "' (no " + file + ")");
            }
            return file;
        }
        final List<Path> live = new ArrayList<>();
        final List<CorruptCountersFile> corrupt = new ArrayList<>();
        if (Files.isDirectory(base))
        {
            try (Stream<Path> dirs = Files.list(base))
            {
                dirs.filter(d -> d.getFileName().toString().startsWith(CountersFile.MACHINE_DIR_PREFIX))
                    .map(d -> d.resolve(CountersFile.FILE_NAME))
                    .filter(f -> isLive(f, corrupt))
                    .sorted()
                    .forEach(live::add);
            }
        }
        if (live.isEmpty() && !corrupt.isEmpty())
        {
            // A corrupt file is not silently "no firmware": say what is wrong with it.
            throw corrupt.get(0);
        }
        if (live.isEmpty())
        {
            throw new IOException("no firmware is running (no live counters file under " + base + ")");
        }
        if (live.size() > 1)
        {
            final StringBuilder names = new StringBuilder();
            for (final Path file : live)
            {
                names.append(names.length() == 0 ? "" : ", ").append(machineName(file));
            }
            throw new IOException("several machines are running (" + names + "); choose one with --machine");
        }
        return live.get(0);
    }

    /** Whether a live firmware publishes {@code file}; a corrupt file is added to {@code corrupt} instead. */
    private static boolean isLive(final Path file, final List<CorruptCountersFile> corrupt)
    {
        if (!Files.exists(file))
        {
            return false;
        }
        try (CountersFileReader reader = CountersFileReader.open(file, () -> false))
        {
            return reader.isPublished() && reader.isWriterAlive();
        }
        catch (final CorruptCountersFile ex)
        {
            corrupt.add(ex);
            return false;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static String machineName(final Path file)
    {
        final String dirName = file.toAbsolutePath().getParent().getFileName().toString();
        return dirName.startsWith(CountersFile.MACHINE_DIR_PREFIX)
            ? dirName.substring(CountersFile.MACHINE_DIR_PREFIX.length()) : dirName;
    }

    static String table(final CountersFileReader reader, final String name) throws CorruptCountersFile
    {
        final StringBuilder text = new StringBuilder();
        final Duration up = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - reader.startTimeMs()));
        text.append(String.format(Locale.ROOT, "ironloop %s  pid %d  up %d:%02d:%02d  %s%n", name, reader.pid(),
            up.toHours(), up.toMinutesPart(), up.toSecondsPart(), reader.file()));
        final List<String> alarms = alarms(reader);
        text.append("alarms: ").append(alarms.isEmpty() ? "none" : String.join(", ", alarms)).append(System.lineSeparator());
        text.append(String.format(Locale.ROOT, "%4s %5s %20s  %s%n", "id", "type", "value", "label"));
        reader.forEachCounter((counterId, typeId, label, value) ->
            text.append(String.format(Locale.ROOT, "%4d %5d %,20d  %s%n", counterId, typeId, value, label)));
        return text.toString();
    }

    /** The alarms the counters show now: the telemetry journal full or failed, the advisor's alarm. */
    static List<String> alarms(final CountersFileReader reader) throws CorruptCountersFile
    {
        final List<String> alarms = new ArrayList<>();
        reader.forEachCounter((counterId, typeId, label, value) ->
        {
            if (typeId == CounterTypes.JOURNAL_ALARM && value != 0)
            {
                alarms.add("journal " + (value == 1 ? "FULL (disk budget spent, refusing messages)" : value == 2 ? "FAILED (cannot write)" : "state " + value));
            }
            else if (typeId == CounterTypes.ADVISOR_ALARM && value != 0)
            {
                alarms.add("advisor alarm");
            }
        });
        return alarms;
    }

    static String json(final CountersFileReader reader, final String name) throws CorruptCountersFile
    {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode root = mapper.createObjectNode();
        root.put("machine", name);
        root.put("pid", reader.pid());
        root.put("file", reader.file().toString());
        root.put("timestampMs", System.currentTimeMillis());
        final com.fasterxml.jackson.databind.node.ArrayNode alarms = root.putArray("alarms");
        alarms(reader).forEach(alarms::add);
        final ObjectNode values = root.putObject("counters");
        final ObjectNode types = root.putObject("typeIds");
        reader.forEachCounter((counterId, typeId, label, value) ->
        {
            values.put(label, value);
            types.put(label, typeId);
        });
        return root.toString();
    }
}
