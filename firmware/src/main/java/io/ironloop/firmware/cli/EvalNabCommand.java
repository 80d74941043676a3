package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.eval.NabEvaluation;
import io.ironloop.firmware.eval.NabScorer;
import io.ironloop.firmware.recording.CsvRecordingException;
import io.ironloop.firmware.recording.RecordingMapping;
import io.ironloop.firmware.recording.RecordingMappingLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code ironloop eval nab DIR --out RESULTS}: NAB result files and NAB's scores for the streaming detector. */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the streaming univariate detector over every data file of a NAB-layout directory (../shared/data/nab),",
        "writes RESULTS/<detector>/<category>/<detector>_<file>.csv (timestamp,value,anomaly_score,label) for it and for "
            + "NAB's null detector, and scores them with NAB's protocol (probation, windows, scaled sigmoid, three profiles, "
            + "threshold optimised over the corpus, normalised against the null and perfect detectors).",
        "Exit status: 0 when scored; 2 for a bad mapping (file:line:column) or data file (file:line); 1 for missing "
            + "files or bad labels."})
final class EvalNabCommand implements Callable<Integer>
{
    /** NAB scoreboard (README, as of NAB v1.0), full 58-file corpus: standard, low FP, low FN. */
    private static final String[][] LEADERS = {
        {"ARTime", "74.9", "65.1", "80.4"},
        {"numenta", "70.5", "62.6", "75.2"},
    };

    @Parameters(index = "0", paramLabel = "DIR", description = "NAB data directory: <category>/<file>.csv, labels/.")
    private Path dir;

    @Option(names = "--out", required = true, paramLabel = "RESULTS", description = "Results directory to write.")
    private Path out;

    @Option(names = "--windows", paramLabel = "FILE", description = "Windows file (default: DIR/labels/combined_windows.json).")
    private Path windowsFile;

    @Option(names = "--map", paramLabel = "MAPPING", description = "Recording mapping (default: hil-tests/recordings/nab.yaml).")
    private Path map;

    @Option(names = "--score-results", paramLabel = "DETECTOR", description = "Score another detector's result files "
        + "already in RESULTS (e.g. NAB's stored numenta results) instead of running ours; writes nothing.")
    private String scoreOnly;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the scores as JSON.")
    private Path json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path mappingFile = map != null ? map : IronloopCli.home().resolve("hil-tests/recordings/nab.yaml");
        final RecordingMapping mapping;
        try
        {
            mapping = RecordingMappingLoader.load(mappingFile);
        }
        catch (final ConfigException ex)
        {
            for (final Problem problem : ex.problems())
            {
                err.println(problem);
            }
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final Path windows = windowsFile != null ? windowsFile : dir.resolve("labels/combined_windows.json");
        final NabEvaluation.Result result;
        try
        {
            if (!Files.isRegularFile(windows))
            {
                err.println("error: " + windows + ": windows file not found (NAB's labels/combined_windows.json)");
                return IronloopCli.EXIT_FAILURE;
            }
            result = NabEvaluation.evaluate(dir, windows, windows.resolveSibling("combined_labels.json"), mapping, out, scoreOnly);
        }
        catch (final CsvRecordingException ex)
        {
            err.println(ex.getMessage());
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        final Map<String, double[]> reference = reference(dir.resolve("reference_scores_realKnownCause.csv"), result);
        print(result, reference, stdout);
        if (json != null)
        {
            return JsonFile.write(toJson(result, reference), json, err);
        }
        return 0;
    }

    /** Leaders' raw scores summed over the same files (NAB's stored per-file rows), normalised like ours. */
    private static Map<String, double[]> reference(final Path csv, final NabEvaluation.Result result)
    {
        final Map<String, double[]> normalized = new HashMap<>();
        if (!Files.isRegularFile(csv))
        {
            return normalized;
        }
        final Set<String> names = new HashSet<>();
        result.files().forEach(f -> names.add(f.name()));
        final Map<String, double[]> raw = new HashMap<>();
        final Map<String, int[]> counts = new HashMap<>();
        try
        {
            for (final String line : Files.readAllLines(csv))
            {
                final String[] f = line.split(",");
                if (f.length < 5 || !names.contains(f[2]))
                {
                    continue;
                }
                for (int p = 0; p < NabScorer.PROFILES.size(); p++)
                {
                    if (NabScorer.PROFILES.get(p).name().equals(f[1]))
                    {
                        raw.computeIfAbsent(f[0], k -> new double[3])[p] += Double.parseDouble(f[4]);
                        counts.computeIfAbsent(f[0], k -> new int[3])[p]++;
                    }
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return normalized;
        }
        for (final Map.Entry<String, double[]> entry : raw.entrySet())
        {
            final double[] scores = new double[3];
            boolean complete = true;
            for (int p = 0; p < 3; p++)
            {
                final NabScorer.Outcome o = result.outcomes().get(p);
                complete &= counts.get(entry.getKey())[p] == names.size();
                scores[p] = 100 * (entry.getValue()[p] - o.nullScore()) / (o.perfectScore() - o.nullScore());
            }
            if (complete)
            {
                normalized.put(entry.getKey(), scores);
            }
        }
        return normalized;
    }

    private static void print(final NabEvaluation.Result r, final Map<String, double[]> reference, final PrintWriter out)
    {
        out.printf(Locale.ROOT, "NAB: %d files, %d windows (%d labels); detector %s%n",
            r.files().size(), r.windows(), r.labels(), r.detector());
        out.printf(Locale.ROOT, "%-20s %10s %10s %10s %10s %8s %8s%n", "profile", "threshold", "raw score", "null", "perfect",
            "windows", "score");
        for (final NabScorer.Outcome o : r.outcomes())
        {
            final int hits = o.files().stream().mapToInt(NabScorer.FileScore::windowsDetected).sum();
            final int windows = o.files().stream().mapToInt(NabScorer.FileScore::windows).sum();
            final int fp = o.files().stream().mapToInt(NabScorer.FileScore::fp).sum();
            out.printf(Locale.ROOT, "%-20s %10.6f %10.3f %10.1f %10.1f %4d/%-3d %8.2f   (%d FP rows)%n", o.profile().name(),
                o.threshold(), o.score(), o.nullScore(), o.perfectScore(), hits, windows, o.normalized(), fp);
        }
        out.printf(Locale.ROOT, "%n%-34s %9s %9s %9s%n", "detector", "standard", "low FP", "low FN");
        out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %9.2f%n", r.detector() + " (these files)", r.outcomes().get(0).normalized(),
            r.outcomes().get(1).normalized(), r.outcomes().get(2).normalized());
        for (final String name : List.of("ARTime", "numenta", "contextOSE", "windowedGaussian"))
        {
            final double[] s = reference.get(name);
            if (s != null)
            {
                out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %9.2f%n", name + " (these files*)", s[0], s[1], s[2]);
            }
        }
        for (final String[] leader : LEADERS)
        {
            out.printf(Locale.ROOT, "%-34s %9s %9s %9s%n", leader[0] + " (full 58-file corpus)", leader[1], leader[2], leader[3]);
        }
        out.println("* their stored per-file scores at the threshold NAB optimised on the full corpus, normalised over these files");
        out.println("Scores over a subset are not comparable with the full-corpus scoreboard; NAB has no per-file normalised score.");
    }

    private static ObjectNode toJson(final NabEvaluation.Result r, final Map<String, double[]> reference)
    {
        final ObjectNode root = JsonFile.object();
        root.put("dataSet", "nab");
        root.put("detector", r.detector());
        root.put("files", r.files().size());
        root.put("windows", r.windows());
        final String[] keys = {"standard", "lowFP", "lowFN"};
        final ArrayNode profiles = root.putArray("profiles");
        for (int p = 0; p < r.outcomes().size(); p++)
        {
            final NabScorer.Outcome o = r.outcomes().get(p);
            JsonFile.number(root, keys[p], o.normalized());
            final ObjectNode node = profiles.addObject();
            node.put("profile", o.profile().name());
            node.put("threshold", o.threshold());
            node.put("rawScore", o.score());
            node.put("nullScore", o.nullScore());
            node.put("perfectScore", o.perfectScore());
            JsonFile.number(node, "normalized", o.normalized());
            final ArrayNode files = node.putArray("files");
            for (final NabScorer.FileScore f : o.files())
            {
                final ObjectNode file = files.addObject();
                file.put("file", f.name());
                file.put("score", f.score());
                file.put("windows", f.windows());
                file.put("windowsDetected", f.windowsDetected());
                file.put("tp", f.tp());
                file.put("fp", f.fp());
                file.put("fn", f.fn());
                file.put("tn", f.tn());
            }
        }
        final ObjectNode ref = root.putObject("referenceOnTheseFiles");
        reference.forEach((name, s) ->
        {
            final ObjectNode node = ref.putObject(name);
            for (int p = 0; p < 3; p++)
            {
                JsonFile.number(node, keys[p], s[p]);
            }
        });
        return root;
    }
}
