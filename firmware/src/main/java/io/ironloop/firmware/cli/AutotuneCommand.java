package io.ironloop.firmware.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.run.AutotuneRun;
import io.ironloop.hal.HardwareException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code ironloop autotune MACHINE}: a relay experiment on one loop, and the PID gains its rule proposes. */
@Command(
    name = "autotune",
    mixinStandardHelpOptions = true,
    description = {
        "Runs relay autotune (Astrom-Hagglund) on one loop that has an 'autotune' section: the loop holds",
        "its setpoint in AUTO (any ramp/soak program set aside) for --settle seconds, then the relay",
        "oscillates the process within the section's amplitude and bound until it has measured its",
        "cycles, and the PID gains of the section's rule (simc, ziegler-nichols, tyreus-luyben) are",
        "printed, with the lines to paste into the machine file. Nothing is applied. Every actuator goes",
        "to its safe value at the end. Exit 0 with gains, 1 when the experiment aborted (the loop went",
        "SAFE: out of bound, timeout, bad input, mode change), 2 on an invalid configuration."})
final class AutotuneCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "MACHINE", description = "Machine file.")
    Path machine;

    @Option(names = "--board", paramLabel = "FILE", description = "Board file (default: the one the machine file names).")
    Path board;

    @Option(names = "--loop", paramLabel = "ID", description = "The loop to tune (default: the only loop with an 'autotune' section).")
    String loopId;

    @Option(names = "--setpoint", paramLabel = "VALUE", description = "Setpoint to hold and tune around (default: the loop's).")
    Double setpoint;

    @Option(names = "--settle", paramLabel = "S", defaultValue = "300",
        description = "Seconds at the setpoint before the relay starts; the relay needs a steady start (default: ${DEFAULT-VALUE}).")
    double settleSeconds;

    @Option(names = "--steady", paramLabel = "S", defaultValue = "0",
        description = "Start the relay sooner, once the PV has stayed within twice the relay hysteresis of the setpoint for S seconds; --settle is then the most it waits (default: ${DEFAULT-VALUE}, off).")
    double steadySeconds;

    @Option(names = "--progress", paramLabel = "S", defaultValue = "60", description = "A progress line every S seconds, 0 for none (default: ${DEFAULT-VALUE}).")
    double progressSeconds;

    @Option(names = "--fast", description = "Lockstep on a virtual clock as fast as the CPU allows (sim board only).")
    boolean fast;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!(settleSeconds >= 0) || !(steadySeconds >= 0) || !(progressSeconds >= 0) || (setpoint != null && !Double.isFinite(setpoint)))
        {
            err.println("error: --settle, --steady and --progress must not be negative, --setpoint must be a finite number");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final AutotuneRun.Result result;
        try
        {
            final MachineSetup setup = MachineSetup.load(machine, board);
            final int loopIndex = loopIndex(setup.machine(), err);
            if (loopIndex < 0)
            {
                return IronloopCli.EXIT_INVALID_CONFIG;
            }
            if (fast && !setup.board().isSimulated())
            {
                err.println("error: --fast runs on a virtual clock, which only the sim board follows; board '"
                    + setup.machine().board() + "' is real hardware");
                return IronloopCli.EXIT_INVALID_CONFIG;
            }
            result = AutotuneRun.run(setup, new AutotuneRun.Options(loopIndex, setpoint != null ? setpoint : Double.NaN,
                settleSeconds, steadySeconds, progressSeconds, fast, out));
        }
        catch (final ConfigException ex)
        {
            ex.problems().forEach((Problem problem) -> err.println(problem));
            err.println("not starting: the configuration is invalid");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        catch (final HardwareException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        report(out, result);
        if (json != null && JsonFile.write(json(result), json, err) != 0)
        {
            return IronloopCli.EXIT_FAILURE;
        }
        return result.done() ? 0 : IronloopCli.EXIT_FAILURE;
    }

    private int loopIndex(final MachineConfig config, final PrintWriter err)
    {
        final List<MachineConfig.Loop> loops = config.loops();
        final List<String> tunable = loops.stream().filter(loop -> loop.autotune() != null).map(MachineConfig.Loop::id)
            .collect(Collectors.toList());
        if (loopId == null)
        {
            if (tunable.size() == 1)
            {
                loopId = tunable.get(0);
            }
            else
            {
                err.println("error: " + (tunable.isEmpty()
                    ? "no loop in " + machine + " has an 'autotune' section (see docs/CONTROL-BLOCKS.md)"
                    : "several loops have an 'autotune' section; choose one with --loop: " + String.join(", ", tunable)));
                return -1;
            }
        }
        for (int i = 0; i < loops.size(); i++)
        {
            if (loops.get(i).id().equals(loopId))
            {
                if (loops.get(i).autotune() == null)
                {
                    err.println("error: loop '" + loopId + "' has no 'autotune' section (at " + loops.get(i).position()
                        + "); see docs/CONTROL-BLOCKS.md");
                    return -1;
                }
                return i;
            }
        }
        err.println("error: no loop '" + loopId + "' in " + machine + " (loops: "
            + loops.stream().map(MachineConfig.Loop::id).collect(Collectors.joining(", ")) + ")");
        return -1;
    }

    private static void report(final PrintWriter out, final AutotuneRun.Result r)
    {
        if (!r.done())
        {
            out.printf(Locale.ROOT, "autotune %s: %s%s after %.1f s of relay; loop ended in %s; no gains proposed%n", r.loop(), r.status(),
                r.status().name().equals("ABORTED") ? " (" + r.abortReason() + ")" : "", r.experimentSeconds(), r.finalMode());
            if (Double.isFinite(r.ultimateGain()))
            {
                out.printf(Locale.ROOT, "  measured: Ku=%.6g  Pu=%.4g s  oscillation amplitude %.4g  K=%.6g  tau=%.4g s  dead time=%.4g s%n",
                    r.ultimateGain(), r.ultimatePeriodS(), r.oscillationAmplitude(), r.processGain(), r.timeConstantS(), r.deadTimeS());
            }
            return;
        }
        out.printf(Locale.ROOT, "autotune %s: DONE after %.1f s of relay around %.3f%n", r.loop(), r.experimentSeconds(), r.setpoint());
        out.printf(Locale.ROOT, "  relay:   Ku=%.6g  Pu=%.4g s  oscillation amplitude %.4g%n", r.ultimateGain(), r.ultimatePeriodS(),
            r.oscillationAmplitude());
        if ("FOPDT".equals(r.model()))
        {
            out.printf(Locale.ROOT, "  process: K=%.6g  tau=%.4g s  dead time=%.4g s (first order plus dead time)%n", r.processGain(),
                r.timeConstantS(), r.deadTimeS());
        }
        else if ("INTEGRATING".equals(r.model()))
        {
            out.printf(Locale.ROOT, "  process: lag-dominant, integrator plus dead time: k'=%.6g per s (about K/tau)  dead time=%.4g s%n",
                r.integratingGain(), r.deadTimeS());
        }
        out.printf(Locale.ROOT, "  %s proposes kp=%.6g ki=%.6g kd=%.6g (the file has kp=%.6g ki=%.6g kd=%.6g)%n", r.rule(), r.kp(), r.ki(), r.kd(),
            r.currentKp(), r.currentKi(), r.currentKd());
        out.println("  to use them, set in loop '" + r.loop() + "' of the machine file:");
        out.printf(Locale.ROOT, "      kp: %.6g%n      ki: %.6g%n      kd: %.6g%n", r.kp(), r.ki(), r.kd());
    }

    private static ObjectNode json(final AutotuneRun.Result r)
    {
        final ObjectNode root = JsonFile.object();
        root.put("machine", r.machine());
        root.put("loop", r.loop());
        root.put("rule", r.rule());
        root.put("status", r.status().name());
        root.put("abortReason", r.abortReason().name());
        root.put("finalMode", r.finalMode());
        root.put("setpoint", r.setpoint());
        root.put("settleSeconds", r.settleSeconds());
        root.put("experimentSeconds", r.experimentSeconds());
        JsonFile.number(root, "ultimateGain", r.ultimateGain());
        JsonFile.number(root, "ultimatePeriodS", r.ultimatePeriodS());
        JsonFile.number(root, "oscillationAmplitude", r.oscillationAmplitude());
        root.put("model", r.model());
        JsonFile.number(root, "integratingGain", r.integratingGain());
        JsonFile.number(root, "processGain", r.processGain());
        JsonFile.number(root, "timeConstantS", r.timeConstantS());
        JsonFile.number(root, "deadTimeS", r.deadTimeS());
        final ObjectNode proposed = root.putObject("proposed");
        JsonFile.number(proposed, "kp", r.kp());
        JsonFile.number(proposed, "ki", r.ki());
        JsonFile.number(proposed, "kd", r.kd());
        final ObjectNode current = root.putObject("current");
        JsonFile.number(current, "kp", r.currentKp());
        JsonFile.number(current, "ki", r.currentKi());
        JsonFile.number(current, "kd", r.currentKd());
        return root;
    }
}
