package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.eval.TepEval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop eval tep DIR}: Tennessee Eastman detection rate per fault and false-alarm rate. */
@Command(
    name = "tep",
    mixinStandardHelpOptions = true,
    description = {
        "Tennessee Eastman (Braatz data): the detector ensemble learns from d00.dat alone, then scores",
        "d00_te.dat and d01_te.dat .. d21_te.dat (fault from row 161). Detection rate = alarmed share of",
        "rows 161-960; false alarms on d00_te.dat and on rows 1-160 of every test file. The mean",
        "detection rate leaves out faults 3, 9 and 15. Exit status 2 on bad input."})
final class EvalTepCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The TEP data folder (e.g. ../shared/data/tep).")
    Path dir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    Path json;

    @Option(names = "--map", paramLabel = "MAPPING", description = "Mapping of the test files (default: hil-tests/recordings/tep.yaml).")
    Path map;

    @Option(names = "--map-d00", paramLabel = "MAPPING", description = "Mapping of the transposed d00.dat (default: hil-tests/recordings/tep-d00.yaml).")
    Path mapD00;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        return EvalCommand.guarded(err, () ->
        {
            EvalCommand.directory(dir, "the TEP data folder");
            final TepEval.Result result = TepEval.run(dir, EvalCommand.mapping(mapD00, "tep-d00.yaml"),
                EvalCommand.mapping(map, "tep.yaml"), TepEval.SPEC);
            report(out, result);
            return json == null ? 0 : JsonFile.write(json(result), json, err);
        });
    }

    private static void report(final PrintWriter out, final TepEval.Result r)
    {
        out.printf(Locale.ROOT, "TEP, learnt from d00.dat; detector: %s%n", r.members());
        out.printf(Locale.ROOT, "%-6s %10s %12s %12s%n", "fault", "detection", "FAR % (pre)", "first alarm");
        for (final TepEval.Fault f : r.faults())
        {
            out.printf(Locale.ROOT, "%-6s %10.3f %12.2f %12s%s%n", "IDV" + f.fault(), f.detectionRate(), f.farPct(),
                f.firstDetectionRow() < 0 ? "-" : "row " + f.firstDetectionRow(), TepEval.UNDETECTABLE.contains(f.fault()) ? "  (not in the mean)" : "");
        }
        out.printf(Locale.ROOT, "mean detection rate (18 faults, not 3, 9, 15): %.3f; false-alarm rate %.2f %% (%d of %d normal rows; d00_te.dat alone %.2f %%)%n",
            r.meanDetectionRate(), r.farPct(), r.falseAlarms(), r.normalRows(), r.normalFarPct());
        out.println("published (from the issue): kernel PCA about 0.93 at 2.8 % FAR; textbook PCA T² 0.62, SPE 0.75");
    }

    private static ObjectNode json(final TepEval.Result r)
    {
        final ObjectNode root = JsonFile.object();
        root.put("eval", "tep");
        root.put("detector", r.members());
        root.put("meanDetectionRate", r.meanDetectionRate());
        root.put("farPct", r.farPct());
        root.put("d00TeFarPct", r.normalFarPct());
        root.put("falseAlarms", r.falseAlarms());
        root.put("normalRows", r.normalRows());
        final ArrayNode faults = root.putArray("faults");
        for (final TepEval.Fault f : r.faults())
        {
            final ObjectNode o = faults.addObject();
            o.put("fault", f.fault());
            o.put("detectionRate", f.detectionRate());
            o.put("farPct", f.farPct());
            o.put("inMean", !TepEval.UNDETECTABLE.contains(f.fault()));
            if (f.firstDetectionRow() > 0)
            {
                o.put("firstDetectionRow", f.firstDetectionRow());
            }
            else
            {
                o.putNull("firstDetectionRow");
            }
        }
        return root;
    }
}
