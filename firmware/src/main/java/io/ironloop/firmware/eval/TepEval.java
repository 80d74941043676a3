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
import java.util.List;
import java.util.Set;

/**
 * Tennessee Eastman evaluation (../shared/data/README.md §4): the ensemble learns from {@code d00.dat} alone
 * (read with {@code tep-d00.yaml}); every test file {@code dNN_te.dat} (read with {@code tep.yaml}) is scored
 * from its first row, with the fault introduced after row 160. Detection rate of a fault = share of rows 161-960
 * alarmed; false alarms are counted on {@code d00_te.dat} and on rows 1-160 of every test file. The training
 * files {@code dNN.dat} are never scored here: {@link #development} uses them (with d00.dat's held-out tail) to
 * choose parameters.
 */
public final class TepEval
{
    public static final int NORMAL_ROWS = 160;
    public static final Set<Integer> UNDETECTABLE = Set.of(3, 9, 15);
    public static final int FAULTS = 21;

    /** The ensemble for TEP; parameters chosen on d00.dat and the dNN.dat training files (docs/DETECTION.md). */
    public static final EnsembleSpec SPEC = new EnsembleSpec(100, true, 2, 0.05, 0.90, 0, true, -1,
        new ThresholdRule(0.99, 1.0, 0.25), new AlarmRule(1.0, 0.8, 3, 5), DetectorEnsemble.Combine.MAX, 0.05);

    public record Fault(int fault, int rows, double detectionRate, double farPct, int firstDetectionRow)
    {
    }

    public record Result(List<Fault> faults, double meanDetectionRate, double farPct, double normalFarPct, long falseAlarms,
        long normalRows, String members)
    {
    }

    private TepEval()
    {
    }

    public static Result run(final Path dir, final RecordingMapping d00Mapping, final RecordingMapping mapping, final EnsembleSpec spec)
        throws IOException, DetectorLearningException
    {
        final DetectorEnsemble ensemble = learn(dir, d00Mapping, spec);
        final int[] normal = alarms(ensemble, read(require(dir.resolve("d00_te.dat")), mapping));
        long falseAlarms = sum(normal, 0, normal.length);
        long normalRows = normal.length;
        final double normalFar = 100.0 * falseAlarms / Math.max(1, normal.length);
        final List<Fault> faults = new ArrayList<>();
        double sumRate = 0;
        int counted = 0;
        for (int f = 1; f <= FAULTS; f++)
        {
            final int[] a = alarms(ensemble, read(require(dir.resolve(String.format("d%02d_te.dat", f))), mapping));
            if (a.length <= NORMAL_ROWS)
            {
                throw new IOException(dir.resolve(String.format("d%02d_te.dat", f)) + ": " + a.length + " rows, expected more than " + NORMAL_ROWS);
            }
            final long fa = sum(a, 0, NORMAL_ROWS);
            falseAlarms += fa;
            normalRows += NORMAL_ROWS;
            final double rate = (double)sum(a, NORMAL_ROWS, a.length) / (a.length - NORMAL_ROWS);
            int first = -1;
            for (int i = NORMAL_ROWS; i < a.length && first < 0; i++)
            {
                first = a[i] == 1 ? i + 1 : -1;
            }
            faults.add(new Fault(f, a.length, rate, 100.0 * fa / NORMAL_ROWS, first));
            if (!UNDETECTABLE.contains(f))
            {
                sumRate += rate;
                counted++;
            }
        }
        return new Result(faults, sumRate / counted, 100.0 * falseAlarms / normalRows, normalFar, falseAlarms, normalRows,
            spec.members());
    }

    /** Development figures, from data never scored by {@link #run}: mean detection on dNN.dat (faults but 3, 9, 15), FAR % on d00.dat's last quarter when learnt on the first three. */
    public static double[] development(final Path dir, final RecordingMapping d00Mapping, final RecordingMapping mapping,
        final EnsembleSpec spec) throws IOException, DetectorLearningException
    {
        final double[][] d00 = read(require(dir.resolve("d00.dat")), d00Mapping);
        final int head = d00.length * 3 / 4;
        final DetectorEnsemble inner = spec.build(names(d00[0].length));
        for (int i = 0; i < head; i++)
        {
            inner.learn(d00[i]);
        }
        inner.finishLearning();
        final int[] tail = alarms(inner, java.util.Arrays.copyOfRange(d00, head, d00.length));
        final double far = 100.0 * sum(tail, 0, tail.length) / tail.length;
        final DetectorEnsemble ensemble = learn(dir, d00Mapping, spec);
        double sumRate = 0;
        int counted = 0;
        for (int f = 1; f <= FAULTS; f++)
        {
            if (UNDETECTABLE.contains(f))
            {
                continue;
            }
            final int[] a = alarms(ensemble, read(require(dir.resolve(String.format("d%02d.dat", f))), mapping));
            sumRate += (double)sum(a, 0, a.length) / a.length;
            counted++;
        }
        return new double[] {sumRate / counted, far};
    }

    static DetectorEnsemble learn(final Path dir, final RecordingMapping d00Mapping, final EnsembleSpec spec)
        throws IOException, DetectorLearningException
    {
        final Path d00 = require(dir.resolve("d00.dat"));
        final double[][] rows = read(d00, d00Mapping);
        final DetectorEnsemble ensemble = spec.build(names(rows.length == 0 ? 0 : rows[0].length));
        for (final double[] row : rows)
        {
            ensemble.learn(row);
        }
        try
        {
            ensemble.finishLearning();
        }
        catch (final DetectorLearningException ex)
        {
            throw new DetectorLearningException(d00 + ": " + ex.getMessage());
        }
        return ensemble;
    }

    private static String[] names(final int n)
    {
        final String[] names = new String[n];
        for (int i = 0; i < n; i++)
        {
            names[i] = i < 41 ? "xmeas_" + (i + 1) : "xmv_" + (i - 40);
        }
        return names;
    }

    private static int[] alarms(final DetectorEnsemble ensemble, final double[][] rows)
    {
        ensemble.resetScoring();
        final int[] a = new int[rows.length];
        for (int i = 0; i < rows.length; i++)
        {
            ensemble.score(rows[i]);
            a[i] = ensemble.alarm() ? 1 : 0;
        }
        return a;
    }

    private static long sum(final int[] a, final int from, final int to)
    {
        long s = 0;
        for (int i = from; i < to; i++)
        {
            s += a[i];
        }
        return s;
    }

    private static Path require(final Path file) throws NoSuchFileException
    {
        if (!Files.isRegularFile(file))
        {
            throw new NoSuchFileException(file.toString(), null, "missing (expected the TEP data set: d00.dat, d00_te.dat, d01_te.dat .. d21_te.dat)");
        }
        return file;
    }

    static double[][] read(final Path file, final RecordingMapping mapping) throws IOException
    {
        try (CsvRecordingReader reader = CsvRecordingReader.open(file, mapping))
        {
            final int width = reader.names().length;
            final List<double[]> rows = new ArrayList<>();
            double[] row = new double[width];
            while (reader.next(row))
            {
                rows.add(row);
                row = new double[width];
            }
            if (rows.isEmpty())
            {
                throw new IOException(file + ": no rows");
            }
            return rows.toArray(new double[0][]);
        }
    }
}
