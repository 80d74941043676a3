package io.ironloop.firmware.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a machine file's {@code advisor:} section ({@link AdvisorConfig}) and checks it against the
 * sensors and loops: inputs are sensors, every trim goes to a loop with {@code advice:} bounds, every loop
 * with bounds gets a trim, output indices fit the model (the built-in's five; an ONNX file's shape is
 * checked when it is opened at start-up).
 */
final class AdvisorReader
{
    static final List<String> KINDS = List.of("builtin", "ensemble", "onnx");
    static final int ENSEMBLE_OUTPUTS = 3;
    static final int BUILTIN_OUTPUTS = 5;
    static final List<String> BUILTIN_OUTPUT_NAMES = List.of("score", "smoothedScore", "trim", "alarm", "fallback");
    /** A model with more outputs than this is not a small advisor. */
    static final int MAX_OUTPUTS = 4096;
    static final double MAX_EXPIRY_MS = 3_600_000.0;

    private AdvisorReader()
    {
    }

    static AdvisorConfig advisor(final YamlNode node, final List<MachineConfig.Device> sensors, final List<MachineConfig.Loop> loops)
    {
        if (node == null || !node.expectMap("'advisor'"))
        {
            return null;
        }
        final String owner = "'advisor'";
        String kind = node.string("model", owner, "builtin");
        if (!KINDS.contains(kind))
        {
            node.keyProblem("model", "unknown advisor model '" + kind + "' (expected one of: " + String.join(", ", KINDS) + ")");
            kind = "builtin";
        }
        final boolean builtin = "builtin".equals(kind);
        final boolean ensemble = "ensemble".equals(kind);
        final boolean onnx = "onnx".equals(kind);
        String file = null;
        Position filePosition = node.position();
        if (node.has("file"))
        {
            final YamlNode fileNode = node.get("file");
            filePosition = fileNode.position();
            final String text = fileNode.asString("'file' of " + owner, null);
            if (!onnx)
            {
                node.keyProblem("file", "'file' is for an onnx advisor; the " + kind + " model has none");
            }
            else if (text != null)
            {
                final Path base = Path.of(node.file()).toAbsolutePath().getParent();
                file = base.resolve(text).normalize().toString();
            }
        }
        else if (onnx)
        {
            node.problem("missing required field 'file' in " + owner + " (model onnx: the .onnx file, relative to this machine file)");
        }
        final double rateHz = RateCheck.rateHz(node, owner, 10.0);
        final double expiryMs = node.positive("expiryMs", owner, 2_000.0 / rateHz);
        if (expiryMs > MAX_EXPIRY_MS)
        {
            node.keyProblem("expiryMs", "'expiryMs' of " + owner + " must be at most " + (long)MAX_EXPIRY_MS + ", got " + expiryMs);
        }
        else if (expiryMs < 1000.0 / rateHz)
        {
            node.keyProblem("expiryMs", "'expiryMs' " + expiryMs + " of " + owner + " is shorter than one advisor period ("
                + 1000.0 / rateHz + " ms): every advice would expire before the next");
        }

        final List<String> inputs = new ArrayList<>();
        final YamlNode inputsNode = node.require("inputs", owner);
        if (inputsNode != null)
        {
            for (final YamlNode item : inputsNode.list("'inputs' of " + owner))
            {
                final String id = item.asString("an input of " + owner, null);
                if (id == null)
                {
                    continue;
                }
                if (sensors.stream().noneMatch(s -> id.equals(s.id())))
                {
                    item.problem("advisor input '" + id + "' is not a sensor of this machine");
                }
                else if (inputs.contains(id))
                {
                    item.problem("advisor input '" + id + "' is mapped twice");
                }
                inputs.add(id);
            }
            if (inputs.isEmpty() && inputsNode.isList())
            {
                inputsNode.problem("'inputs' of " + owner + " must name at least one sensor");
            }
        }

        final int maxOutputs = builtin ? BUILTIN_OUTPUTS : ensemble ? ENSEMBLE_OUTPUTS : MAX_OUTPUTS;
        final YamlNode outputsNode = node.get("outputs");
        int score = !onnx ? 0 : AdvisorConfig.UNMAPPED;
        int health = AdvisorConfig.UNMAPPED;
        int alarm = builtin ? 3 : ensemble ? 1 : AdvisorConfig.UNMAPPED;
        int fallback = builtin ? 4 : ensemble ? 2 : AdvisorConfig.UNMAPPED;
        final Map<String, Integer> trims = new LinkedHashMap<>();
        if (outputsNode != null && outputsNode.expectMap("'outputs' of " + owner))
        {
            final String what = "'outputs' of " + owner;
            score = output(outputsNode, "anomalyScore", what, maxOutputs, score);
            health = output(outputsNode, "health", what, maxOutputs, health);
            alarm = output(outputsNode, "alarm", what, maxOutputs, alarm);
            fallback = output(outputsNode, "fallback", what, maxOutputs, fallback);
            final YamlNode trimNode = outputsNode.get("trim");
            if (trimNode != null && trimNode.expectMap("'trim' of " + what))
            {
                for (final String loopId : trimNode.keys())
                {
                    final MachineConfig.Loop loop = loops.stream().filter(l -> loopId.equals(l.id())).findFirst().orElse(null);
                    if (loop == null)
                    {
                        trimNode.keyProblem(loopId, "advisor trim for '" + loopId + "', which is not a loop of this machine");
                    }
                    else if (loop.operation().advice() == null)
                    {
                        trimNode.keyProblem(loopId, "advisor trim for loop '" + loopId + "', which has no 'advice:' bounds (trimMin, trimMax, maxAgeMs)");
                    }
                    trims.put(loopId, output(trimNode, loopId, "'trim' of " + what, maxOutputs, AdvisorConfig.UNMAPPED));
                }
                trimNode.rejectUnknownKeys("'trim' of " + what);
            }
            outputsNode.rejectUnknownKeys(what);
        }
        for (final MachineConfig.Loop loop : loops)
        {
            if (loop.operation().advice() != null && !trims.containsKey(loop.id()))
            {
                final Position at = loop.operation().advice().position();
                node.problems().add(at != null ? at : node.position(), "loop '" + loop.id()
                    + "' takes advice but the advisor gives it no trim (add it under advisor.outputs.trim)");
            }
        }

        final AdvisorConfig.Builtin settings = builtin(node.get("builtin"), builtin);
        final AdvisorConfig.Ensemble ensembleSettings = ensemble(node.get("ensemble"), ensemble);
        final AdvisorConfig.Health estimate = health(node.get("health"), inputs, maxOutputs);
        node.rejectUnknownKeys(owner);
        return new AdvisorConfig(kind, file, filePosition, rateHz, expiryMs, List.copyOf(inputs), score, health, alarm, fallback,
            Map.copyOf(trims), settings, estimate, node.position(), ensembleSettings);
    }

    private static int output(final YamlNode node, final String key, final String owner, final int maxOutputs, final int fallback)
    {
        if (!node.has(key))
        {
            return fallback;
        }
        final int index = node.integer(key, owner, fallback);
        if (index < 0 || index >= maxOutputs)
        {
            node.keyProblem(key, "'" + key + "' of " + owner + " is model output " + index + "; the model's outputs are 0 to " + (maxOutputs - 1));
            return fallback;
        }
        return index;
    }

    private static AdvisorConfig.Ensemble ensemble(final YamlNode node, final boolean ensemble)
    {
        final AdvisorConfig.Ensemble defaults = new AdvisorConfig.Ensemble(400);
        if (node == null)
        {
            return ensemble ? defaults : null;
        }
        if (!node.expectMap("'ensemble' of 'advisor'"))
        {
            return defaults;
        }
        if (!ensemble)
        {
            node.problem("'ensemble' settings are for the ensemble model; this advisor runs another model");
        }
        final String what = "'ensemble' of 'advisor'";
        final int learn = node.integer("learnSamples", what, defaults.learnSamples());
        if (learn < AdvisorConfig.Ensemble.MIN_LEARN_SAMPLES || learn > 1_000_000)
        {
            node.keyProblem("learnSamples", "'learnSamples' of " + what + " must be from " + AdvisorConfig.Ensemble.MIN_LEARN_SAMPLES
                + " to 1000000 healthy samples, got " + learn);
        }
        String detectors = node.string("detectors", what, "default");
        if (!AdvisorConfig.Ensemble.DETECTORS.contains(detectors))
        {
            node.keyProblem("detectors", "unknown 'detectors' of " + what + " '" + detectors + "' (expected one of: "
                + String.join(", ", AdvisorConfig.Ensemble.DETECTORS) + ")");
            detectors = "default";
        }
        else if ("smoothed".equals(detectors) && learn < AdvisorConfig.Ensemble.SMOOTHED_MIN_LEARN_SAMPLES)
        {
            node.keyProblem("detectors", "'detectors: smoothed' of " + what + " needs learnSamples of at least "
                + AdvisorConfig.Ensemble.SMOOTHED_MIN_LEARN_SAMPLES + " (the smoothed copies' thresholds are unreliable with fewer), got " + learn);
        }
        node.rejectUnknownKeys(what);
        return new AdvisorConfig.Ensemble(Math.max(AdvisorConfig.Ensemble.MIN_LEARN_SAMPLES, Math.min(learn, 1_000_000)), detectors);
    }

    private static AdvisorConfig.Builtin builtin(final YamlNode node, final boolean builtin)
    {
        final AdvisorConfig.Builtin defaults = new AdvisorConfig.Builtin(300, 1e-3, 6.0, 3.0, 0.0, 50.0, 50.0);
        if (node == null)
        {
            return builtin ? defaults : null;
        }
        if (!node.expectMap("'builtin' of 'advisor'"))
        {
            return defaults;
        }
        if (!builtin)
        {
            node.problem("'builtin' settings are for the builtin model; this advisor runs an onnx file");
        }
        final String what = "'builtin' of 'advisor'";
        final int learn = node.integer("learnSamples", what, defaults.learnSamples());
        if (learn < 10 || learn > 1_000_000)
        {
            node.keyProblem("learnSamples", "'learnSamples' of " + what + " must be from 10 to 1000000 healthy samples, got " + learn);
        }
        final double minScale = node.positive("minScale", what, defaults.minScale());
        final double alarmScore = node.positive("alarmScore", what, defaults.alarmScore());
        final double deadband = node.number("deadband", what, defaults.deadband());
        if (deadband < 0)
        {
            node.keyProblem("deadband", "'deadband' of " + what + " must not be negative");
        }
        final double trimPerScore = node.number("trimPerScore", what, defaults.trimPerScore());
        final double smoothing = node.number("smoothingSamples", what, defaults.smoothingSamples());
        if (!(smoothing >= 1) || smoothing > 1e7)
        {
            node.keyProblem("smoothingSamples", "'smoothingSamples' of " + what + " must be from 1 to 1e7, got " + smoothing);
        }
        final double fallbackScore = node.positive("fallbackScore", what, defaults.fallbackScore());
        node.rejectUnknownKeys(what);
        return new AdvisorConfig.Builtin(Math.max(10, Math.min(learn, 1_000_000)), minScale, alarmScore, Math.max(0, deadband),
            Double.isFinite(trimPerScore) ? trimPerScore : 0.0, Math.max(1, Math.min(smoothing, 1e7)), fallbackScore);
    }

    private static AdvisorConfig.Health health(final YamlNode node, final List<String> inputs, final int maxOutputs)
    {
        if (node == null || !node.expectMap("'health' of 'advisor'"))
        {
            return null;
        }
        final String what = "'health' of 'advisor'";
        final String part = NameCheck.name(node, "part", what);
        final boolean fromOutput = node.has("indicatorOutput");
        final boolean fromChannel = node.has("indicatorChannel");
        int output = AdvisorConfig.UNMAPPED;
        String channel = null;
        if (fromOutput == fromChannel)
        {
            node.problem(what + " needs exactly one of 'indicatorOutput' (a model output) or 'indicatorChannel' (one of the inputs)");
            node.get("indicatorOutput");
            node.get("indicatorChannel");
        }
        else if (fromOutput)
        {
            output = output(node, "indicatorOutput", what, maxOutputs, AdvisorConfig.UNMAPPED);
        }
        else
        {
            channel = node.string("indicatorChannel", what);
            if (channel != null && !inputs.contains(channel))
            {
                node.keyProblem("indicatorChannel", "health indicator '" + channel + "' is not one of the advisor's inputs " + inputs);
            }
        }
        final double healthy = node.number("healthyLevel", what);
        final double failure = node.number("failureLevel", what);
        if (!(failure > healthy) || !(failure > 0))
        {
            node.keyProblem("failureLevel", "'failureLevel' " + failure + " of " + what + " must be positive and above 'healthyLevel' " + healthy);
        }
        final int points = node.integer("points", what, 2000);
        if (points < 10 || points > 100_000)
        {
            node.keyProblem("points", "'points' of " + what + " must be from 10 to 100000, got " + points);
        }
        final double every = node.number("sampleEveryS", what, 60.0);
        if (!(every >= 0) || every > RangeCheck.DAY_S)
        {
            node.keyProblem("sampleEveryS", "'sampleEveryS' of " + what + " must be from 0 to " + (long)RangeCheck.DAY_S + " s, got " + every);
        }
        node.rejectUnknownKeys(what);
        return new AdvisorConfig.Health(part, output, channel, healthy, failure, Math.max(10, Math.min(points, 100_000)),
            Math.max(0, Math.min(every, RangeCheck.DAY_S)));
    }
}
