package io.ironloop.firmware.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.control.anomaly.StreamingAnomalyDetector;
import io.ironloop.firmware.recording.CsvRecordingReader;
import io.ironloop.firmware.recording.RecordingMapping;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code ironloop eval nab}: runs {@link StreamingAnomalyDetector} over every data file of a NAB-layout
 * directory ({@code DIR/<category>/<file>.csv}), writes NAB result files
 * ({@code RESULTS/<detector>/<category>/<detector>_<file>.csv}: timestamp,value,anomaly_score,label; the
 * label is 1 inside a window, as NAB writes it), plus the same for NAB's null detector (constant 0.5, which
 * NAB's own normalisation step needs), and scores them with {@link NabScorer}.
 */
public final class NabEvaluation
{
    public static final String DETECTOR = "ironloop";
    private static final DateTimeFormatter ROW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    public record Result(String detector, List<NabScorer.DataFile> files, List<NabScorer.Outcome> outcomes, int windows, int labels)
    {
    }

    private NabEvaluation()
    {
    }

    /** "category/file.csv" for every data file under {@code dir} (the labels folder left out), sorted. */
    public static List<String> dataFiles(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            throw new IOException(dir + ": not a directory");
        }
        final List<String> files = new ArrayList<>();
        try (Stream<Path> categories = Files.list(dir))
        {
            for (final Path category : categories.filter(Files::isDirectory).sorted().toList())
            {
                if (category.getFileName().toString().equals("labels"))
                {
                    continue;
                }
                try (Stream<Path> csvs = Files.list(category))
                {
                    csvs.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted()
                        .forEach(p -> files.add(category.getFileName() + "/" + p.getFileName()));
                }
            }
        }
        if (files.isEmpty())
        {
            throw new IOException(dir + ": no data files in NAB's layout (DIR/<category>/<file>.csv)");
        }
        return files;
    }

    /** NAB's combined_windows.json ({@link NabWindows}, read as UTC): file -> windows as [start, end] epoch seconds. */
    public static Map<String, List<long[]>> windows(final Path json) throws IOException
    {
        final Map<String, List<long[]>> windows = new TreeMap<>();
        for (final Map.Entry<String, List<NabWindows.Window>> entry : NabWindows.read(json).entrySet())
        {
            windows.put(entry.getKey(), entry.getValue().stream()
                .map(w -> new long[] {w.start().toEpochSecond(ZoneOffset.UTC), w.end().toEpochSecond(ZoneOffset.UTC)}).toList());
        }
        return windows;
    }

    /** Number of labels in NAB's combined_labels.json for the given files (NAB normalises by this count). */
    public static int labelCount(final Path json, final List<String> files) throws IOException
    {
        final JsonNode root = new ObjectMapper().readTree(json.toFile());
        int count = 0;
        for (final String file : files)
        {
            final JsonNode labels = root == null ? null : root.get(file);
            count += labels == null ? 0 : labels.size();
        }
        return count;
    }

    public static Result evaluate(final Path dir, final Path windowsJson, final Path labelsJson, final RecordingMapping mapping,
                                  final Path results) throws IOException
    {
        return evaluate(dir, windowsJson, labelsJson, mapping, results, null);
    }

    /**
     * As {@link #evaluate(Path, Path, Path, RecordingMapping, Path)}, but with {@code scoreOnly} set, the scores are
     * read from another detector's result files {@code RESULTS/<scoreOnly>/<category>/<scoreOnly>_<file>.csv}
     * (their anomaly_score column) and nothing is written: to check this scorer against NAB's stored results.
     */
    public static Result evaluate(final Path dir, final Path windowsJson, final Path labelsJson, final RecordingMapping mapping,
                                  final Path results, final String scoreOnly) throws IOException
    {
        final List<String> names = dataFiles(dir);
        final Map<String, List<long[]>> windows = windows(windowsJson);
        final List<NabScorer.DataFile> files = new ArrayList<>();
        int windowCount = 0;
        for (final String name : names)
        {
            final List<long[]> fileWindows = windows.get(name);
            if (fileWindows == null)
            {
                throw new IOException(windowsJson + ": no windows for " + name + " (a file NAB does not label)");
            }
            windowCount += fileWindows.size();
            final long[][] timestamps = new long[1][];
            final double[][] values = new double[1][];
            read(dir.resolve(name), mapping, timestamps, values);
            final double[] scores = scoreOnly != null ? storedScores(results, scoreOnly, name, values[0].length) : detect(values[0]);
            final NabScorer.DataFile file = new NabScorer.DataFile(name, timestamps[0], scores, fileWindows);
            files.add(file);
            if (results != null && scoreOnly == null)
            {
                write(results, DETECTOR, file, values[0], scores);
                final double[] half = new double[scores.length];
                Arrays.fill(half, 0.5);
                write(results, "null", file, values[0], half);
            }
        }
        final List<NabScorer.Outcome> outcomes = new ArrayList<>();
        for (final NabScorer.Profile profile : NabScorer.PROFILES)
        {
            outcomes.add(NabScorer.score(files, profile));
        }
        final int labels = labelsJson != null && Files.isRegularFile(labelsJson) ? labelCount(labelsJson, names) : -1;
        return new Result(scoreOnly != null ? scoreOnly : DETECTOR, List.copyOf(files), List.copyOf(outcomes), windowCount, labels);
    }

    private static double[] detect(final double[] values)
    {
        final StreamingAnomalyDetector detector = StreamingAnomalyDetector.standard();
        final double[] scores = new double[values.length];
        for (int i = 0; i < scores.length; i++)
        {
            scores[i] = detector.score(values[i]);
        }
        return scores;
    }

    private static double[] storedScores(final Path results, final String detector, final String name, final int rows)
        throws IOException
    {
        final int slash = name.indexOf('/');
        final Path csv = results.resolve(detector).resolve(name.substring(0, slash)).resolve(detector + "_" + name.substring(slash + 1));
        final List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty())
        {
            throw new IOException(csv + ": empty");
        }
        final int column = Arrays.asList(lines.get(0).split(",")).indexOf("anomaly_score");
        if (column < 0)
        {
            throw new IOException(csv + ":1: no anomaly_score column");
        }
        if (lines.size() - 1 != rows)
        {
            throw new IOException(csv + ": " + (lines.size() - 1) + " rows, the data file has " + rows);
        }
        final double[] scores = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            final String[] fields = lines.get(i + 1).split(",");
            try
            {
                scores[i] = Double.parseDouble(fields[column]);
            }
            catch (final NumberFormatException | ArrayIndexOutOfBoundsException ex)
            {
                throw new IOException(csv + ":" + (i + 2) + ": anomaly_score is not a number");
            }
        }
        return scores;
    }

    private static void read(final Path csv, final RecordingMapping mapping, final long[][] timestamps, final double[][] values)
        throws IOException
    {
        try (CsvRecordingReader reader = CsvRecordingReader.open(csv, mapping))
        {
            if (mapping.timestamp() == null)
            {
                throw new IOException("mapping " + mapping.file() + " has no timestamp: NAB windows are timestamps");
            }
            final double[] row = new double[reader.names().length];
            long[] ts = new long[1 << 14];
            double[] v = new double[1 << 14];
            int n = 0;
            while (reader.next(row))
            {
                if (n == ts.length)
                {
                    ts = Arrays.copyOf(ts, n * 2);
                    v = Arrays.copyOf(v, n * 2);
                }
                ts[n] = Math.floorDiv(reader.lastEpochNs(), 1_000_000_000L);
                v[n] = row[1];
                n++;
            }
            if (n == 0)
            {
                throw new IOException(csv + ": no data rows");
            }
            timestamps[0] = Arrays.copyOf(ts, n);
            values[0] = Arrays.copyOf(v, n);
        }
    }

    private static void write(final Path results, final String detector, final NabScorer.DataFile file, final double[] values,
                              final double[] scores) throws IOException
    {
        final int slash = file.name().indexOf('/');
        final Path dir = results.resolve(detector).resolve(file.name().substring(0, slash));
        Files.createDirectories(dir);
        final Path out = dir.resolve(detector + "_" + file.name().substring(slash + 1));
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8))
        {
            writer.write("timestamp,value,anomaly_score,label\n");
            final long[] ts = file.timestamps();
            int w = 0;
            boolean inside = false;
            for (int i = 0; i < ts.length; i++)
            {
                // the label follows the windows in row order, as the scorer enters and leaves them
                if (!inside && w < file.windows().size() && ts[i] == file.windows().get(w)[0])
                {
                    inside = true;
                }
                writer.write(LocalDateTime.ofEpochSecond(ts[i], 0, ZoneOffset.UTC).format(ROW_TIME));
                writer.write(',');
                writer.write(Double.toString(values[i]));
                writer.write(',');
                writer.write(Double.toString(scores[i]));
                writer.write(inside ? ",1\n" : ",0\n");
                if (inside && ts[i] == file.windows().get(w)[1])
                {
                    inside = false;
                    w++;
                }
            }
        }
    }
}
