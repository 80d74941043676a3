package io.ironloop.firmware.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironloop.firmware.cli.IronloopCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eval skab} and {@code eval tep} on hand-made folders: bad input gives one clear message; a small run works. */
class EvalCommandTest
{
    private static final String HEADER = "datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;"
        + "Thermocouple;Voltage;Volume Flow RateRMS;anomaly;changepoint";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        return IronloopCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldRejectMissingDirectory(@TempDir final Path tmp)
    {
        final Path missing = tmp.resolve("nothing-here");
        assertEquals(2, run("eval", "skab", missing.toString()));
        assertTrue(err.toString().contains(missing + ": not a directory (expected the SKAB data folder)"), err.toString());
        assertEquals(2, run("eval", "tep", missing.toString()));
        assertTrue(err.toString().contains(missing + ": not a directory (expected the TEP data folder)"), err.toString());
    }

    @Test
    void shouldNameFileAndLineOfBadSkabRow(@TempDir final Path tmp) throws Exception
    {
        final Path file = tmp.resolve("valve1/0.csv");
        Files.createDirectories(file.getParent());
        final StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 450; i++)
        {
            csv.append(String.format(Locale.ROOT, "2020-03-09 10:%02d:%02d;0.02;0.03;%s;0.1;70;25;230;32;0;0%n",
                i / 60 % 60, i % 60, i == 7 ? "oops" : "1.5"));
        }
        Files.writeString(file, csv);
        assertEquals(2, run("eval", "skab", tmp.toString()));
        assertTrue(err.toString().contains(file + ":9: column 'Current' (channel 'motor_current'): 'oops' is not a number"), err.toString());
    }

    @Test
    void shouldReportEmptySkabFolderAndMissingTepFile(@TempDir final Path tmp) throws Exception
    {
        assertEquals(2, run("eval", "skab", tmp.toString()));
        assertTrue(err.toString().contains("no SKAB .csv files under it"), err.toString());
        assertEquals(2, run("eval", "tep", tmp.toString()));
        assertTrue(err.toString().contains(tmp.resolve("d00.dat") + ": missing"), err.toString());
    }

    @Test
    void shouldReportConstantChannelOfSkabFile(@TempDir final Path tmp) throws Exception
    {
        final Path file = tmp.resolve("other/1.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, skab(600, new SplittableRandom(1), true));
        assertEquals(2, run("eval", "skab", tmp.toString()));
        assertTrue(err.toString().contains(file + ": pca: channel 6 'motor_voltage' is constant over the"), err.toString());
    }

    @Test
    void shouldScoreSmallSkabFolderAndWriteJson(@TempDir final Path tmp) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(2);
        for (int f = 0; f < 2; f++)
        {
            final Path file = tmp.resolve("valve1/" + f + ".csv");
            Files.createDirectories(file.getParent());
            Files.writeString(file, skab(700, random, false));
        }
        final Path json = tmp.resolve("skab.json");
        assertEquals(0, run("eval", "skab", tmp.toString(), "--json", json.toString()), err.toString());
        assertTrue(out.toString().contains("Ironloop ensemble"), out.toString());
        final JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, root.get("files").asInt());
        for (final String field : new String[] {"f1", "farPct", "marPct", "nabStandard", "nabLowFp", "nabLowFn"})
        {
            assertTrue(root.get(field).isNumber(), field);
        }
        // rows 500-599 carry a flow drop of 10 standard deviations: found, and little else flagged. After the drop
        // the exponentially smoothed copies (α = 0.1) decay as 0.9^n from about 40 of their own deviations and stay
        // over their thresholds for about 15-20 samples, then the alarm is held 10 more: about 28 of the 200 normal
        // test rows per file. (On white noise alone, learnt on 400 rows, the same ensemble raises nothing.)
        assertTrue(root.get("f1").asDouble() >= 0.85, root.toString());
        assertTrue(root.get("marPct").asDouble() <= 5, root.toString());
        assertTrue(root.get("farPct").asDouble() <= 17, root.toString());
        for (final JsonNode file : root.get("perFile"))
        {
            assertTrue(file.get("fp").asInt() <= 34, "false alarms beyond the smoothed tail and the hold: " + file);
        }
        assertEquals(0, root.get("missedChangepoints").asInt(), root.toString());
    }

    @Test
    void shouldCrossValidateAndScoreEveryFileWithTheOtherHalfsChoice(@TempDir final Path tmp) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(5);
        for (int f = 0; f < 4; f++)
        {
            final Path file = tmp.resolve("valve1/" + f + ".csv");
            Files.createDirectories(file.getParent());
            Files.writeString(file, skab(700, random, false));
        }
        final Path json = tmp.resolve("cv.json");
        assertEquals(0, run("eval", "skab", tmp.toString(), "--cross-validate", "--json", json.toString()), err.toString());
        final String text = out.toString();
        for (final String line : new String[] {"half 0 (even files): chose", "half 1 (odd files): chose", "pooled over both halves (held out)",
            "leave one file out (held out", "the same choice made on all files (in-sample, not a score)", "held-out predictions"})
        {
            assertTrue(text.contains(line), line + " in\n" + text);
        }
        final JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, root.get("files").asInt());
        assertTrue(root.get("detector").asText().startsWith("held out: even files "), root.toString());
        assertTrue(root.get("f1").asDouble() >= 0.85, root.toString());
    }

    /** A SKAB-format file: noise around fixed levels, anomaly (flow drop) on rows 500-599. */
    private static String skab(final int rows, final SplittableRandom random, final boolean constantVoltage)
    {
        final StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (int i = 0; i < rows; i++)
        {
            final boolean anomaly = i >= 500 && i < 600;
            csv.append(String.format(Locale.ROOT, "2020-03-09 %02d:%02d:%02d;%.5f;%.5f;%.4f;%.4f;%.3f;%.3f;%.3f;%.4f;%d;%d\r\n",
                10 + i / 3600, i / 60 % 60, i % 60,
                0.02 + 0.001 * random.nextGaussian(), 0.03 + 0.001 * random.nextGaussian(), 1.5 + 0.02 * random.nextGaussian(),
                0.1 + 0.005 * random.nextGaussian(), 70 + 0.1 * random.nextGaussian(), 25 + 0.1 * random.nextGaussian(),
                constantVoltage ? 230.0 : 230 + random.nextGaussian(), 32 + 0.1 * random.nextGaussian() - (anomaly ? 1.0 : 0.0),
                anomaly ? 1 : 0, i == 500 || i == 600 ? 1 : 0));
        }
        return csv.toString();
    }
}
