package io.ironloop.firmware.replay;

import io.ironloop.control.recording.RecordingWriter;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.firmware.recording.CsvRecordingReader;
import io.ironloop.firmware.recording.RecordingMappingLoader;
import io.ironloop.hal.HardwareException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ironloop bench replay}: the full replay pipeline on a synthetic 8-channel 1 kHz recording (a
 * temporary binary file): MCP3208 device model, driver, supervision, EMA filters, interlocks, a PID at
 * 1 kHz, output flush, telemetry encoding into a null sink, all in lockstep on one thread. Reports rows
 * per second and bytes allocated per row after warm-up, the CSV parse alone of the same rows as a
 * baseline in the same run, and (when the shared data are there) the time for every SKAB scenario.
 */
public final class ReplayBench
{
    /** Channels of the synthetic recording (the bench machine's eight transmitters). */
    public static final int CHANNELS = 8;
    /** Rows per second of the synthetic recording. */
    public static final double RATE_HZ = 1000.0;
    /**
     * Share of the recording replayed before measuring: enough calls for C2 to compile the whole row path
     * (5 s of rows, as before, measured mostly the interpreter and C1: the compile thresholds are 5000-15000
     * calls of each method, and a 2-core machine shared with other work compiles late).
     */
    private static final double WARM_UP_SHARE = 0.25;

    /**
     * @param skabSeconds wall time for every SKAB scenario, parsing included, or NaN when the data are absent
     * @param cpuRowsPerSecond rows per second of the replaying thread's CPU time (what other processes on a shared
     *                         machine take from the wall-clock rate does not count)
     * @param skabCpuSeconds the replaying thread's CPU time for every SKAB scenario, or NaN
     * @param skabWarmSeconds wall time for every SKAB scenario once more, the JIT warmed by the first pass, or NaN
     */
    public record Result(long rows, int channels, double rowsPerSecond, double bytesPerRow, double csvRowsPerSecond,
        double csvBytesPerRow, int skabScenarios, int skabPassed, double skabSeconds, double cpuRowsPerSecond,
        double skabCpuSeconds, double skabWarmSeconds) {}

    private ReplayBench()
    {
    }

    public static Result run(final Path home, final double seconds, final boolean skab) throws IOException, ConfigException, HardwareException, InterruptedException
    {
        final Path dir = Files.createTempDirectory("ironloop-bench-replay");
        try
        {
            final long rows = Math.round(seconds * RATE_HZ);
            final String[] names = new String[CHANNELS];
            final String[] units = new String[CHANNELS];
            for (int c = 0; c < CHANNELS; c++)
            {
                names[c] = "ch" + c;
                units[c] = "bar";
            }
            final Path recording = dir.resolve("bench.ilr");
            final Path csv = dir.resolve("bench.csv");
            final double[] row = new double[CHANNELS];
            try (RecordingWriter writer = RecordingWriter.create(recording, names, units, RATE_HZ);
                BufferedWriter text = Files.newBufferedWriter(csv))
            {
                text.write(String.join(",", names));
                text.newLine();
                for (long i = 0; i < rows; i++)
                {
                    for (int c = 0; c < CHANNELS; c++)
                    {
                        // 5 bar +- 1.5, each channel its own frequency: inside every interlock's limits.
                        row[c] = 5.0 + 1.5 * StrictMath.sin(2 * StrictMath.PI * (0.2 + 0.1 * c) * i / RATE_HZ);
                        text.write(Double.toString(row[c]));
                        text.write(c + 1 < CHANNELS ? ',' : '\n');
                    }
                    writer.append(row);
                }
            }
            final Path mapping = dir.resolve("bench-map.yaml");
            final StringBuilder map = new StringBuilder("header: true\nrateHz: 1000\nchannels:\n");
            for (final String name : names)
            {
                map.append("  - {column: ").append(name).append(", name: ").append(name).append(", unit: bar}\n");
            }
            Files.writeString(mapping, map);

            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long thread = Thread.currentThread().getId();

            // The CSV parse alone, the same rows (warm-up pass first).
            double csvRowsPerSecond = 0;
            double csvBytesPerRow = 0;
            for (int pass = 0; pass < 2; pass++)
            {
                try (CsvRecordingReader reader = CsvRecordingReader.open(csv, RecordingMappingLoader.load(mapping)))
                {
                    final long bytes = threads.getThreadAllocatedBytes(thread);
                    final long start = System.nanoTime();
                    long parsed = 0;
                    while (reader.next(row))
                    {
                        parsed++;
                    }
                    final long elapsed = System.nanoTime() - start;
                    csvRowsPerSecond = parsed / (elapsed * 1e-9);
                    csvBytesPerRow = (threads.getThreadAllocatedBytes(thread) - bytes) / (double)parsed;
                }
            }

            final MachineSetup setup = MachineSetup.load(home.resolve("board-configs/machines/replay-bench.yaml"), null);
            final List<ReplayRig.Feed> feeds = new ArrayList<>();
            for (int c = 0; c < CHANNELS; c++)
            {
                feeds.add(new ReplayRig.Feed(c, names[c], 1.0, 0.0, false));
            }
            final double rowsPerSecond;
            final double cpuRowsPerSecond;
            final double bytesPerRow;
            final long measured;
            try (ReplaySource source = ReplaySource.open(recording, null, Long.MAX_VALUE);
                ReplayRig rig = new ReplayRig(setup, source, feeds, List.of(), TelemetryLink.NONE, Long.MAX_VALUE, RATE_HZ);
                LockstepRunner runner = new LockstepRunner(rig.clock, rig.agents()))
            {
                final double warmUp = seconds * WARM_UP_SHARE;
                ReplayRig.runFlatOut(runner, ReplayRig.START_NS + (long)(warmUp * 1e9) - 1);
                final long before = rig.rows.rows();
                final long bytes = threads.getThreadAllocatedBytes(thread);
                final long cpu = threads.getCurrentThreadCpuTime();
                final long start = System.nanoTime();
                ReplayRig.runFlatOut(runner, ReplayRig.START_NS + (long)(seconds * 1e9) - 1);
                final long elapsed = System.nanoTime() - start;
                final long cpuElapsed = threads.getCurrentThreadCpuTime() - cpu;
                final long allocated = threads.getThreadAllocatedBytes(thread) - bytes;
                measured = rig.rows.rows() - before;
                rowsPerSecond = measured / (elapsed * 1e-9);
                cpuRowsPerSecond = measured / (cpuElapsed * 1e-9);
                bytesPerRow = allocated / (double)measured;
            }

            int skabScenarios = 0;
            int skabPassed = 0;
            double skabSeconds = Double.NaN;
            double skabCpuSeconds = Double.NaN;
            double skabWarmSeconds = Double.NaN;
            final Path suite = home.resolve("hil-tests/scenarios/skab");
            if (skab && Files.isDirectory(ScenarioLoader.sharedDir(home).resolve("data/skab")) && Files.isDirectory(suite))
            {
                final List<Path> files;
                try (Stream<Path> list = Files.list(suite))
                {
                    files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
                }
                // Every file on this thread, as `ironloop replay` runs a suite (the headline: the JIT has seen only the
                // pipeline above), then all again, to show what the JIT's warm-up took from the first pass.
                final long cpu = threads.getCurrentThreadCpuTime();
                final long start = System.nanoTime();
                for (final ScenarioBatch.Timed timed : ScenarioBatch.run(files, false, 1))
                {
                    skabScenarios++;
                    if (timed.result().exitCode() == ScenarioRunner.PASSED)
                    {
                        skabPassed++;
                    }
                }
                skabSeconds = (System.nanoTime() - start) * 1e-9;
                skabCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) * 1e-9;
                final long again = System.nanoTime();
                ScenarioBatch.run(files, false, 1);
                skabWarmSeconds = (System.nanoTime() - again) * 1e-9;
            }
            return new Result(measured, CHANNELS, rowsPerSecond, bytesPerRow, csvRowsPerSecond, csvBytesPerRow, skabScenarios, skabPassed,
                skabSeconds, cpuRowsPerSecond, skabCpuSeconds, skabWarmSeconds);
        }
        finally
        {
            try (Stream<Path> files = Files.list(dir))
            {
                for (final Path file : files.toList())
                {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    static String describe(final Result result)
    {
        return String.format(Locale.ROOT, "%d rows x %d channels: %.3f M rows/s, %.2f bytes/row", result.rows(), result.channels(),
            result.rowsPerSecond() / 1e6, result.bytesPerRow());
    }
}
