package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.control.vibration.BearingDiagnoser;
import io.ironloop.firmware.config.BearingReader;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.eval.CwruEvaluation;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ironloop eval cwru DIR --json FILE}: bearing fault detection and naming on the CWRU recordings. */
@Command(
    name = "cwru",
    mixinStandardHelpOptions = true,
    description = {
        "Bearing diagnosis on the CWRU 48 kHz drive-end recordings (../shared/data/bearing).",
        "Learns the healthy rig from the first half of the normal recording, then per file: alarm or not (window "
            + "features against that baseline) and the fault named from the envelope spectrum's defect lines.",
        "Exit status: 0 when evaluated; 2 for a bad machine file or mapping (file:line:column) or a bad recording "
            + "(file:line); 1 when files are missing or cannot be written."})
final class EvalCwruCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory with the CWRU CSV files.")
    private Path dir;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON.")
    private Path json;

    @Option(names = "--machine", paramLabel = "FILE",
        description = "Machine file with the bearing (default: board-configs/machines/cwru-test-rig.yaml).")
    private Path machine;

    @Option(names = "--bearing", paramLabel = "ID", description = "Bearing id in the machine file (default: the first).")
    private String bearingId;

    @Option(names = "--map", paramLabel = "MAPPING",
        description = "Recording mapping (default: hil-tests/recordings/cwru-48k-de.yaml).")
    private Path map;

    @Option(names = "--baseline", paramLabel = "FILE",
        description = "The healthy recording to learn from (default: the file in DIR whose name contains 'normal').")
    private Path baselineFile;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path home = IronloopCli.home();
        final Path machineFile = machine != null ? machine : home.resolve("board-configs/machines/cwru-test-rig.yaml");
        final Path mappingFile = map != null ? map : home.resolve("hil-tests/recordings/cwru-48k-de.yaml");
        final BearingReader.Bearing bearing;
        final RecordingMapping mapping;
        try
        {
            final List<BearingReader.Bearing> bearings = BearingReader.load(machineFile);
            bearing = bearings.stream().filter(b -> bearingId == null || b.id().equals(bearingId)).findFirst().orElse(null);
            if (bearing == null)
            {
                err.println(machineFile + ": no bearing '" + bearingId + "' (has: "
                    + String.join(", ", bearings.stream().map(BearingReader.Bearing::id).toList()) + ")");
                return IronloopCli.EXIT_INVALID_CONFIG;
            }
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
        final CwruEvaluation.Result result;
        try
        {
            final List<Path> files = CwruEvaluation.files(dir);
            final Path healthy = baselineFile != null ? baselineFile
                : files.stream().filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).contains("normal")).findFirst()
                    .orElse(null);
            if (healthy == null)
            {
                err.println(dir + ": no recording with 'normal' in its name to learn from; name one with --baseline");
                return IronloopCli.EXIT_FAILURE;
            }
            result = CwruEvaluation.evaluate(files, healthy, mapping, bearing);
        }
        catch (final CsvRecordingException ex)
        {
            err.println(ex.getMessage());
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        print(result, out);
        if (json != null)
        {
            return JsonFile.write(toJson(result), json, err);
        }
        return 0;
    }

    private static void print(final CwruEvaluation.Result r, final PrintWriter out)
    {
        out.printf(Locale.ROOT, "CWRU bearing diagnosis: %s, shaft %.2f Hz; BPFO %.1f Hz, BPFI %.1f Hz, BSF %.1f Hz (2xBSF %.1f), "
                + "FTF %.2f Hz; envelope band %.0f-%.0f Hz%n", r.geometry().name(), r.shaftHz(), r.geometry().bpfo(r.shaftHz()),
            r.geometry().bpfi(r.shaftHz()), r.geometry().bsf(r.shaftHz()), 2 * r.geometry().bsf(r.shaftHz()),
            r.geometry().ftf(r.shaftHz()), r.bandLowHz(), r.bandHighHz());
        out.printf(Locale.ROOT, "baseline: first half of %s (%d windows, not scored)%n", r.baselineFile(), r.baselineWindows());
        out.printf(Locale.ROOT, "%-42s %6s %-11s %9s %7s %9s %8s  %s%n", "file", "alarm", "fault", "abnormal", "medZ", "worst",
            "kurt", "evidence (strongest line of the named fault)");
        for (final CwruEvaluation.FileResult f : r.files())
        {
            final List<BearingDiagnoser.Evidence> support = f.diagnosis().support();
            final String evidence = support.isEmpty() || !f.alarm() ? "-" : String.format(Locale.ROOT,
                "%s x%d at %.1f Hz (expected %.1f), %.1f x floor", support.get(0).defect(), support.get(0).harmonic(),
                support.get(0).peakHz(), support.get(0).expectedHz(), support.get(0).prominence());
            out.printf(Locale.ROOT, "%-42s %6s %-11s %4d/%-4d %7.1f %9s %8.2f  %s%n", f.file(), f.alarm() ? "yes" : "no",
                f.fault().label(), f.abnormalWindows(), f.windows(), f.medianZ(), f.worstFeature(), f.kurtosis(), evidence);
        }
        out.println("target (issue 11): inner race and outer race detected and named, ball detected as abnormal, no alarm "
            + "on the normal file");
    }

    private static ObjectNode toJson(final CwruEvaluation.Result r)
    {
        final ObjectNode root = JsonFile.object();
        root.put("dataSet", "cwru");
        final ObjectNode bearing = root.putObject("bearing");
        bearing.put("id", r.bearing().id());
        bearing.put("type", r.geometry().name());
        bearing.put("balls", r.geometry().balls());
        bearing.put("ballDiameter", r.geometry().ballDiameter());
        bearing.put("pitchDiameter", r.geometry().pitchDiameter());
        bearing.put("contactAngleDeg", r.geometry().contactAngleDeg());
        bearing.put("shaftRpm", r.bearing().shaftRpm());
        bearing.put("bpfoHz", r.geometry().bpfo(r.shaftHz()));
        bearing.put("bpfiHz", r.geometry().bpfi(r.shaftHz()));
        bearing.put("bsfHz", r.geometry().bsf(r.shaftHz()));
        bearing.put("ftfHz", r.geometry().ftf(r.shaftHz()));
        root.put("sampleRateHz", r.sampleRateHz());
        root.put("windowSamples", CwruEvaluation.WINDOW);
        root.put("envelopeBandLowHz", r.bandLowHz());
        root.put("envelopeBandHighHz", r.bandHighHz());
        root.put("baseline", "first half of " + r.baselineFile());
        root.put("baselineWindows", r.baselineWindows());
        root.put("windowZ", CwruEvaluation.WINDOW_Z);
        root.put("alarmFraction", CwruEvaluation.ALARM_FRACTION);
        final ArrayNode files = root.putArray("files");
        for (final CwruEvaluation.FileResult f : r.files())
        {
            final ObjectNode file = files.addObject();
            file.put("file", f.file());
            file.put("alarm", f.alarm());
            file.put("fault", f.fault().label());
            file.put("spectrumFault", f.diagnosis().fault().label());
            file.put("windows", f.windows());
            file.put("abnormalWindows", f.abnormalWindows());
            file.put("scoredFrom", f.learningHalfSkipped() ? "second half (first half is the baseline)" : "start");
            JsonFile.number(file, "medianZ", f.medianZ());
            file.put("worstFeature", f.worstFeature());
            JsonFile.number(file, "rms", f.rms());
            JsonFile.number(file, "kurtosis", f.kurtosis());
            JsonFile.number(file, "crestFactor", f.crest());
            final ArrayNode evidence = file.putArray("evidence");
            for (final BearingDiagnoser.Evidence e : f.diagnosis().evidence())
            {
                final ObjectNode item = evidence.addObject();
                item.put("defect", e.defect());
                item.put("harmonic", e.harmonic());
                JsonFile.number(item, "expectedHz", e.expectedHz());
                JsonFile.number(item, "peakHz", e.peakHz());
                JsonFile.number(item, "amplitude", e.amplitude());
                JsonFile.number(item, "floor", e.floor());
                JsonFile.number(item, "prominence", e.prominence());
                JsonFile.number(item, "baselineAmplitude", e.baselineAmplitude());
                item.put("counts", e.counts());
            }
        }
        return root;
    }
}
