package io.ironloop.firmware.cli;

import io.ironloop.control.runtime.CountersFile;
import io.ironloop.firmware.commission.Commissioning;
import io.ironloop.firmware.commission.CommissioningReport;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.config.Problem;
import io.ironloop.firmware.run.InstanceLock;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.hal.BoardIo;
import io.ironloop.hal.HardwareException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** {@code ironloop check MACHINE}: commissioning, sensor by sensor and actuator by actuator. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
        "Commissioning check: opens the machine's board (no control loop runs), reads every sensor several",
        "times and prints value, status, read time and chip identity (n/a where the driver has no identity",
        "register). With --outputs, steps each actuator that has a testValue to it and back to its safe value,",
        "one at a time, each after a y/N confirmation (--yes: no questions). Writes commissioning-MACHINE.txt",
        "and .json. Exit status: 0 all passed, 1 a device failed, 2 invalid configuration."})
final class CheckCommand implements Callable<Integer>
{
    /** Longest time a test value is held. */
    private static final double MAX_HOLD_S = 60;

    @Parameters(index = "0", paramLabel = "MACHINE", description = "Machine file.")
    Path machine;

    @Option(names = "--board", paramLabel = "FILE", description = "Board file (default: the one the machine file names).")
    Path board;

    @Option(names = "--outputs", description = "Also step each actuator to its testValue and back to safe.")
    boolean outputs;

    @Option(names = "--yes", description = "Do not ask before stepping an actuator (scripts).")
    boolean yes;

    @Option(names = "--reads", paramLabel = "N", defaultValue = "5", description = "Reads per sensor (default: ${DEFAULT-VALUE}).")
    int reads;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "1", description = "How long each test value is held (default: ${DEFAULT-VALUE} s).")
    double holdSeconds;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = ".", description = "Where the report files go (default: the current directory).")
    Path report;

    @Option(names = "--inject-fault", paramLabel = "SENSOR", description = "Simulated board only: make SENSOR's chip stop answering (to see a failure reported).")
    String injectFault;

    @Spec
    CommandSpec spec;

    /** Where confirmations are read from (tests replace it). */
    BufferedReader terminal;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (reads < 2 || reads > 1000)
        {
            err.println("error: --reads must be from 2 to 1000, got " + reads);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        if (!(holdSeconds >= 0 && holdSeconds <= MAX_HOLD_S))
        {
            err.println("error: --hold must be from 0 to " + (int)MAX_HOLD_S + " s, got " + holdSeconds);
            return IronloopCli.EXIT_INVALID_CONFIG;
        }
        final MachineSetup setup;
        try
        {
            setup = MachineSetup.load(machine, board);
        }
        catch (final ConfigException ex)
        {
            for (final Problem problem : ex.problems())
            {
                err.println(problem);
            }
            err.println("not checking: the configuration is invalid");
            return IronloopCli.EXIT_INVALID_CONFIG;
        }

        final List<AutoCloseable> resources = new ArrayList<>();
        try
        {
            // Never beside a running firmware: two processes would drive the same outputs.
            final Path base = CountersFile.baseDirectory();
            final String identity = InstanceLock.identity(setup.machine().name());
            resources.add(InstanceLock.acquire(base.resolve(CountersFile.MACHINE_DIR_PREFIX + setup.machine().name() + ".lock"),
                "machine '" + setup.machine().name() + "'", identity));
            if ("pi4j".equals(setup.board().backend()))
            {
                resources.add(InstanceLock.acquire(base.resolve(CountersFile.MACHINE_DIR_PREFIX + "board.lock"),
                    "this board (" + setup.board().name() + ")", identity));
            }
            final SystemNanoClock clock = new SystemNanoClock();
            final BoardIo io = BoardBackends.open(setup.board(), clock);
            final CountersManager counters = new CountersManager(new UnsafeBuffer(new byte[1 << 20]),
                new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 16)));
            final Machine assembled = Machine.assemble(setup, clock, io, counters);
            resources.add(assembled);
            report(out, "start-up", assembled.startupSafeWrites());
            final Commissioning commissioning = new Commissioning(setup, assembled, clock, reads, 20_000_000L);
            if (injectFault != null)
            {
                try
                {
                    commissioning.injectFault(injectFault);
                }
                catch (final IllegalArgumentException ex)
                {
                    err.println("error: " + ex.getMessage());
                    return IronloopCli.EXIT_INVALID_CONFIG;
                }
                out.println("injected: sensor " + injectFault + "'s chip no longer answers");
            }
            final String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            final List<CommissioningReport.SensorCheck> sensors = commissioning.checkSensors();
            List<CommissioningReport.OutputCheck> outputChecks = List.of();
            final Map<String, Double> testValues = Commissioning.testValues(machine);
            if (outputs)
            {
                outputChecks = commissioning.checkOutputs(testValues, (long)(holdSeconds * 1e9), confirmation(out));
            }
            else
            {
                outputChecks = setup.machine().actuators().stream()
                    .map(d -> new CommissioningReport.OutputCheck(d.id(), d.driver(), d.connection().describe(),
                        testValues.getOrDefault(d.id(), Double.NaN), d.safeValue(), "not stepped", null))
                    .toList();
            }
            report(out, "end of check", assembled.driveOutputsSafe(Machine.CLOSE_SAFE_TIMEOUT_NS));
            final CommissioningReport result = new CommissioningReport(setup.machine().name(), setup.board().name(),
                setup.board().backend(), startedAt, sensors, outputChecks, outputs);
            out.print(result.text());
            final Path text = result.write(report);
            out.println("report: " + text + " and " + text.resolveSibling("commissioning-" + setup.machine().name() + ".json"));
            out.flush();
            return result.passed() ? 0 : IronloopCli.EXIT_FAILURE;
        }
        catch (final HardwareException | IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return IronloopCli.EXIT_FAILURE;
        }
        finally
        {
            for (int i = resources.size() - 1; i >= 0; i--)
            {
                CloseHelper.quietClose(resources.get(i));
            }
        }
    }

    private static void report(final PrintWriter out, final String when, final List<Machine.SafeWrite> writes)
    {
        final List<String> failed = writes.stream().filter(w -> !w.ok()).map(Machine.SafeWrite::actuator).toList();
        out.println(when + (failed.isEmpty() ? ": every output at its safe value" : ": could not drive safe: " + String.join(", ", failed)));
    }

    /** y/N on the terminal for each actuator; with --yes always yes; end of input is no. */
    private Predicate<String> confirmation(final PrintWriter out)
    {
        if (yes)
        {
            return question -> true;
        }
        final BufferedReader in = terminal != null ? terminal
            : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return question ->
        {
            out.print(question + " [y/N] ");
            out.flush();
            try
            {
                final String answer = in.readLine();
                final boolean confirmed = answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
                if (!confirmed)
                {
                    out.println(answer == null ? "(no answer: skipped)" : "skipped");
                }
                return confirmed;
            }
            catch (final IOException ex)
            {
                return false;
            }
        };
    }
}
