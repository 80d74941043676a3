package io.ironloop.firmware.replay;

import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.Problems;
import io.ironloop.firmware.config.YamlFiles;
import io.ironloop.firmware.config.YamlNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a scenario file (docs/SCENARIOS.md) through the project's YAML reading ({@link YamlFiles}:
 * bounded, strict); every problem is {@code file:line:column: message}. Paths are relative to the
 * scenario file; {@code ${shared}} at the start of a path is the shared data directory
 * (IRONLOOP_SHARED_DIR, else {@code ../shared} beside the checkout).
 */
public final class ScenarioLoader
{
    private static final String OWNER = "the scenario";
    /** Longest run a scenario may ask for: CI replays at maximum speed, so keep suites short. */
    public static final double MAX_SECONDS = 24 * 3600.0;
    /** The faults a {@code diagnosis} expectation may name (issue 11's labels). */
    static final List<String> DIAGNOSES = List.of("none", "inner-race", "outer-race", "ball", "unknown");

    private ScenarioLoader()
    {
    }

    /** Loads {@code path}, or throws with every problem found in it. */
    public static Scenario load(final Path path) throws ConfigException
    {
        final Problems problems = new Problems();
        final Scenario scenario = load(path, problems);
        if (!problems.isEmpty() || scenario == null)
        {
            throw new ConfigException(problems.sorted());
        }
        return scenario;
    }

    /** The shared data directory ({@code ../shared} beside the checkout unless IRONLOOP_SHARED_DIR says otherwise). */
    public static Path sharedDir(final Path from)
    {
        final String configured = System.getenv("IRONLOOP_SHARED_DIR");
        if (configured != null)
        {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            if (Files.isDirectory(dir.resolve("board-configs")))
            {
                return dir.resolve("../shared").normalize();
            }
        }
        return from.toAbsolutePath().getRoot().resolve("work/shared");
    }

    private static Scenario load(final Path path, final Problems problems)
    {
        final YamlNode top = YamlFiles.read(path, problems);
        if (top == null || !top.expectMap("the scenario file"))
        {
            return null;
        }
        final YamlNode root = top.require("scenario", "the scenario file");
        top.rejectUnknownKeys("the scenario file");
        if (root == null || !root.expectMap(OWNER))
        {
            return null;
        }
        final boolean[] shared = {false};
        final String fileName = path.getFileName().toString();
        final String name = root.string("name", OWNER, fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5)
            : fileName.replaceFirst("\\.yml$", ""));
        final Path machine = path(root, "machine", path, shared, true);
        final String outcome = root.string("outcome", OWNER, "pass");
        if (!"pass".equals(outcome) && !"fail".equals(outcome))
        {
            root.keyProblem("outcome", "'outcome' must be pass or fail, got '" + outcome + "'");
        }
        final Scenario.Recording recording = root.has("recording") ? recording(root.get("recording"), path, shared) : null;
        double seconds = Double.NaN;
        if (root.has("seconds"))
        {
            seconds = root.positive("seconds", OWNER, Double.NaN);
            if (seconds > MAX_SECONDS)
            {
                root.keyProblem("seconds", "'seconds' must be at most " + (long)MAX_SECONDS + " (one day), got " + seconds);
            }
        }
        else if (recording == null)
        {
            root.problem("a scenario without a 'recording' runs the machine's simulated plant and needs 'seconds'");
        }
        final boolean realtime = root.bool("realtime", OWNER, false);
        final double recordHz = root.has("recordHz") ? root.positive("recordHz", OWNER, 10.0) : 10.0;
        final String alarm = root.string("alarm", OWNER, AlarmSources.INTERLOCKS);
        final List<Scenario.Feed> feeds = new ArrayList<>();
        if (root.has("feeds"))
        {
            if (recording == null)
            {
                root.keyProblem("feeds", "'feeds' needs a 'recording' to feed from");
            }
            for (final YamlNode item : root.get("feeds").list("'feeds'"))
            {
                feeds.add(feed(item));
            }
        }
        else if (recording != null)
        {
            root.problem("a scenario with a 'recording' needs 'feeds': which channel goes to which sensor");
        }
        final List<Scenario.Injection> injections = new ArrayList<>();
        if (root.has("inject"))
        {
            for (final YamlNode item : root.get("inject").list("'inject'"))
            {
                injections.add(injection(item));
            }
        }
        final List<Scenario.Expectation> expectations = new ArrayList<>();
        final YamlNode list = root.require("expect", OWNER);
        if (list != null)
        {
            final List<YamlNode> items = list.list("'expect'");
            if (items.isEmpty() && list.isList())
            {
                list.problem("'expect' must hold at least one expectation: a scenario that checks nothing cannot pass");
            }
            for (final YamlNode item : items)
            {
                expectations.add(expectation(item));
            }
        }
        for (final String key : List.of("recording", "seconds", "recordHz", "feeds", "inject"))
        {
            root.get(key); // listed among the keys allowed here
        }
        root.rejectUnknownKeys(OWNER);
        if (!problems.isEmpty())
        {
            return null;
        }
        return new Scenario(name, path, machine, outcome, recording, seconds, realtime, recordHz, alarm, List.copyOf(feeds),
            List.copyOf(injections), List.copyOf(expectations), shared[0]);
    }

    private static Path path(final YamlNode node, final String key, final Path scenario, final boolean[] shared, final boolean required)
    {
        final String text = required ? node.string(key, OWNER) : node.string(key, OWNER, null);
        if (text == null)
        {
            return null;
        }
        if (text.startsWith("${shared}"))
        {
            shared[0] = true;
            return sharedDir(scenario).resolve(text.substring("${shared}".length()).replaceFirst("^/+", "")).normalize();
        }
        final Path parent = scenario.toAbsolutePath().getParent();
        return parent.resolve(text).normalize();
    }

    private static Scenario.Recording recording(final YamlNode node, final Path scenario, final boolean[] shared)
    {
        if (!node.expectMap("'recording'"))
        {
            return null;
        }
        final String owner = "'recording'";
        final Path file = path(node, "file", scenario, shared, true);
        final Path mapping = path(node, "mapping", scenario, shared, false);
        final double rateHz = node.has("rateHz") ? node.positive("rateHz", owner, Double.NaN) : Double.NaN;
        if (!node.has("rateHz"))
        {
            node.problem("missing required field 'rateHz' in " + owner + ": a recording at another rate is refused before replay");
        }
        final int channels = node.integer("channels", owner, 0);
        if (channels < 0)
        {
            node.keyProblem("channels", "'channels' must be 0 (not checked) or more, got " + channels);
        }
        final YamlNode labelsNode = node.get("labels");
        final boolean windowed = labelsNode != null && labelsNode.isMap();
        final String labels = windowed ? null : node.string("labels", owner, null);
        final Scenario.Windows windows = windowed ? windows(labelsNode, scenario, shared) : null;
        if (windowed && mapping == null)
        {
            node.keyProblem("labels", "'nabWindows' labels rows by their timestamps: it needs a CSV recording (a 'mapping' with a timestamp column)");
        }
        final double replayHz = node.has("replayHz") ? node.positive("replayHz", owner, rateHz) : rateHz;
        final Path learnFrom = node.has("learnFrom") ? path(node, "learnFrom", scenario, shared, true) : null;
        if (learnFrom != null && labelsNode != null)
        {
            node.keyProblem("learnFrom", "'learnFrom' shifts the labelled rows by its length: it cannot be combined with 'labels'");
        }
        node.rejectUnknownKeys(owner);
        return new Scenario.Recording(file, mapping, rateHz, channels, labels, replayHz, node.position(), learnFrom, windows);
    }

    /** {@code labels: {nabWindows: PATH, key: KEY}}: NAB's windows file and the recording's key in it. */
    private static Scenario.Windows windows(final YamlNode node, final Path scenario, final boolean[] shared)
    {
        final String owner = "'labels'";
        final Path file = path(node, "nabWindows", scenario, shared, true);
        final String key = node.string("key", owner);
        node.rejectUnknownKeys(owner);
        return file == null || key == null ? null : new Scenario.Windows(file, key, node.position());
    }

    private static Scenario.Feed feed(final YamlNode node)
    {
        final String owner = "a feed";
        if (!node.expectMap(owner))
        {
            return null;
        }
        final String channel = node.string("channel", owner);
        final boolean hasSensor = node.has("sensor");
        final boolean hasSlot = node.has("slot");
        if (hasSensor == hasSlot)
        {
            node.problem("a feed names either 'sensor' (through its device model) or 'slot' (straight into the process image)");
        }
        final String sensor = hasSensor ? node.string("sensor", owner) : hasSlot ? node.string("slot", owner) : null;
        final double scale = finite(node, "scale", owner, 1.0);
        final double offset = finite(node, "offset", owner, 0.0);
        final boolean waveform = node.bool("waveform", owner, false);
        if (waveform && hasSlot)
        {
            node.keyProblem("waveform", "'waveform' feeds a sensor's device model; a 'slot' feed has none");
        }
        node.rejectUnknownKeys(owner);
        return new Scenario.Feed(channel, sensor, scale, offset, hasSlot, waveform, node.position());
    }

    private static double finite(final YamlNode node, final String key, final String owner, final double fallback)
    {
        final double value = node.number(key, owner, fallback);
        if (!Double.isFinite(value))
        {
            node.keyProblem(key, "'" + key + "' in " + owner + " must be a finite number");
            return fallback;
        }
        return value;
    }

    private static Scenario.Injection injection(final YamlNode node)
    {
        final String owner = "an injection";
        if (!node.expectMap(owner))
        {
            return null;
        }
        final String kind = node.string("kind", owner);
        if (kind != null && !Scenario.Injection.KINDS.contains(kind))
        {
            node.keyProblem("kind", "unknown injection kind '" + kind + "' (expected one of: " + String.join(", ", Scenario.Injection.KINDS) + ")");
        }
        final boolean actuator = "actuator-stuck".equals(kind);
        final String target = actuator ? node.string("actuator", owner) : node.string("sensor", owner);
        final double at = finite(node, "at", owner, Double.NaN);
        if (!node.has("at"))
        {
            node.problem("missing required field 'at' (seconds from the start) in " + owner);
        }
        else if (!(at >= 0))
        {
            node.keyProblem("at", "'at' must be 0 or more seconds, got " + at);
        }
        final double duration = node.has("seconds") ? node.positive("seconds", owner, 0.0) : "spike".equals(kind) ? 0.1 : 0.0;
        double value = 0.0;
        if ("spike".equals(kind) || "drift".equals(kind))
        {
            final String key = "spike".equals(kind) ? "value" : "ratePerS";
            value = node.has(key) ? finite(node, key, owner, Double.NaN) : Double.NaN;
            if (!node.has(key))
            {
                node.problem("spike".equals(kind) ? "a spike needs 'value' (added to the signal)" : "a drift needs 'ratePerS' (added per second)");
            }
        }
        int count = 0;
        if ("nack".equals(kind))
        {
            count = node.integer("count", owner, 10);
            if (count < 1)
            {
                node.keyProblem("count", "'count' (transfers refused) must be 1 or more, got " + count);
            }
        }
        final String id = node.string("id", owner, kind + "@" + at);
        node.rejectUnknownKeys(owner);
        return new Scenario.Injection(id, kind, target, at, duration, value, count, node.position());
    }

    private static Scenario.Expectation expectation(final YamlNode item)
    {
        if (!item.expectMap("an expectation") )
        {
            return null;
        }
        final List<String> keys = new ArrayList<>();
        for (final String type : Scenario.Expectation.TYPES)
        {
            if (item.has(type))
            {
                keys.add(type);
            }
        }
        if (keys.size() != 1)
        {
            item.problem("an expectation is one of: " + String.join(", ", Scenario.Expectation.TYPES)
                + (keys.isEmpty() ? "" : "; this one names " + String.join(" and ", keys)));
            for (final String key : Scenario.Expectation.TYPES)
            {
                item.get(key);
            }
            return null;
        }
        final String type = keys.get(0);
        final YamlNode node = item.get(type);
        item.rejectUnknownKeys("an expectation");
        final String owner = "'" + type + "'";
        if ("noOverruns".equals(type))
        {
            if (!node.isScalar() || !"true".equals(node.text()))
            {
                node.problem("'noOverruns' takes true");
            }
            return new Scenario.Expectation(type, "noOverruns", null, null, null, null, Double.NaN, Double.NaN, Double.NaN, 0.0,
                Double.POSITIVE_INFINITY, Double.NaN, null, false, node.position());
        }
        if (!node.expectMap(owner))
        {
            return null;
        }
        String loop = null;
        String signal = null;
        String channel = null;
        String mode = null;
        double seconds = Double.NaN;
        double min = Double.NaN;
        double max = Double.NaN;
        double tolerance = Double.NaN;
        List<String> injections = null;
        boolean onInterlocks = false;
        final double after = node.has("after") ? finite(node, "after", owner, 0.0) : 0.0;
        final double before = node.has("before") ? node.positive("before", owner, Double.POSITIVE_INFINITY) : Double.POSITIVE_INFINITY;
        if (before <= after)
        {
            node.keyProblem("before", "'before' (" + before + " s) must be later than 'after' (" + after + " s)");
        }
        switch (type)
        {
            case "alarmWithin":
                seconds = node.has("seconds") ? node.positive("seconds", owner, Double.NaN) : Double.NaN;
                if (!node.has("seconds"))
                {
                    node.problem("missing required field 'seconds' in " + owner);
                }
                break;
            case "noAlarmOutside":
                seconds = node.has("graceSeconds") ? finite(node, "graceSeconds", owner, 0.0) : 0.0;
                break;
            case "bounds":
                signal = node.string("signal", owner);
                min = node.has("min") ? finite(node, "min", owner, Double.NEGATIVE_INFINITY) : Double.NEGATIVE_INFINITY;
                max = node.has("max") ? finite(node, "max", owner, Double.POSITIVE_INFINITY) : Double.POSITIVE_INFINITY;
                if (!node.has("min") && !node.has("max"))
                {
                    node.problem("'bounds' needs 'min', 'max' or both");
                }
                else if (min > max)
                {
                    node.keyProblem("max", "'max' (" + max + ") is below 'min' (" + min + ")");
                }
                break;
            case "tracks":
                signal = node.string("sensor", owner);
                channel = node.string("channel", owner, null);
                tolerance = node.has("tolerance") ? node.positive("tolerance", owner, Double.NaN) : Double.NaN;
                if (!node.has("tolerance"))
                {
                    node.problem("missing required field 'tolerance' in " + owner);
                }
                break;
            case "modeStays":
                loop = node.string("loop", owner);
                mode = node.string("mode", owner, "auto").toUpperCase(Locale.ROOT);
                break;
            case "safeWithin":
                loop = node.string("loop", owner);
                seconds = node.has("ms") ? node.positive("ms", owner, Double.NaN) / 1000.0 : Double.NaN;
                if (!node.has("ms"))
                {
                    node.problem("missing required field 'ms' in " + owner);
                }
                onInterlocks = node.bool("interlocks", owner, true);
                if (node.has("injections"))
                {
                    injections = new ArrayList<>();
                    for (final YamlNode id : node.get("injections").list("'injections'"))
                    {
                        injections.add(id.asString("an injection id", ""));
                    }
                }
                break;
            case "diagnosis":
                signal = node.string("bearing", owner);
                mode = node.string("fault", owner);
                if (mode != null && !DIAGNOSES.contains(mode))
                {
                    node.keyProblem("fault", "unknown fault '" + mode + "' (expected one of: " + String.join(", ", DIAGNOSES) + ")");
                }
                break;
            case "safeOutput":
                loop = node.string("loop", owner);
                tolerance = node.has("tolerance") ? node.positive("tolerance", owner, 1e-9) : 1e-9;
                break;
            default:
                break;
        }
        node.get("after");
        if (!"bounds".equals(type) && !"tracks".equals(type) && !"modeStays".equals(type) && !"diagnosis".equals(type) && node.has("before"))
        {
            node.keyProblem("before", "'before' applies to bounds, tracks, modeStays and diagnosis");
        }
        node.get("before");
        node.rejectUnknownKeys(owner);
        final String text = ("diagnosis".equals(type)
            ? String.format(Locale.ROOT, "diagnosis bearing=%s fault=%s after=%gs", signal, mode, after)
            : type + describe(loop, signal, channel, mode, seconds, min, max, after))
            + (before < Double.POSITIVE_INFINITY ? String.format(Locale.ROOT, " before=%gs", before) : "");
        return new Scenario.Expectation(type, text, loop, signal, channel, mode, seconds, min, max, after, before, tolerance,
            injections == null ? null : List.copyOf(injections), onInterlocks, node.position());
    }

    private static String describe(final String loop, final String signal, final String channel, final String mode, final double seconds,
        final double min, final double max, final double after)
    {
        final StringBuilder text = new StringBuilder();
        if (loop != null)
        {
            text.append(" loop=").append(loop);
        }
        if (signal != null)
        {
            text.append(" signal=").append(signal);
        }
        if (channel != null)
        {
            text.append(" channel=").append(channel);
        }
        if (mode != null)
        {
            text.append(" mode=").append(mode);
        }
        if (!Double.isNaN(seconds))
        {
            text.append(String.format(Locale.ROOT, " within=%gs", seconds));
        }
        if (!Double.isNaN(min) && min != Double.NEGATIVE_INFINITY)
        {
            text.append(String.format(Locale.ROOT, " min=%g", min));
        }
        if (!Double.isNaN(max) && max != Double.POSITIVE_INFINITY)
        {
            text.append(String.format(Locale.ROOT, " max=%g", max));
        }
        if (after > 0)
        {
            text.append(String.format(Locale.ROOT, " after=%gs", after));
        }
        return text.toString();
    }
}
