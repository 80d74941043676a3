package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.eval.SkabEval;
import io.ironloop.firmware.eval.SkabScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop eval skab DIR}: the SKAB leaderboard protocol on the detector ensemble. */
@Command(
    name = "skab",
    mixinStandardHelpOptions = true,
    description = {
        "SKAB leaderboard protocol (../shared/data/README.md section 1.1): every labelled file under DIR,",
        "learnt on its first 400 rows, scored on the rest; TP/FP/FN/TN summed over all files;",
        "F1 = TP/(TP+(FP+FN)/2), FAR, MAR; SKAB's NAB-like changepoint score (60 s windows right of",
        "each changepoint) for the Standard, LowFP and LowFN profiles. Exit status 2 on bad input."})
final class EvalSkabCommand implements Callable<Integer>
{
    /** SKAB README leaderboard (34 files): name, F1, FAR %, MAR %, NAB standard, LowFP, LowFN. */
    private static final Object[][] PUBLISHED = {
        {"Conv-AE", 0.78, 13.55, 28.02, 23.61, 21.54, 27.55},
        {"MSET", 0.78, 39.73, 14.13, 13.84, 10.22, 17.37},
        {"T-squared+Q (PCA)", 0.76, 26.62, 24.92, 25.35, 14.51, 31.33},
        {"LSTM-AE", 0.74, 29.96, 25.92, 23.51, 20.11, 25.91},
        {"T-squared", 0.66, 19.21, 42.6, 19.54, 10.2, 24.31},
        {"Vanilla LSTM", 0.54, 12.54, 59.53, 11.31, -3.8, 17.25},
        {"Vanilla AE", 0.39, 2.59, 75.15, 11.41, 6.53, 13.91},
        {"Isolation forest", 0.29, 2.56, 82.89, 26.16, 19.5, 30.82},
    };

    @Parameters(index = "0", paramLabel = "DIR", description = "The SKAB data folder (e.g. ../shared/data/skab).")
    Path dir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    Path json;

    @Option(names = "--map", paramLabel = "MAPPING", description = "Recording mapping (default: hil-tests/recordings/skab.yaml).")
    Path map;

    @Option(names = "--cross-validate", description = "Instead: show how the parameters were chosen (two-fold cross-validation over the files, a grid of 288, docs/DETECTION.md).")
    boolean crossValidate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        return EvalCommand.guarded(err, () ->
        {
            EvalCommand.directory(dir, "the SKAB data folder");
            if (crossValidate)
            {
                final SkabEval.CrossValidation cv = SkabEval.crossValidate(dir, EvalCommand.mapping(map, "skab.yaml"));
                cv.lines().forEach(out::println);
                if (cv.heldOut() == null)
                {
                    return 0;
                }
                out.println("held-out predictions (every file scored with the parameters chosen on the other half):");
                report(out, cv.heldOut());
                return json == null ? 0 : JsonFile.write(json(cv.heldOut()), json, err);
            }
            final SkabEval.Result result = SkabEval.run(dir, EvalCommand.mapping(map, "skab.yaml"), SkabEval.SPEC, SkabEval.WATCHED);
            report(out, result);
            return json == null ? 0 : JsonFile.write(json(result), json, err);
        });
    }

    private static void report(final PrintWriter out, final SkabEval.Result r)
    {
        final SkabScore s = r.score();
        out.printf(Locale.ROOT, "SKAB, %d files, learn on the first %d rows of each, score the rest (%d rows)%n",
            s.files(), SkabEval.TRAIN_ROWS, s.tp() + s.fp() + s.fn() + s.tn());
        out.printf(Locale.ROOT, "detector: %s%n", r.members());
        out.printf(Locale.ROOT, "%-26s %5s %8s %8s %9s %9s %9s%n", "algorithm", "F1", "FAR %", "MAR %", "NAB std", "NAB lowFP", "NAB lowFN");
        out.printf(Locale.ROOT, "%-26s %5.2f %8.2f %8.2f %9.2f %9.2f %9.2f   <- this build, %d files%n", "Ironloop ensemble",
            s.f1(), s.farPct(), s.marPct(), s.nab(0), s.nab(1), s.nab(2), s.files());
        out.printf(Locale.ROOT, "%-26s %5.2f %8.2f %8.2f %9s %9s %9s   (published predictions re-scored on this 30-file copy)%n",
            "Conv-AE", 0.79, 13.09, 27.86, "24.86", "22.81", "28.88");
        for (final Object[] p : PUBLISHED)
        {
            out.printf(Locale.ROOT, "%-26s %5.2f %8.2f %8.2f %9.2f %9.2f %9.2f   (published, 34 files)%n", p);
        }
        out.printf(Locale.ROOT, "changepoints: %d true, %d missed, %d predicted outside every window%n",
            s.trueChangepoints(), s.missedChangepoints(), s.falseChangepoints());
        if (Double.isFinite(r.anomalyFreeFarPct()))
        {
            out.printf(Locale.ROOT, "calibration: FAR on the anomaly-free file's pieces (learn 400, score 750) %.2f %%%n", r.anomalyFreeFarPct());
        }
    }

    private static ObjectNode json(final SkabEval.Result r)
    {
        final SkabScore s = r.score();
        final ObjectNode root = JsonFile.object();
        root.put("eval", "skab");
        root.put("protocol", "SKAB leaderboard: per file learn on rows 0-399, score the rest; counts summed over files");
        root.put("detector", r.members());
        root.put("files", s.files());
        root.put("f1", s.f1());
        root.put("farPct", s.farPct());
        root.put("marPct", s.marPct());
        root.put("nabStandard", s.nab(0));
        root.put("nabLowFp", s.nab(1));
        root.put("nabLowFn", s.nab(2));
        root.put("tp", s.tp());
        root.put("fp", s.fp());
        root.put("fn", s.fn());
        root.put("tn", s.tn());
        root.put("trueChangepoints", s.trueChangepoints());
        root.put("missedChangepoints", s.missedChangepoints());
        root.put("falseChangepoints", s.falseChangepoints());
        JsonFile.number(root, "anomalyFreeFarPct", r.anomalyFreeFarPct());
        final ArrayNode files = root.putArray("perFile");
        for (final SkabEval.FileResult f : r.files())
        {
            final ObjectNode o = files.addObject();
            o.put("file", f.file());
            o.put("rows", f.rows());
            o.put("testRows", f.testRows());
            o.put("anomalous", f.anomalous());
            o.put("alarmed", f.alarmed());
            o.put("tp", f.tp());
            o.put("fp", f.fp());
            o.put("fn", f.fn());
            o.put("tn", f.tn());
        }
        return root;
    }
}
