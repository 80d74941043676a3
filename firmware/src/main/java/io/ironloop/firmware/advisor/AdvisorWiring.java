package io.ironloop.firmware.advisor;

import io.ironloop.control.advice.AdvisorAgent;
import io.ironloop.control.advice.AdvisorCounters;
import io.ironloop.control.advice.AdvisorStatus;
import io.ironloop.control.advice.EnsembleModel;
import io.ironloop.control.advice.Model;
import io.ironloop.control.advice.RemainingLife;
import io.ironloop.control.advice.RobustZScoreModel;
import io.ironloop.control.detect.EnsembleSpec;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.CounterTypes;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.firmware.config.AdvisorConfig;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.Position;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.wiring.MachineContext;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.CountersManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a machine's advisor from its {@code advisor:} section: the model (built-in, or an ONNX file opened
 * and checked against the mapping), the agent with its counters, each advised loop's slot as target.
 * {@link #check} opens the model at start-up so a file that does not load or fit is refused before
 * the machine is assembled, with the machine file's position and the model file's name, and hands the opened
 * model on to {@link #build}: a run opens its model file once.
 */
public final class AdvisorWiring
{
    static final String ONNX_RUNTIME_CLASS = "ai.onnxruntime.OrtEnvironment";
    /** Where {@code ironloop.jar}'s manifest looks for ONNX Runtime. */
    public static final String ONNX_RUNTIME_JAR = "lib/onnxruntime-1.29.0.jar";

    private AdvisorWiring()
    {
    }

    /** Opens a machine's ONNX model file: {@link #ONNX} in a run, a counting double in tests. */
    @FunctionalInterface
    public interface OnnxOpener
    {
        /** The model of {@code config}'s ONNX file, checked against its mapping; refused with the file's position. */
        Model open(AdvisorConfig config) throws ConfigException;
    }

    /** ONNX Runtime on the model file. */
    public static final OnnxOpener ONNX = AdvisorWiring::openOnnx;

    /**
     * A model {@link #check} opened, until {@link #build} takes it (then closing this does nothing): the
     * caller closes it on every path where {@code build} is not reached or refuses.
     */
    public static final class Checked implements AutoCloseable
    {
        private Model model;

        private Checked(final Model model)
        {
            this.model = model;
        }

        /** The model, once: ownership passes to the caller. */
        Model take()
        {
            final Model taken = model;
            model = null;
            return taken;
        }

        @Override
        public void close()
        {
            closeQuietly(take());
        }
    }

    /** Nothing opened (no advisor, or a built-in one). */
    private static final Checked NOTHING = new Checked(null);

    /**
     * Refuses an ONNX advisor whose runtime is missing or whose file does not load or fit; nothing for a built-in one.
     * The opened model is kept for {@link #build}, so a run opens its model file once.
     */
    public static Checked check(final MachineConfig machine) throws ConfigException
    {
        return check(machine, ONNX);
    }

    /** {@link #check} with the ONNX file opened by {@code onnx}. */
    public static Checked check(final MachineConfig machine, final OnnxOpener onnx) throws ConfigException
    {
        final AdvisorConfig config = machine.advisor();
        if (config == null || !"onnx".equals(config.kind()))
        {
            return NOTHING;
        }
        return new Checked(onnx.open(config));
    }

    private static void closeQuietly(final Model model)
    {
        if (model instanceof AutoCloseable)
        {
            try
            {
                ((AutoCloseable)model).close();
            }
            catch (final Exception ignored)
            {
                // Closing a model that is not used cannot make anything less usable.
            }
        }
    }

    private static Model open(final AdvisorConfig config, final OnnxOpener onnx) throws ConfigException
    {
        final int channels = config.inputs().size();
        if ("builtin".equals(config.kind()))
        {
            final AdvisorConfig.Builtin b = config.builtin();
            return new RobustZScoreModel(channels, b.learnSamples(), b.minScale(), b.alarmScore(), b.deadband(), b.trimPerScore(),
                b.smoothingSamples(), b.fallbackScore());
        }
        if ("ensemble".equals(config.kind()))
        {
            final EnsembleSpec spec = "smoothed".equals(config.ensemble().detectors()) ? EnsembleSpec.SMOOTHED : EnsembleSpec.DEFAULT;
            return new EnsembleModel(spec.build(config.inputs().toArray(new String[0])),
                config.ensemble().learnSamples());
        }
        return onnx.open(config);
    }

    private static Model openOnnx(final AdvisorConfig config) throws ConfigException
    {
        final int channels = config.inputs().size();
        final Position at = config.modelPosition();
        try
        {
            Class.forName(ONNX_RUNTIME_CLASS, false, AdvisorWiring.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw refused(at, "advisor model " + config.modelFile() + " needs ONNX Runtime, which is not installed: put "
                + "onnxruntime-1.29.0.jar at " + ONNX_RUNTIME_JAR + " beside ironloop.jar (docs/ADVISORS.md)");
        }
        try
        {
            return OnnxModels.open(Path.of(config.modelFile()), channels, highestOutput(config));
        }
        catch (final OnnxModel.ModelException ex)
        {
            throw refused(at, "advisor model " + ex.getMessage());
        }
        catch (final LinkageError ex)
        {
            // ONNX Runtime's natives did not load (wrong platform, a noexec /tmp): the model cannot run here.
            throw refused(at, "advisor model " + config.modelFile() + ": ONNX Runtime cannot start here: " + ex
                + " (a noexec /tmp needs -Donnxruntime.native.path)");
        }
    }

    private static int highestOutput(final AdvisorConfig config)
    {
        int highest = Math.max(Math.max(config.anomalyScore(), config.health()), Math.max(config.alarm(), config.fallback()));
        for (final int index : config.trims().values())
        {
            highest = Math.max(highest, index);
        }
        if (config.healthEstimate() != null)
        {
            highest = Math.max(highest, config.healthEstimate().indicatorOutput());
        }
        return highest;
    }

    private static ConfigException refused(final Position at, final String message)
    {
        return new ConfigException(List.of(new Problem(at.file(), at.line(), at.column(), message)));
    }

    /**
     * The advisor of {@code machine} for its assembled control agent (every loop may take advice; each
     * input's staleness limit as the machine's context derives it), or null when it has none.
     */
    public static Advisor build(
        final MachineConfig machine,
        final NanoClock clock,
        final ProcessImage image,
        final ControlAgent control,
        final CountersManager counters) throws ConfigException
    {
        return build(machine, clock, image, control, counters, NOTHING, ONNX);
    }

    /**
     * The same with the model {@link #check} opened: taken from {@code checked} (opened by {@code onnx} only when it
     * has none), and closed again when the advisor is refused.
     */
    public static Advisor build(
        final MachineConfig machine,
        final NanoClock clock,
        final ProcessImage image,
        final ControlAgent control,
        final CountersManager counters,
        final Checked checked,
        final OnnxOpener onnx) throws ConfigException
    {
        final List<ClosedLoop> loops = new ArrayList<>();
        for (int i = 0; i < control.loopCount(); i++)
        {
            loops.add(control.loop(i));
        }
        final MachineContext context = MachineContext.conclude(machine);
        final Map<String, Long> stale = new HashMap<>();
        for (final MachineConfig.Device sensor : machine.sensors())
        {
            stale.put(sensor.id(), context.staleAfterNs(sensor.id()));
        }
        return build(machine, clock, image, loops, stale, counters, checked, onnx);
    }

    /**
     * The advisor of {@code machine}, or null when it has none.
     *
     * @param staleAfterNs each sensor's staleness limit, by id
     */
    public static Advisor build(
        final MachineConfig machine,
        final NanoClock clock,
        final ProcessImage image,
        final List<ClosedLoop> loops,
        final Map<String, Long> staleAfterNs,
        final CountersManager counters) throws ConfigException
    {
        return build(machine, clock, image, loops, staleAfterNs, counters, NOTHING, ONNX);
    }

    /**
     * The advisor of {@code machine}, or null when it has none: on the model {@code checked} holds, or one
     * {@code onnx} (for an ONNX file) opens here. The model is closed again on every path that refuses the advisor.
     */
    static Advisor build(
        final MachineConfig machine,
        final NanoClock clock,
        final ProcessImage image,
        final List<ClosedLoop> loops,
        final Map<String, Long> staleAfterNs,
        final CountersManager counters,
        final Checked checked,
        final OnnxOpener onnx) throws ConfigException
    {
        final AdvisorConfig config = machine.advisor();
        final Model taken = checked.take();
        if (config == null)
        {
            closeQuietly(taken);
            return null;
        }
        final Model model = taken != null ? taken : open(config, onnx);
        try
        {
            return advisor(machine, clock, image, loops, staleAfterNs, counters, model);
        }
        catch (final Throwable ex)
        {
            // Refused (or failed) here: nothing else will close the model.
            closeQuietly(model);
            throw ex;
        }
    }

    private static Advisor advisor(
        final MachineConfig machine, final NanoClock clock, final ProcessImage image, final List<ClosedLoop> loops,
        final Map<String, Long> staleAfterNs, final CountersManager counters, final Model model) throws ConfigException
    {
        final AdvisorConfig config = machine.advisor();
        final int[] slots = new int[config.inputs().size()];
        final long[] stale = new long[slots.length];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = image.slotOf(config.inputs().get(i));
            stale[i] = staleAfterNs.get(config.inputs().get(i));
        }
        final List<AdvisorAgent.Target> targets = new ArrayList<>();
        for (final ClosedLoop loop : loops)
        {
            final Integer trim = config.trims().get(loop.id());
            if (trim != null && loop.adviceSlot() != null)
            {
                targets.add(new AdvisorAgent.Target(loop.id(), loop.adviceSlot(), trim));
            }
        }
        AdvisorAgent.Indicator indicator = null;
        String part = machine.name();
        final AdvisorConfig.Health health = config.healthEstimate();
        if (health != null)
        {
            part = health.part();
            final boolean fromOutput = health.indicatorChannel() == null;
            indicator = new AdvisorAgent.Indicator(fromOutput, fromOutput ? health.indicatorOutput() : config.inputs().indexOf(health.indicatorChannel()),
                new RemainingLife(health.healthyLevel(), health.failureLevel(), health.points(), Math.round(health.sampleEveryS() * 1e9)));
        }
        final AdvisorCounters advisorCounters = new AdvisorCounters(
            counters.newCounter("advisor runs", CounterTypes.ADVISOR_RUNS),
            counters.newCounter("advisor model errors", CounterTypes.ADVISOR_MODEL_ERRORS),
            counters.newCounter("advisor invalid outputs", CounterTypes.ADVISOR_INVALID_OUTPUTS),
            counters.newCounter("advisor runs while learning", CounterTypes.ADVISOR_NOT_READY),
            counters.newCounter("anomaly score x1000", CounterTypes.ANOMALY_SCORE_MILLI),
            counters.newCounter("health index x1000: " + part, CounterTypes.HEALTH_INDEX_MILLI),
            counters.newCounter("remaining life s: " + part, CounterTypes.REMAINING_LIFE_S),
            counters.newCounter("advisor alarm", CounterTypes.ADVISOR_ALARM));
        try
        {
            final AdvisorAgent agent = new AdvisorAgent(clock, Math.round(1e9 / config.rateHz()), Math.round(config.expiryMs() * 1e6), image,
                slots, stale, model, targets.toArray(new AdvisorAgent.Target[0]),
                new AdvisorAgent.Outputs(config.anomalyScore(), config.health(), config.alarm(), config.fallback()), indicator,
                advisorCounters, new AdvisorStatus());
            return new Advisor(agent, model, part, config.inputs().toArray(new String[0]));
        }
        catch (final IllegalArgumentException ex)
        {
            throw refused(config.position(), ex.getMessage());
        }
    }
}
