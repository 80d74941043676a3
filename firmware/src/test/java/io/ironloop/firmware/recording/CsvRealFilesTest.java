package io.ironloop.firmware.recording;

import io.ironloop.control.recording.RecordingHeader;
import io.ironloop.control.recording.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every quirk in ../shared/data/README.md, converted through the shipped mappings and read back
 * from the binary recording, against the README's numbers (rows, labels, sample values).
 */
class CsvRealFilesTest
{
    private static final double G = 9.80665;

    @TempDir
    Path dir;

    private record Converted(RecordingHeader header, List<double[]> rows, CsvConverter.Result result)
    {
        double sum(final String channel)
        {
            final int c = header.channel(channel);
            double sum = 0;
            for (final double[] row : rows)
            {
                sum += row[c];
            }
            return sum;
        }
    }

    private Converted convert(final String csv, final String mapping) throws Exception
    {
        final Path out = dir.resolve(csv.replace('/', '_') + ".irec");
        final CsvConverter.Result result =
            CsvConverter.convert(SharedData.file(csv), RecordingMappingLoader.load(SharedData.mapping(mapping)), out);
        try (RecordingReader reader = RecordingReader.open(out))
        {
            final List<double[]> rows = new ArrayList<>();
            double[] row = new double[reader.header().channelCount()];
            while (reader.next(row))
            {
                rows.add(row);
                row = new double[row.length];
            }
            assertEquals(result.rows(), rows.size());
            return new Converted(reader.header(), rows, result);
        }
    }

    private static double epochSeconds(final String utc)
    {
        return Instant.parse(utc.replace(' ', 'T') + "Z").getEpochSecond();
    }

    @Test
    void shouldConvertEverySkabFileWithTheReadmeCounts() throws Exception
    {
        // README section 1: rows / anomalous rows / changepoints per file
        final Map<String, int[]> other = new LinkedHashMap<>();
        final int[][] table = {{1, 745, 188, 2}, {2, 780, 384, 4}, {3, 1137, 398, 4}, {4, 1191, 395, 3}, {5, 1155, 410, 2},
            {6, 1147, 402, 4}, {7, 1090, 347, 4}, {8, 1147, 403, 4}, {9, 1144, 401, 4}, {10, 1327, 586, 4},
            {11, 1190, 451, 4}, {12, 1048, 309, 4}, {13, 923, 265, 4}, {14, 905, 302, 3}};
        for (final int[] line : table)
        {
            other.put("skab/other/" + line[0] + ".csv", new int[] {line[1], line[2], line[3]});
        }
        int files = 0;
        for (final Map.Entry<String, int[]> entry : other.entrySet())
        {
            final Converted converted = convert(entry.getKey(), "skab.yaml");
            assertEquals(entry.getValue()[0], converted.rows().size(), entry.getKey() + " rows");
            assertEquals(entry.getValue()[1], converted.sum("anomaly"), entry.getKey() + " anomalous rows");
            assertEquals(entry.getValue()[2], converted.sum("changepoint"), entry.getKey() + " changepoints");
            files++;
        }
        long valveRows = 0;
        double valveAnomalies = 0;
        double valveChangepoints = 0;
        for (int i = 0; i < 16; i++)
        {
            final Converted converted = convert("skab/valve1/" + i + ".csv", "skab.yaml");
            assertTrue(converted.rows().size() >= 1075 && converted.rows().size() <= 1154, "valve1/" + i);
            valveRows += converted.rows().size();
            valveAnomalies += converted.sum("anomaly");
            valveChangepoints += converted.sum("changepoint");
            files++;
        }
        assertEquals(18_160, valveRows, "valve1 rows");
        assertEquals(6_309, valveAnomalies, "valve1 anomalous rows");
        assertEquals(63, valveChangepoints, "valve1 changepoints");

        final Converted free = convert("skab/anomaly-free/anomaly-free.csv", "skab.yaml");
        assertEquals(9_405, free.rows().size());
        assertEquals(0, free.sum("anomaly"), "anomaly-free.csv has no label columns: every row normal");
        files++;
        assertEquals(31, files, "30 labelled files and anomaly-free.csv");
    }

    @Test
    void shouldReadSkabValuesInSiUnitsWithItsTimestamps() throws Exception
    {
        // valve1/0.csv (CRLF) first row: 2020-03-09 10:14:33;0.0265878;0.0401113;1.3302;0.054711;79.3366;26.0199;233.062;32.0;0.0;0.0
        final Converted crlf = convert("skab/valve1/0.csv", "skab.yaml");
        final RecordingHeader header = crlf.header();
        assertEquals(List.of("time", "accel1_rms", "accel2_rms", "motor_current", "pressure", "motor_temperature",
            "fluid_temperature", "motor_voltage", "flow_rms", "anomaly", "changepoint"), header.names());
        assertEquals("Pa", header.units().get(header.channel("pressure")));
        assertEquals(1.0, header.rateHz());
        assertEquals((long)epochSeconds("2020-03-09 10:14:33") * 1_000_000_000L, header.startEpochNs());
        final double[] first = crlf.rows().get(0);
        assertEquals(epochSeconds("2020-03-09 10:14:33"), first[0]);
        assertEquals(0.0265878 * G, first[1], 1e-12);
        assertEquals(1.3302, first[3], 1e-12);
        assertEquals(5471.1, first[4], 1e-9);
        assertEquals(352.4866, first[5], 1e-9);
        assertEquals(32.0 / 60_000, first[8], 1e-15);
        assertEquals(epochSeconds("2020-03-09 10:14:34"), crlf.rows().get(1)[0]);

        // other/1.csv uses LF: the same columns come out the same way
        final Converted lf = convert("skab/other/1.csv", "skab.yaml");
        assertEquals(header.names(), lf.header().names());
        assertTrue(lf.rows().get(0)[4] > 0, "pressure read from an LF file");
    }

    @Test
    void shouldKeepNabRowsInFileOrderThoughTimestampsGoBackAndRepeat() throws Exception
    {
        final Converted machine = convert("nab/realKnownCause/machine_temperature_system_failure.csv", "nab.yaml");
        assertEquals(22_695, machine.rows().size());
        assertEquals(1.0 / 300, machine.header().rateHz(), 1e-15, "5 min: the most common step");
        assertTrue(machine.result().rateFromTimestamps());
        assertEquals(epochSeconds("2014-01-07 02:55:00"), machine.rows().get(10_148)[0]);
        assertEquals(epochSeconds("2014-01-07 02:00:00"), machine.rows().get(10_149)[0], "55 min back, kept in place");
        assertEquals(94.13972336, machine.rows().get(10_149)[1], 1e-12);
        assertEquals(12, duplicatedTimestamps(machine), "README: 12 duplicated timestamps");
        assertEquals(96.90386085, machine.rows().get(22_694)[1], 1e-12);

        final Converted ec2 = convert("nab/realKnownCause/ec2_request_latency_system_failure.csv", "nab.yaml");
        assertEquals(4_032, ec2.rows().size());
        int at0300 = 0;
        for (final double[] row : ec2.rows())
        {
            at0300 += row[0] == epochSeconds("2014-03-09 03:00:00") ? 1 : 0;
        }
        assertEquals(12, at0300, "README: 11 rows duplicate 2014-03-09 03:00:00 (DST)");

        final Converted taxi = convert("nab/realKnownCause/nyc_taxi.csv", "nab.yaml");
        assertEquals(10_320, taxi.rows().size(), "the last line has no newline and is still read");
        assertEquals(26_288, taxi.rows().get(10_319)[1]);
        assertEquals(1.0 / 1800, taxi.header().rateHz(), 1e-15);

        final Converted ambient = convert("nab/realKnownCause/ambient_temperature_system_failure.csv", "nab.yaml");
        assertEquals(7_267, ambient.rows().size());
        assertEquals(1.0 / 3600, ambient.header().rateHz(), 1e-15, "1 h despite 10 gaps");
    }

    private static int duplicatedTimestamps(final Converted converted)
    {
        final Map<Double, Integer> counts = new HashMap<>();
        for (final double[] row : converted.rows())
        {
            counts.merge(row[0], 1, Integer::sum);
        }
        return (int)counts.values().stream().filter(count -> count > 1).count();
    }

    @Test
    void shouldReadTepD00Transposed() throws Exception
    {
        final Converted d00 = convert("tep/d00.dat", "tep-d00.yaml");
        assertEquals(500, d00.rows().size(), "52 lines of 500 samples become 500 rows of 52 channels");
        assertEquals(52, d00.header().channelCount());
        assertEquals("xmv_11", d00.header().names().get(51));
        assertEquals(1.0 / 180, d00.header().rateHz(), 1e-15);
        assertEquals(0.24987, d00.rows().get(0)[0], 1e-12, "line 1, field 1");
        assertEquals(0.25118, d00.rows().get(1)[0], 1e-12, "line 1, field 2");
        assertEquals(0.24916, d00.rows().get(499)[0], 1e-12, "line 1, field 500");
        assertEquals(16.825, d00.rows().get(498)[51], 1e-12, "line 52, field 499");
        assertEquals(19.999, d00.rows().get(499)[51], 1e-12, "line 52, field 500");

        final Converted d01 = convert("tep/d01.dat", "tep.yaml");
        assertEquals(480, d01.rows().size());
        assertEquals(0.23766, d01.rows().get(0)[0], 1e-12);
        assertEquals(3641.3, d01.rows().get(0)[1], 1e-9);
        final Converted d01Test = convert("tep/d01_te.dat", "tep.yaml");
        assertEquals(960, d01Test.rows().size());
    }

    @Test
    void shouldConvertCwruAt48kHzWithTheReadmeSamplesAndRms() throws Exception
    {
        final Object[][] files = {
            {"bearing/cwru48k_DE_0hp_normal_97.csv", 243_938, 0.0738},
            {"bearing/cwru48k_DE_0hp_innerrace007_109.csv", 243_938, 0.5880},
            {"bearing/cwru48k_DE_0hp_ball007_122.csv", 244_739, 0.1494},
            {"bearing/cwru48k_DE_0hp_outerrace007at6_135.csv", 243_538, 1.2580}};
        for (final Object[] file : files)
        {
            final Converted converted = convert((String)file[0], "cwru-48k-de.yaml");
            assertEquals((int)file[1], converted.rows().size(), (String)file[0]);
            assertEquals(48_000.0, converted.header().rateHz());
            assertEquals(20_833L, converted.header().periodNs());
            double squares = 0;
            for (final double[] row : converted.rows())
            {
                squares += row[0] * row[0];
            }
            final double rmsG = Math.sqrt(squares / converted.rows().size()) / G;
            assertEquals((double)file[2], rmsG, 0.00005, file[0] + " RMS in g");
        }
        final Converted normal = convert("bearing/cwru48k_DE_0hp_normal_97.csv", "cwru-48k-de.yaml");
        assertEquals(0.05319692307692307 * G, normal.rows().get(0)[0], 1e-15, "lossless: the CSV's own double");
    }
}
