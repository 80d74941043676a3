package io.ironloop.firmware.eval;

import io.ironloop.control.vibration.BearingDiagnoser;
import io.ironloop.control.vibration.BearingGeometry;
import io.ironloop.control.vibration.VibrationAnalyzer;
import io.ironloop.control.vibration.VibrationBaseline;
import io.ironloop.firmware.config.BearingReader;
import io.ironloop.firmware.recording.CsvRecordingReader;
import io.ironloop.firmware.recording.RecordingMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ironloop eval cwru}: learns the healthy rig from the first half of the normal recording,
 * then for each recording (the normal one's second half, every fault file whole) decides alarm or not
 * from window features and names the fault from the averaged envelope spectrum.
 *
 * <p>Why the normal file and not the first part of each file: every CWRU file is one class from its
 * first sample to its last (README section 3), so the first part of a fault file is already faulty and
 * learning on it would teach the fault as normal. On a plant this is the commissioning recording. The
 * normal file's first half is learning data and is not scored; only its second half is.
 *
 * <p>Rules fixed before any fault file was looked at: windows of 16384 samples (0.34 s at 48 kHz,
 * 2.9 Hz envelope bins) with half overlap; a window is abnormal when one of its log features is more
 * than {@link #WINDOW_Z} baseline spreads from normal; a file alarms when at least half of its windows
 * are abnormal.
 */
public final class CwruEvaluation
{
    public static final int WINDOW = 16384;
    public static final double WINDOW_Z = 5.0;
    public static final double ALARM_FRACTION = 0.5;
    public static final double[] BAND_EDGES_HZ = {0, 1000, 3000, 6000, 12000, 24000};
    private static final int MIN_LEARNING_WINDOWS = 5;

    public record FileResult(String file, boolean alarm, BearingDiagnoser.Fault fault, int windows, int abnormalWindows,
                             double medianZ, String worstFeature, double rms, double kurtosis, double crest,
                             boolean learningHalfSkipped, BearingDiagnoser.Diagnosis diagnosis)
    {
    }

    public record Result(BearingReader.Bearing bearing, BearingGeometry geometry, double shaftHz, double sampleRateHz,
                         double bandLowHz, double bandHighHz, String baselineFile, int baselineWindows, List<FileResult> files)
    {
    }

    private CwruEvaluation()
    {
    }

    /** The CSV files in {@code dir}, by name. */
    public static List<Path> files(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            throw new IOException(dir + ": not a directory");
        }
        try (Stream<Path> list = Files.list(dir))
        {
            final List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            if (files.isEmpty())
            {
                throw new IOException(dir + ": no .csv recordings");
            }
            return files;
        }
    }

    public static Result evaluate(final List<Path> files, final Path baselineFile, final RecordingMapping mapping,
                                  final BearingReader.Bearing bearing) throws IOException
    {
        final double rate = mapping.rateHz();
        if (!(rate > 0))
        {
            throw new IOException("mapping " + mapping.file() + " declares no rateHz: the envelope spectrum needs it");
        }
        final BearingGeometry geometry = new BearingGeometry(bearing.type().isEmpty() ? bearing.id() : bearing.type(),
            bearing.balls(), bearing.ballDiameter(), bearing.pitchDiameter(), bearing.contactAngleDeg());
        final double high = Double.isNaN(bearing.bandHighHz()) ? 0.45 * rate : Math.min(bearing.bandHighHz(), rate / 2);
        final BearingDiagnoser diagnoser = new BearingDiagnoser(geometry, bearing.shaftRpm());
        final VibrationAnalyzer analyzer = new VibrationAnalyzer(rate, WINDOW, bearing.bandLowHz(), high, BAND_EDGES_HZ);
        final VibrationBaseline baseline = new VibrationBaseline(analyzer.bandCount());

        final double[] healthy = read(baselineFile, mapping);
        final int learnEnd = healthy.length / 2;
        for (int offset = 0; offset + WINDOW <= learnEnd; offset += WINDOW / 2)
        {
            if (analyzer.analyse(healthy, offset))
            {
                baseline.learn(analyzer);
            }
        }
        if (baseline.windowsLearned() < MIN_LEARNING_WINDOWS)
        {
            throw new IOException(baselineFile + ": its first half holds " + baseline.windowsLearned() + " window(s) of "
                + WINDOW + " samples, at least " + MIN_LEARNING_WINDOWS + " are needed to learn the healthy machine");
        }
        baseline.freeze(MIN_LEARNING_WINDOWS);
        final double[] baselineSpectrum = analyzer.averagedEnvelopeSpectrum();

        final List<FileResult> results = new ArrayList<>();
        for (final Path file : files)
        {
            final boolean isBaseline = file.toAbsolutePath().normalize().equals(baselineFile.toAbsolutePath().normalize());
            final double[] x = isBaseline ? healthy : read(file, mapping);
            final int start = isBaseline ? learnEnd : 0;
            analyzer.resetAverage();
            final List<Double> zs = new ArrayList<>();
            final int[] worstCount = new int[4 + analyzer.bandCount()];
            int abnormal = 0;
            double rms = 0;
            double kurtosis = 0;
            double crest = 0;
            for (int offset = start; offset + WINDOW <= x.length; offset += WINDOW / 2)
            {
                if (!analyzer.analyse(x, offset))
                {
                    continue;
                }
                final double z = baseline.score(analyzer);
                zs.add(z);
                worstCount[baseline.worstFeature()]++;
                rms += analyzer.rms();
                kurtosis += analyzer.kurtosis();
                crest += analyzer.crestFactor();
                if (z > WINDOW_Z)
                {
                    abnormal++;
                }
            }
            final int windows = zs.size();
            if (windows == 0)
            {
                throw new IOException(file + ": shorter than one window of " + WINDOW + " samples (or only non-finite values)");
            }
            final boolean alarm = abnormal >= ALARM_FRACTION * windows;
            final BearingDiagnoser.Diagnosis diagnosis = diagnoser.diagnose(analyzer.averagedEnvelopeSpectrum(), analyzer.binHz(),
                baselineSpectrum);
            int worst = 0;
            for (int f = 1; f < worstCount.length; f++)
            {
                if (worstCount[f] > worstCount[worst])
                {
                    worst = f;
                }
            }
            final double[] sorted = zs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            results.add(new FileResult(file.getFileName().toString(), alarm, alarm ? diagnosis.fault() : BearingDiagnoser.Fault.NONE,
                windows, abnormal, sorted[sorted.length / 2], baseline.featureName(worst), rms / windows, kurtosis / windows,
                crest / windows, isBaseline, diagnosis));
        }
        return new Result(bearing, geometry, diagnoser.shaftHz(), rate, analyzer.bandLowHz(), analyzer.bandHighHz(),
            baselineFile.getFileName().toString(), baseline.windowsLearned(), List.copyOf(results));
    }

    /** The first value channel of a recording, all of it. */
    static double[] read(final Path file, final RecordingMapping mapping) throws IOException
    {
        try (CsvRecordingReader reader = CsvRecordingReader.open(file, mapping))
        {
            final int channel = reader.names().length - mapping.channels().size();
            final double[] row = new double[reader.names().length];
            double[] values = new double[1 << 18];
            int count = 0;
            while (reader.next(row))
            {
                if (count == values.length)
                {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                values[count++] = row[channel];
            }
            return Arrays.copyOf(values, count);
        }
    }
}
