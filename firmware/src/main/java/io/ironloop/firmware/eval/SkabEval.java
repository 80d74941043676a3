package io.ironloop.firmware.eval;

import io.ironloop.control.detect.AlarmRule;
import io.ironloop.control.detect.DetectorEnsemble;
import io.ironloop.control.detect.DetectorLearningException;
import io.ironloop.control.detect.EnsembleSpec;
import io.ironloop.control.detect.ThresholdRule;
import io.ironloop.firmware.recording.CsvRecordingReader;
import io.ironloop.firmware.recording.RecordingMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SKAB leaderboard protocol (../shared/data/README.md §1.1) run on our detector ensemble: for each labelled
 * file under the SKAB folder (every {@code *.csv} except {@code anomaly-free/} and the reference predictions),
 * read through the recording reader with {@code skab.yaml}, learn on its first 400 rows, score the rest, and
 * score the ensemble's alarms with {@link SkabScore}. The anomaly-free file is used only for the calibration
 * figure: cut into pieces of SKAB-file length, each learnt on its first 400 rows and scored on the rest, where
 * every alarm is false.
 */
public final class SkabEval
{
    public static final int TRAIN_ROWS = 400;
    /** Rows of an anomaly-free piece: about a SKAB file's length. */
    static final int PIECE_ROWS = 1150;
    static final String[] SENSORS = {"accel1_rms", "accel2_rms", "motor_current", "pressure", "motor_temperature",
        "fluid_temperature", "motor_voltage", "flow_rms"};

    /**
     * The ensemble used for SKAB: the watched channels were chosen on the anomaly-free file; the members, the PCA
     * shrinkage, the smoothing, the threshold factor and the alarm hold by {@link #crossValidate} (the choice its
     * procedure makes on all files; each half chose a close neighbour on the other half), docs/DETECTION.md.
     */
    public static final EnsembleSpec SPEC = EnsembleSpec.SMOOTHED;

    /**
     * Channels the SKAB ensemble watches: all but the fluid thermocouple, whose normal slow drift caused 98 % of
     * the false alarms on the anomaly-free file's pieces (docs/DETECTION.md).
     */
    public static final String[] WATCHED = {"accel1_rms", "accel2_rms", "motor_current", "pressure", "motor_temperature",
        "motor_voltage", "flow_rms"};

    /** One file's outcome. */
    public record FileResult(String file, int rows, int testRows, int anomalous, int alarmed, long tp, long fp, long fn, long tn)
    {
    }

    public record Result(SkabScore score, List<FileResult> files, double anomalyFreeFarPct, String members)
    {
    }

    private SkabEval()
    {
    }

    /** The labelled files under {@code dir}, sorted; an error if there are none. */
    public static List<Path> files(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            throw new NoSuchFileException(dir.toString(), null, "not a directory (expected the SKAB data folder)");
        }
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir))
        {
            walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
                .filter(p -> !dir.relativize(p).toString().startsWith("anomaly-free"))
                .filter(p -> !p.getFileName().toString().startsWith("reference_predictions"))
                .forEach(files::add);
        }
        files.sort((a, b) -> naturalKey(dir.relativize(a).toString()).compareTo(naturalKey(dir.relativize(b).toString())));
        if (files.isEmpty())
        {
            throw new NoSuchFileException(dir.toString(), null, "no SKAB .csv files under it");
        }
        return files;
    }

    private static String naturalKey(final String rel)
    {
        final StringBuilder key = new StringBuilder();
        for (final String part : rel.split("[/\\\\.]"))
        {
            key.append(part.chars().allMatch(Character::isDigit) ? String.format("%08d", Integer.parseInt(part)) : part).append('/');
        }
        return key.toString();
    }

    public static Result run(final Path dir, final RecordingMapping mapping, final EnsembleSpec spec, final String[] watched) throws IOException, DetectorLearningException
    {
        return run(dir, mapping, i -> spec, watched, anomalyFreeFar(dir, mapping, spec, watched), spec.describe() + " on " + String.join(",", watched));
    }

    /** The protocol with the spec of the {@code i}-th file (in {@link #files} order) given by {@code specOfFile}. */
    static Result run(final Path dir, final RecordingMapping mapping, final java.util.function.IntFunction<EnsembleSpec> specOfFile,
        final String[] watched, final double anomalyFreeFarPct, final String members) throws IOException, DetectorLearningException
    {
        final SkabScore score = new SkabScore();
        final List<FileResult> results = new ArrayList<>();
        final List<Path> all = files(dir);
        for (int f = 0; f < all.size(); f++)
        {
            final Path file = all.get(f);
            final EnsembleSpec spec = specOfFile.apply(f);
            final Table table = Table.read(file, mapping);
            if (table.rows() <= TRAIN_ROWS)
            {
                throw new IOException(file + ": " + table.rows() + " rows, the protocol needs more than " + TRAIN_ROWS);
            }
            final int[] prediction = predict(table, spec, watched, file);
            final int n = table.rows() - TRAIN_ROWS;
            final long[] seconds = new long[n];
            final boolean[] anomaly = new boolean[n];
            final boolean[] changepoint = new boolean[n];
            final int[] test = Arrays.copyOfRange(prediction, TRAIN_ROWS, table.rows());
            long tp = 0;
            long fp = 0;
            long fn = 0;
            long tn = 0;
            int anomalous = 0;
            int alarmed = 0;
            for (int i = 0; i < n; i++)
            {
                final double[] row = table.row(TRAIN_ROWS + i);
                seconds[i] = Math.round(row[0]);
                anomaly[i] = row[table.anomaly] == 1;
                changepoint[i] = row[table.changepoint] == 1;
                anomalous += anomaly[i] ? 1 : 0;
                alarmed += test[i];
                if (anomaly[i])
                {
                    tp += test[i];
                    fn += 1 - test[i];
                }
                else
                {
                    fp += test[i];
                    tn += 1 - test[i];
                }
            }
            score.addFile(seconds, anomaly, changepoint, test);
            results.add(new FileResult(dir.relativize(file).toString(), table.rows(), n, anomalous, alarmed, tp, fp, fn, tn));
        }
        return new Result(score, results, anomalyFreeFarPct, members);
    }

    /**
     * The grid {@link #crossValidate} chooses from (288 entries, fixed before it was first run): members pca+mad /
     * pca / mad / pca+dpca(2)+mad × PCA shrinkage 0.05 or estimated from the learning rows (Schäfer-Strimmer) ×
     * no EWMA copies or EWMA copies of the PCA and MAD members at α 0.1 or 0.05 × threshold factor 1, 1.5, 2, 3 ×
     * clear hold 10, 30, 60 samples. Everything else is fixed a priori (docs/DETECTION.md).
     */
    static List<EnsembleSpec> grid()
    {
        final List<EnsembleSpec> grid = new ArrayList<>();
        for (final double factor : new double[] {1, 1.5, 2, 3})
        {
            for (final int clear : new int[] {10, 30, 60})
            {
                for (final double shrinkage : new double[] {0.05, EnsembleSpec.ESTIMATED_SHRINKAGE})
                {
                    for (final double smoothing : new double[] {1.0, 0.1, 0.05})
                    {
                        for (int m = 0; m < 4; m++)
                        {
                            // members: pca+mad, pca, mad, pca+dpca(2)+mad
                            grid.add(new EnsembleSpec(50, m != 2, m == 3 ? 2 : 0, shrinkage, 0.90, 0, m != 1, -1,
                                new ThresholdRule(0.99, factor, 0.25), new AlarmRule(1.0, 0.8, 3, clear), DetectorEnsemble.Combine.MAX,
                                smoothing));
                        }
                    }
                }
            }
        }
        return grid;
    }

    /**
     * Two-fold cross-validation of the parameter choice: the files (in sorted order) are split into even and odd
     * positions; for each half, the grid entry with the best F1 at FAR at most 15 % on the <em>other</em> half is
     * chosen and scored on this half. So no file is scored by parameters chosen on it. Returns report lines; the
     * last is the pooled score of both halves.
     */
    public record CrossValidation(List<String> lines, Result heldOut)
    {
    }

    public static CrossValidation crossValidate(final Path dir, final RecordingMapping mapping) throws IOException, DetectorLearningException
    {
        final List<Path> files = files(dir);
        final List<EnsembleSpec> grid = grid();
        final long[][][] c = new long[grid.size()][files.size()][];
        for (int g = 0; g < grid.size(); g++)
        {
            for (int i = 0; i < files.size(); i++)
            {
                c[g][i] = confusion(files.get(i), mapping, grid.get(g), WATCHED);
            }
        }
        final List<String> lines = new ArrayList<>();
        final long[] pooled = new long[4];
        final EnsembleSpec[] chosen = new EnsembleSpec[2];
        for (int fold = 0; fold < 2; fold++)
        {
            int best = -1;
            double bestF1 = -1;
            for (int g = 0; g < grid.size(); g++)
            {
                final long[] s = sum(c[g], fold, false);
                if (100.0 * s[1] / (s[1] + s[3]) <= 15 && f1(s) > bestF1)
                {
                    bestF1 = f1(s);
                    best = g;
                }
            }
            if (best < 0)
            {
                lines.add(String.format(java.util.Locale.ROOT, "half %d: no grid entry reaches FAR <= 15 %% on the other half", fold));
                continue;
            }
            final long[] s = sum(c[best], fold, true);
            for (int k = 0; k < 4; k++)
            {
                pooled[k] += s[k];
            }
            final EnsembleSpec spec = grid.get(best);
            chosen[fold] = spec;
            lines.add(String.format(java.util.Locale.ROOT,
                "half %d (%s files): chose %s, threshold x%.1f, clear after %d samples (F1 %.3f, FAR %.2f %% on the other half); here F1 %.3f, FAR %.2f %%, MAR %.2f %%",
                fold, fold == 0 ? "even" : "odd", spec.describe(), spec.threshold().factor(), spec.alarm().clearSamples(), bestF1,
                far(sum(c[best], fold, false)), f1(s), far(s), 100.0 * s[2] / (s[2] + s[0])));
        }
        lines.add(String.format(java.util.Locale.ROOT, "pooled over both halves (held out): F1 %.3f, FAR %.2f %%, MAR %.2f %%", f1(pooled),
            100.0 * pooled[1] / (pooled[1] + pooled[3]), 100.0 * pooled[2] / (pooled[2] + pooled[0])));
        lines.add(leaveOneFileOut(c, grid));
        int all = -1;
        double allF1 = -1;
        for (int g = 0; g < grid.size(); g++)
        {
            final long[] s = new long[4];
            for (final long[] f : c[g])
            {
                for (int k = 0; k < 4; k++)
                {
                    s[k] += f[k];
                }
            }
            if (far(s) <= 15 && f1(s) > allF1)
            {
                allF1 = f1(s);
                all = g;
            }
        }
        if (all >= 0)
        {
            final EnsembleSpec spec = grid.get(all);
            lines.add(String.format(java.util.Locale.ROOT,
                "the same choice made on all files (in-sample, not a score): %s, threshold x%.1f, clear after %d samples",
                spec.describe(), spec.threshold().factor(), spec.alarm().clearSamples()));
        }
        if (chosen[0] == null || chosen[1] == null)
        {
            return new CrossValidation(lines, null);
        }
        final Result heldOut = run(dir, mapping, i -> chosen[i % 2], WATCHED, Double.NaN,
            "held out: even files " + chosen[0].describe() + " x" + chosen[0].threshold().factor() + " clear " + chosen[0].alarm().clearSamples()
                + "; odd files " + chosen[1].describe() + " x" + chosen[1].threshold().factor() + " clear " + chosen[1].alarm().clearSamples());
        return new CrossValidation(lines, heldOut);
    }

    private static long[] sum(final long[][] perFile, final int fold, final boolean inFold)
    {
        final long[] s = new long[4];
        for (int i = 0; i < perFile.length; i++)
        {
            if ((i % 2 == fold) == inFold)
            {
                for (int k = 0; k < 4; k++)
                {
                    s[k] += perFile[i][k];
                }
            }
        }
        return s;
    }

    /**
     * A second, finer estimate beside the two halves: each file scored with the grid entry that is best (F1 at FAR at
     * most 15 %) on the other files. Shows how much the two-fold figure depends on the split.
     */
    private static String leaveOneFileOut(final long[][][] c, final List<EnsembleSpec> grid)
    {
        final int files = c[0].length;
        final long[] pooled = new long[4];
        final java.util.Set<Integer> chosen = new java.util.TreeSet<>();
        for (int out = 0; out < files; out++)
        {
            int best = -1;
            double bestF1 = -1;
            for (int g = 0; g < grid.size(); g++)
            {
                final long[] s = new long[4];
                for (int i = 0; i < files; i++)
                {
                    if (i != out)
                    {
                        for (int k = 0; k < 4; k++)
                        {
                            s[k] += c[g][i][k];
                        }
                    }
                }
                if (far(s) <= 15 && f1(s) > bestF1)
                {
                    bestF1 = f1(s);
                    best = g;
                }
            }
            if (best < 0)
            {
                return "leave one file out: some file's other files have no grid entry at FAR <= 15 %";
            }
            chosen.add(best);
            for (int k = 0; k < 4; k++)
            {
                pooled[k] += c[best][out][k];
            }
        }
        return String.format(java.util.Locale.ROOT, "leave one file out (held out, %d different choices): F1 %.3f, FAR %.2f %%, MAR %.2f %%",
            chosen.size(), f1(pooled), far(pooled), 100.0 * pooled[2] / (pooled[2] + pooled[0]));
    }

    private static double far(final long[] s)
    {
        return 100.0 * s[1] / (s[1] + s[3]);
    }

    private static double f1(final long[] s)
    {
        return s[0] / (s[0] + (s[1] + s[2]) / 2.0);
    }

    /** TP, FP, FN, TN of one file under the protocol (for parameter studies across files). */
    public static long[] confusion(final Path file, final RecordingMapping mapping, final EnsembleSpec spec, final String[] watched)
        throws IOException, DetectorLearningException
    {
        final Table table = Table.read(file, mapping);
        final int[] p = predict(table, spec, watched, file);
        final long[] c = new long[4];
        for (int i = TRAIN_ROWS; i < table.rows(); i++)
        {
            final boolean anomaly = table.row(i)[table.anomaly] == 1;
            c[anomaly ? (p[i] == 1 ? 0 : 2) : (p[i] == 1 ? 1 : 3)]++;
        }
        return c;
    }

    /** The ensemble's alarm per row of the file: learnt on the first 400 rows, 0 there, then 0/1 per row. */
    static int[] predict(final Table table, final EnsembleSpec spec, final String[] watched, final Path file) throws DetectorLearningException
    {
        final DetectorEnsemble ensemble = spec.build(watched);
        final int[] columns = table.columns(watched);
        final double[] sensors = new double[watched.length];
        for (int i = 0; i < TRAIN_ROWS; i++)
        {
            ensemble.learn(table.values(i, columns, sensors));
        }
        try
        {
            ensemble.finishLearning();
        }
        catch (final DetectorLearningException ex)
        {
            throw new DetectorLearningException(file + ": " + ex.getMessage());
        }
        final int[] prediction = new int[table.rows()];
        for (int i = TRAIN_ROWS; i < table.rows(); i++)
        {
            ensemble.score(table.values(i, columns, sensors));
            prediction[i] = ensemble.alarm() ? 1 : 0;
        }
        return prediction;
    }

    /** FAR in % over the anomaly-free file's pieces (NaN if the file is absent). */
    public static double anomalyFreeFar(final Path dir, final RecordingMapping mapping, final EnsembleSpec spec, final String[] watched)
        throws IOException, DetectorLearningException
    {
        final Path file = dir.resolve("anomaly-free/anomaly-free.csv");
        if (!Files.isRegularFile(file))
        {
            return Double.NaN;
        }
        final Table all = Table.read(file, mapping);
        long alarms = 0;
        long scored = 0;
        for (int start = 0; start + PIECE_ROWS <= all.rows(); start += PIECE_ROWS)
        {
            final int[] p = predict(all.slice(start, start + PIECE_ROWS), spec, watched, file);
            for (int i = TRAIN_ROWS; i < PIECE_ROWS; i++)
            {
                alarms += p[i];
                scored++;
            }
        }
        return 100.0 * alarms / Math.max(1, scored);
    }

    /** A whole SKAB file in memory (they are about a thousand rows). */
    static final class Table
    {
        private final double[][] rows;
        private final int[] sensorColumns;
        final int anomaly;
        final int changepoint;

        private Table(final double[][] rows, final int[] sensorColumns, final int anomaly, final int changepoint)
        {
            this.rows = rows;
            this.sensorColumns = sensorColumns;
            this.anomaly = anomaly;
            this.changepoint = changepoint;
        }

        static Table read(final Path file, final RecordingMapping mapping) throws IOException
        {
            try (CsvRecordingReader reader = CsvRecordingReader.open(file, mapping))
            {
                final List<String> names = List.of(reader.names());
                final int[] sensors = new int[SENSORS.length];
                for (int s = 0; s < SENSORS.length; s++)
                {
                    sensors[s] = column(names, SENSORS[s], file, mapping);
                }
                final int anomaly = column(names, "anomaly", file, mapping);
                final int changepoint = column(names, "changepoint", file, mapping);
                final List<double[]> rows = new ArrayList<>();
                double[] row = new double[names.size()];
                while (reader.next(row))
                {
                    rows.add(row);
                    row = new double[names.size()];
                }
                return new Table(rows.toArray(new double[0][]), sensors, anomaly, changepoint);
            }
        }

        private static int column(final List<String> names, final String name, final Path file, final RecordingMapping mapping)
            throws IOException
        {
            final int index = names.indexOf(name);
            if (index < 0)
            {
                throw new IOException(file + ": the mapping " + mapping.file() + " has no channel '" + name + "'");
            }
            return index;
        }

        int rows()
        {
            return rows.length;
        }

        double[] row(final int i)
        {
            return rows[i];
        }

        /** Row columns of the named sensors. */
        int[] columns(final String[] names)
        {
            final int[] columns = new int[names.length];
            for (int n = 0; n < names.length; n++)
            {
                final int s = Arrays.asList(SENSORS).indexOf(names[n]);
                if (s < 0)
                {
                    throw new IllegalArgumentException("no SKAB sensor '" + names[n] + "'; they are " + String.join(", ", SENSORS));
                }
                columns[n] = sensorColumns[s];
            }
            return columns;
        }

        double[] values(final int i, final int[] columns, final double[] out)
        {
            for (int c = 0; c < columns.length; c++)
            {
                out[c] = rows[i][columns[c]];
            }
            return out;
        }

        Table slice(final int from, final int to)
        {
            return new Table(Arrays.copyOfRange(rows, from, to), sensorColumns, anomaly, changepoint);
        }
    }
}
