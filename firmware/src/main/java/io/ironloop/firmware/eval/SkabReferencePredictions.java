package io.ironloop.firmware.eval;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.ironloop.firmware.recording.CsvRecordingException;
import io.ironloop.firmware.recording.CsvRecordingReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores SKAB's published per-point predictions ({@code skab/reference_predictions_test.csv}, README §1.3:
 * {@code file;row;datetime;anomaly;changepoint;<detector>...}, an empty cell = no prediction) with
 * {@link SkabScore}, one score per detector, files in the order they appear. This proves the metric: the numbers
 * must equal the published ones.
 */
public final class SkabReferencePredictions
{
    private SkabReferencePredictions()
    {
    }

    /** Detector name to its score over every file in {@code csv}. */
    public static Map<String, SkabScore> score(final Path csv) throws IOException
    {
        final Map<String, SkabScore> scores = new LinkedHashMap<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(';').ofCsvRecord(csv, StandardCharsets.UTF_8))
        {
            List<String> header = null;
            String file = null;
            final List<long[]> seconds = new ArrayList<>();
            final List<boolean[]> labels = new ArrayList<>();
            final List<int[]> predictions = new ArrayList<>();
            for (final CsvRecord record : reader)
            {
                final long line = record.getStartingLineNumber();
                if (header == null)
                {
                    header = record.getFields();
                    if (header.size() < 6 || !header.get(0).equals("file") || !header.get(3).equals("anomaly")
                        || !header.get(4).equals("changepoint"))
                    {
                        throw new CsvRecordingException(csv.toString(), line,
                            "expected the header file;row;datetime;anomaly;changepoint;<detector>..., got " + String.join(";", header));
                    }
                    for (int d = 5; d < header.size(); d++)
                    {
                        scores.put(header.get(d), new SkabScore());
                    }
                    continue;
                }
                if (record.getFieldCount() != header.size())
                {
                    throw new CsvRecordingException(csv.toString(), line,
                        "the row has " + record.getFieldCount() + " fields, the header " + header.size());
                }
                if (!record.getField(0).equals(file))
                {
                    flush(scores, seconds, labels, predictions);
                    file = record.getField(0);
                }
                final long epoch = CsvRecordingReader.isoSecondsUtc(record.getField(2));
                if (epoch == Long.MIN_VALUE)
                {
                    throw new CsvRecordingException(csv.toString(), line, "datetime '" + record.getField(2)
                        + "' is not of the form yyyy-MM-dd HH:mm:ss");
                }
                seconds.add(new long[] {epoch});
                labels.add(new boolean[] {flag(record, 3, csv, line), flag(record, 4, csv, line)});
                final int[] p = new int[header.size() - 5];
                for (int d = 0; d < p.length; d++)
                {
                    final String cell = record.getField(5 + d).strip();
                    p[d] = cell.isEmpty() ? SkabScore.MISSING : flag(record, 5 + d, csv, line) ? 1 : 0;
                }
                predictions.add(p);
            }
            if (header == null)
            {
                throw new CsvRecordingException(csv.toString(), 1, "the file is empty");
            }
            flush(scores, seconds, labels, predictions);
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
        return scores;
    }

    private static boolean flag(final CsvRecord record, final int field, final Path csv, final long line) throws CsvRecordingException
    {
        final String cell = record.getField(field).strip();
        try
        {
            final double v = Double.parseDouble(cell);
            if (v == 0 || v == 1)
            {
                return v == 1;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new CsvRecordingException(csv.toString(), line, "field " + (field + 1) + ": '" + cell + "' is not 0 or 1");
    }

    private static void flush(final Map<String, SkabScore> scores, final List<long[]> seconds, final List<boolean[]> labels,
        final List<int[]> predictions)
    {
        if (seconds.isEmpty())
        {
            return;
        }
        final int n = seconds.size();
        final long[] t = new long[n];
        final boolean[] anomaly = new boolean[n];
        final boolean[] changepoint = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = seconds.get(i)[0];
            anomaly[i] = labels.get(i)[0];
            changepoint[i] = labels.get(i)[1];
        }
        int d = 0;
        for (final SkabScore score : scores.values())
        {
            final int[] p = new int[n];
            for (int i = 0; i < n; i++)
            {
                p[i] = predictions.get(i)[d];
            }
            score.addFile(t, anomaly, changepoint, p);
            d++;
        }
        seconds.clear();
        labels.clear();
        predictions.clear();
    }
}
