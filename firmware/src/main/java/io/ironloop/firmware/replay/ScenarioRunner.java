package io.ironloop.firmware.replay;

import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Position;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.mqtt.TelemetryLink;
import io.ironloop.firmware.recording.CsvRecordingException;
import io.ironloop.firmware.replay.report.ScenarioReport;
import io.ironloop.hal.HardwareException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs one scenario: loads it and its machine, opens and checks the recording (rate and channel count
 * against the scenario, every binary block's CRC, every CSV cell) before anything runs, replays in
 * lockstep at maximum or real-time speed, and judges the expectations. A scenario that could not run
 * is an error (exit 2), never a pass.
 */
public final class ScenarioRunner
{
    /** Exit code when every expectation held. */
    public static final int PASSED = 0;
    /** Exit code when an expectation failed. */
    public static final int FAILED = 1;
    /** Exit code when the scenario could not run (bad file, bad recording, missing data). */
    public static final int ERROR = 2;
    /** Virtual time the replay advances between wall-clock checks in real-time mode. */

    /**
     * @param report   for the report writer (error set when it could not run)
     * @param exitCode {@link #PASSED}, {@link #FAILED} or {@link #ERROR}
     * @param failures one line per failed expectation (or the error), with time and values
     * @param hash     a hash of every output (0 when it did not run)
     */
    public record Result(Scenario scenario, ScenarioReport report, int exitCode, List<String> failures, long hash) {}

    private ScenarioRunner()
    {
    }

    /** Loads and runs {@code file}; {@code realtime} forces real-time pacing. */
    public static Result run(final Path file, final boolean realtime)
    {
        final Scenario scenario;
        try
        {
            scenario = ScenarioLoader.load(file);
        }
        catch (final ConfigException ex)
        {
            return error(file, null, ex.problems().stream().map(Problem::toString).toList());
        }
        return run(scenario, realtime);
    }

    public static Result run(final Scenario scenario, final boolean realtime)
    {
        final MachineSetup setup;
        try
        {
            setup = MachineSetup.load(scenario.machine(), null);
        }
        catch (final ConfigException ex)
        {
            return error(scenario.file(), scenario, ex.problems().stream().map(Problem::toString).toList());
        }
        if (!"sim".equals(setup.board().backend()))
        {
            return error(scenario.file(), scenario, List.of(scenario.file() + ": the machine " + scenario.machine()
                + " is on board '" + setup.board().name() + "'; replay needs a simulated board (board: sim)"));
        }
        final double controlHz = setup.machine().control().rateHz();
        final Scenario.Recording recording = scenario.recording();
        ReplaySource source = null;
        try
        {
            final long maxRows;
            if (recording != null)
            {
                if (!Files.exists(recording.file()))
                {
                    return error(scenario.file(), scenario, List.of(recording.position() + ": recording " + recording.file() + " not found"
                        + (scenario.needsShared() ? " (the shared data sets: IRONLOOP_SHARED_DIR or ../shared beside the checkout)" : "")));
                }
                maxRows = Double.isNaN(scenario.seconds()) ? Long.MAX_VALUE : (long)Math.ceil(scenario.seconds() * recording.replayHz());
                source = ReplaySource.open(recording.file(), recording.mapping(), maxRows, recording.windows() != null);
                if (recording.learnFrom() != null)
                {
                    if (!Files.exists(recording.learnFrom()))
                    {
                        source.close();
                        return error(scenario.file(), scenario, List.of(recording.position() + ": 'learnFrom' recording "
                            + recording.learnFrom() + " not found"));
                    }
                    try
                    {
                        source = ReplaySource.concat(ReplaySource.open(recording.learnFrom(), recording.mapping(), maxRows), source, maxRows,
                            recording.position().toString());
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        return error(scenario.file(), scenario, List.of(ex.getMessage()));
                    }
                }
                final List<String> refused = checkRecording(scenario, source);
                if (!refused.isEmpty())
                {
                    source.close();
                    return error(scenario.file(), scenario, refused);
                }
                if (recording.windows() != null)
                {
                    source = NabLabels.apply(recording, (ReplaySource.Timed)source, scenario.needsShared());
                }
            }
            else
            {
                maxRows = 0;
            }
            final List<String> problems = new ArrayList<>();
            final List<ReplayRig.Feed> feeds = feeds(scenario, source, setup.machine(), problems);
            final List<ReplayRig.Fault> faults = faults(scenario, setup.machine(), feeds, problems);
            final boolean advisorAlarm = AlarmSources.ADVISOR.equals(scenario.alarm());
            final Function<io.ironloop.firmware.wiring.Machine, AlarmSource> alarmFactory = AlarmSources.factory(scenario.alarm());
            if (advisorAlarm && setup.machine().advisor() == null)
            {
                problems.add(scenario.file() + ": alarm source 'advisor' needs an 'advisor:' section in the machine file "
                    + setup.machine().file());
            }
            else if (alarmFactory == null && !advisorAlarm)
            {
                problems.add(scenario.file() + ": unknown alarm source '" + scenario.alarm() + "' (known: " + AlarmSources.names() + ")");
            }
            checkExpectations(scenario, setup.machine(), feeds, problems);
            if (!problems.isEmpty())
            {
                if (source != null)
                {
                    source.close();
                }
                return error(scenario.file(), scenario, problems);
            }
            final HashingLink link = new HashingLink();
            try (ReplaySource rows = source; ReplayRig rig = new ReplayRig(setup, rows, feeds, faults, link, maxRows,
                recording == null ? 1.0 : recording.replayHz()))
            {
                final List<Check> checks = checks(scenario, rig);
                final int labels = recording == null || !recording.labelled() ? -1
                    : rows.channel(recording.labels() != null ? recording.labels() : Scenario.Windows.CHANNEL);
                final AlarmSource alarm = advisorAlarm ? new AdvisorAlarms(rig.advisor.status()) : alarmFactory.apply(rig.machine);
                final Observer observer = new Observer(rig.machine, alarm, rig.rows, labels, Math.min(scenario.recordHz(), controlHz),
                    checks, faults, scenario.injections().stream().map(Scenario.Injection::id).toList(),
                    rig.advisor == null ? null : rig.advisor.status());
                rig.append(observer);
                final double seconds = rows != null ? Math.min(rows.rows(), maxRows) / recording.replayHz() : scenario.seconds();
                final long endNs = ReplayRig.START_NS + (long)(seconds * 1e9) - 1;
                try (LockstepRunner runner = new LockstepRunner(rig.clock, rig.agents()))
                {
                    ReplayRig.runTo(runner, endNs, realtime || scenario.realtime());
                }
                final double endS = seconds;
                for (final Check check : checks)
                {
                    check.end(observer, endS);
                }
                observer.finish(endS);
                final List<ScenarioReport.Verdict> verdicts = Check.verdicts(observer, checks);
                final boolean passed = checks.stream().allMatch(Check::passed);
                final List<String> failures = new ArrayList<>();
                for (final ScenarioReport.Verdict verdict : verdicts)
                {
                    if (!verdict.passed())
                    {
                        failures.add(scenario.name() + ": FAILED " + verdict.expectation() + ": " + verdict.detail());
                    }
                }
                final long hash = observer.hash * 31 + link.hash();
                final ScenarioReport report = new ScenarioReport(scenario.name(), scenario.file(), passed, verdicts, observer.series(),
                    observer.segments, observer.events, observer.modeSpans, rows != null ? rig.rows.rows() : observer.ticks(), seconds, null);
                return new Result(scenario, report, passed ? PASSED : FAILED, failures, hash);
            }
        }
        catch (final ConfigException ex)
        {
            return error(scenario.file(), scenario, ex.problems().stream().map(Problem::toString).toList());
        }
        catch (final CsvRecordingException ex)
        {
            return error(scenario.file(), scenario, List.of(ex.getMessage()));
        }
        catch (final NoSuchFileException ex)
        {
            return error(scenario.file(), scenario, List.of(ex.getFile() + ": file not found"));
        }
        catch (final IOException | HardwareException ex)
        {
            return error(scenario.file(), scenario, List.of(String.valueOf(ex.getMessage())));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return error(scenario.file(), scenario, List.of("interrupted"));
        }
    }

    private static List<String> checkRecording(final Scenario scenario, final ReplaySource source)
    {
        final Scenario.Recording recording = scenario.recording();
        final List<String> refused = new ArrayList<>();
        final double rate = source.rateHz();
        if (!(Math.abs(rate - recording.rateHz()) <= 1e-6 * recording.rateHz()))
        {
            refused.add(recording.position() + ": refused before replay: " + recording.file() + " is recorded at "
                + hz(rate) + " Hz, the scenario expects " + hz(recording.rateHz()) + " Hz");
        }
        if (recording.channels() > 0 && source.names().length != recording.channels())
        {
            refused.add(recording.position() + ": refused before replay: " + recording.file() + " has " + source.names().length
                + " channels (" + String.join(", ", source.names()) + "), the scenario expects " + recording.channels());
        }
        if (source.rows() == 0)
        {
            refused.add(recording.position() + ": refused before replay: " + recording.file() + " has no rows");
        }
        if (recording.labels() != null && source.channel(recording.labels()) < 0)
        {
            refused.add(recording.position() + ": no channel '" + recording.labels() + "' for the labels; the recording has: "
                + String.join(", ", source.names()));
        }
        return refused;
    }

    private static String hz(final double rate)
    {
        return rate == Math.rint(rate) ? Long.toString((long)rate) : String.format(Locale.ROOT, "%.9g", rate);
    }

    private static List<ReplayRig.Feed> feeds(final Scenario scenario, final ReplaySource source, final MachineConfig machine,
        final List<String> problems)
    {
        final List<ReplayRig.Feed> feeds = new ArrayList<>();
        for (final Scenario.Feed feed : scenario.feeds())
        {
            final int channel = source == null ? -1 : source.channel(feed.channel());
            if (channel < 0)
            {
                problems.add(feed.position() + ": no channel '" + feed.channel() + "' in the recording"
                    + (source == null ? "" : "; it has: " + String.join(", ", source.names())));
            }
            if (machine.sensor(feed.sensor()) == null)
            {
                problems.add(feed.position() + ": no sensor '" + feed.sensor() + "' in " + machine.file());
            }
            feeds.add(new ReplayRig.Feed(channel, feed.sensor(), feed.scale(), feed.offset(), feed.image(), feed.waveform()));
        }
        return feeds;
    }

    private static List<ReplayRig.Fault> faults(final Scenario scenario, final MachineConfig machine, final List<ReplayRig.Feed> feeds,
        final List<String> problems)
    {
        final List<ReplayRig.Fault> faults = new ArrayList<>();
        final MachineConfig.Simulation simulation = machine.simulation();
        for (final Scenario.Injection injection : scenario.injections())
        {
            final Position at = injection.position();
            final boolean actuator = "actuator-stuck".equals(injection.kind());
            if (actuator ? machine.actuator(injection.target()) == null : machine.sensor(injection.target()) == null)
            {
                problems.add(at + ": no " + (actuator ? "actuator" : "sensor") + " '" + injection.target() + "' in " + machine.file());
            }
            else if (!actuator && FaultySignal.kind(injection.kind()) >= 0 && feeds.stream().noneMatch(f -> f.sensor().equals(injection.target()))
                && !plantDriven(simulation, injection.target(), false))
            {
                problems.add(at + ": sensor '" + injection.target() + "' is neither fed from the recording nor driven by the machine's plant;"
                    + " a " + injection.kind() + " needs a signal to act on");
            }
            else if ("nack".equals(injection.kind()) && feeds.stream().anyMatch(f -> f.image() && f.sensor().equals(injection.target())))
            {
                problems.add(at + ": sensor '" + injection.target() + "' is fed straight into the process image; a nack needs a bus device"
                    + " (use dropout to silence a slot feed)");
            }
            else if (!actuator && ("dropout".equals(injection.kind()) || "nack".equals(injection.kind()))
                && feeds.stream().noneMatch(f -> f.image() && f.sensor().equals(injection.target())))
            {
                final MachineConfig.Connection connection = machine.sensor(injection.target()).connection();
                if (connection == null || connection.kind() == io.ironloop.firmware.config.DriverCatalog.Connection.PIN)
                {
                    problems.add(at + ": sensor '" + injection.target() + "' is not on a bus; a " + injection.kind() + " needs an I2C or SPI device");
                }
            }
            else if (actuator && !plantDriven(simulation, injection.target(), true))
            {
                problems.add(at + ": actuator '" + injection.target() + "' does not drive the machine's plant; actuator-stuck acts on a plant input");
            }
            final long start = ReplayRig.START_NS + Math.round(injection.atS() * 1e9);
            final long end = Double.isInfinite(injection.endS()) ? Long.MAX_VALUE : ReplayRig.START_NS + Math.round(injection.endS() * 1e9);
            faults.add(new ReplayRig.Fault(injection.kind(), injection.target(), start, end, injection.value(), injection.count()));
        }
        return faults;
    }

    /** True when the machine's plant, whichever model it is, feeds sensor {@code id} (or is driven by actuator {@code id}). */
    private static boolean plantDriven(final MachineConfig.Simulation simulation, final String id, final boolean actuator)
    {
        return simulation != null && (actuator ? simulation.plantActuators() : simulation.plantSensors()).contains(id);
    }

    private static void checkExpectations(final Scenario scenario, final MachineConfig machine, final List<ReplayRig.Feed> feeds,
        final List<String> problems)
    {
        for (final Scenario.Expectation e : scenario.expectations())
        {
            if (e.loop() != null && machine.loops().stream().noneMatch(l -> l.id().equals(e.loop())))
            {
                problems.add(e.position() + ": no loop '" + e.loop() + "' in " + machine.file());
            }
            if ("bounds".equals(e.type()) && machine.sensor(e.signal()) == null && machine.actuator(e.signal()) == null)
            {
                problems.add(e.position() + ": no sensor or actuator '" + e.signal() + "' in " + machine.file());
            }
            if ("tracks".equals(e.type()) && feeds.stream().noneMatch(f -> f.sensor().equals(e.signal())))
            {
                problems.add(e.position() + ": 'tracks' needs a feed into sensor '" + e.signal() + "'");
            }
            if (("alarmWithin".equals(e.type()) || "noAlarmOutside".equals(e.type()))
                && (scenario.recording() == null || !scenario.recording().labelled()))
            {
                problems.add(e.position() + ": '" + e.type() + "' needs labelled segments: give the recording's 'labels' (a channel,"
                    + " or {nabWindows: FILE, key: KEY})");
            }
            if ("diagnosis".equals(e.type()) && machine.watchedBearings().stream().noneMatch(b -> b.id().equals(e.signal())))
            {
                problems.add(e.position() + ": no watched bearing '" + e.signal() + "' (a 'bearings:' entry with 'monitor:') in "
                    + machine.file());
            }
            if ("modeStays".equals(e.type()))
            {
                try
                {
                    io.ironloop.control.mode.Mode.valueOf(e.mode());
                }
                catch (final IllegalArgumentException ex)
                {
                    problems.add(e.position() + ": unknown mode '" + e.mode() + "'");
                }
            }
        }
    }

    private static List<Check> checks(final Scenario scenario, final ReplayRig rig)
    {
        final List<Check> checks = new ArrayList<>();
        for (final Scenario.Expectation e : scenario.expectations())
        {
            final ClosedLoop loop = e.loop() == null ? null : loop(rig, e.loop());
            switch (e.type())
            {
                case "alarmWithin" -> checks.add(new Check.AlarmWithin(e));
                case "noAlarmOutside" -> checks.add(new Check.NoAlarmOutside(e));
                case "bounds" -> checks.add(new Check.Bounds(e, rig.machine.setup().machine().sensor(e.signal()) != null
                    ? rig.machine.image().slotOf(e.signal()) : -1, rig.machine.output(e.signal())));
                case "tracks" -> checks.add(new Check.Tracks(e, rig.machine.image().slotOf(e.signal()), rig.fed.get(e.signal())));
                case "modeStays" -> checks.add(new Check.ModeStays(e, loop));
                case "safeWithin" -> checks.add(new Check.SafeWithin(e, loop));
                case "safeOutput" -> checks.add(new Check.SafeOutput(e, loop,
                    rig.machine.output(rig.machine.setup().machine().loops().stream().filter(l -> l.id().equals(e.loop())).findFirst()
                        .orElseThrow().actuator())));
                case "diagnosis" -> checks.add(new Check.Diagnosis(e, rig.vibration.stream()
                    .filter(m -> m.bearing().equals(e.signal())).findFirst().orElseThrow().status()));
                default -> checks.add(new Check.NoOverruns(e));
            }
        }
        return checks;
    }

    private static ClosedLoop loop(final ReplayRig rig, final String id)
    {
        for (int i = 0; i < rig.machine.control().loopCount(); i++)
        {
            if (rig.machine.control().loop(i).id().equals(id))
            {
                return rig.machine.control().loop(i);
            }
        }
        throw new IllegalStateException("no loop " + id);
    }

    private static Result error(final Path file, final Scenario scenario, final List<String> messages)
    {
        final String name = scenario != null ? scenario.name() : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        final String text = String.join("\n", messages);
        final ScenarioReport report = new ScenarioReport(name, file, false,
            List.of(new ScenarioReport.Verdict("the scenario runs", false, text)), List.of(), List.of(), List.of(), List.of(), 0, 0.0, text);
        return new Result(scenario, report, ERROR, messages, 0L);
    }

    /** A telemetry link that publishes nowhere and hashes every payload (FNV-1a), for the determinism checks. */
    static final class HashingLink implements TelemetryLink
    {
        private long hash = 0xcbf29ce484222325L;
        private long messages;

        @Override
        public boolean offer(final String topic, final byte[] payload, final int length)
        {
            long h = hash;
            for (int i = 0; i < length; i++)
            {
                h = (h ^ (payload[i] & 0xFF)) * 0x100000001b3L;
            }
            hash = h;
            messages++;
            return true;
        }

        long hash()
        {
            return hash;
        }

        long messages()
        {
            return messages;
        }

        @Override
        public int pump(final long nowNs)
        {
            return 0;
        }

        @Override
        public int backlog()
        {
            return 0;
        }

        @Override
        public boolean drain(final long timeoutMs)
        {
            return true;
        }

        @Override
        public void close()
        {
        }
    }
}
