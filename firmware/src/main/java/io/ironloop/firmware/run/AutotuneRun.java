package io.ironloop.firmware.run;

import io.ironloop.control.block.RelayAutotune;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.command.ControlCommands;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.bench.BenchRig;
import io.ironloop.firmware.config.ConfigException;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.hal.HardwareException;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One relay autotune experiment on one loop of a machine: the loop holds a setpoint in AUTO (its
 * ramp/soak program set aside) until the process settles, then the Åström–Hägglund relay runs until it
 * has measured its cycles, or aborts (bound, timeout, bad input, mode change), and the result is the gains
 * the loop's rule proposes. Nothing is applied: the operator copies the gains into the machine file. On
 * the sim board it can run lockstep on a virtual clock ({@code fast}); on a board, in real time with the
 * machine file's agents, idle strategies and CPU pinning. Every actuator goes to its safe value at the end.
 */
public final class AutotuneRun
{
    private static final Logger LOG = LoggerFactory.getLogger(AutotuneRun.class);
    private static final long STEP_NS = 100_000_000L;
    /** How long a start request may wait for the loop to be in AUTO before the run gives up. */
    private static final long START_WAIT_NS = 10_000_000_000L;
    private static final long EXIT_GUARD_NS = 5_000_000_000L;

    /**
     * @param loopIndex       the loop, in machine-file order
     * @param setpoint        the setpoint to hold and tune around; NaN: the loop's own
     * @param settleSeconds   how long the loop holds the setpoint before the relay starts (the most, with steadySeconds)
     * @param steadySeconds   start sooner, once the PV has stayed within twice the relay hysteresis of the
     *                        setpoint this long (0: always wait settleSeconds)
     * @param progressSeconds a progress line this often (0: none)
     * @param fast            lockstep on a virtual clock (sim board only)
     */
    public record Options(
        int loopIndex, double setpoint, double settleSeconds, double steadySeconds, double progressSeconds, boolean fast, PrintWriter console)
    {
    }

    /** What the experiment found; gains are NaN unless {@code status} is DONE. */
    public record Result(
        String machine,
        String loop,
        String rule,
        RelayAutotune.Status status,
        RelayAutotune.AbortReason abortReason,
        String finalMode,
        double setpoint,
        double settleSeconds,
        double experimentSeconds,
        double ultimateGain,
        double ultimatePeriodS,
        double oscillationAmplitude,
        String model,
        double integratingGain,
        double processGain,
        double timeConstantS,
        double deadTimeS,
        double kp,
        double ki,
        double kd,
        double currentKp,
        double currentKi,
        double currentKd)
    {
        public boolean done()
        {
            return status == RelayAutotune.Status.DONE;
        }
    }

    private AutotuneRun()
    {
    }

    /**
     * Runs the experiment; the caller has checked that the loop has an {@code autotune} section and that
     * {@code fast} is only asked of the sim board.
     *
     * @throws ConfigException   when the machine pins agents to CPUs this process cannot use
     * @throws HardwareException when the board cannot be opened
     */
    public static Result run(final MachineSetup original, final Options options) throws ConfigException, HardwareException
    {
        final MachineConfig.Loop configured = original.machine().loops().get(options.loopIndex());
        final double setpoint = Double.isNaN(options.setpoint()) ? configured.setpoint() : options.setpoint();
        final MachineConfig.Loop loopConfig = configured.holding(setpoint);
        final MachineSetup setup = new MachineSetup(original.board(), original.machine().withLoop(options.loopIndex(), loopConfig));
        if (!options.fast())
        {
            CpuAffinity.requireUsable(setup.machine());
        }
        final NanoClock clock = options.fast() ? new VirtualClock(0L) : new SystemNanoClock();
        try (BenchRig rig = BenchRig.assemble(setup, clock, 0, null))
        {
            final ClosedLoop loop = rig.machine().control().loop(options.loopIndex());
            final RelayAutotune tune = loop.autotune();
            final Session session = options.fast()
                ? new Lockstep((VirtualClock)clock, new LockstepRunner((VirtualClock)clock, rig.agents()))
                : new RealTime(AgentThreads.of(setup.machine().control(), setup.machine().control().idle(), rig.machine(),
                    rig.telemetry(), clock, new AgentErrors(null, AgentErrors.LOG_INTERVAL_NS)),
                    () -> SafeOutputs.drive(rig.machine()));
            try
            {
                return experiment(setup.machine(), loopConfig, loop, rig.machine().control().commands(), options.loopIndex(), tune, session,
                    clock, options);
            }
            finally
            {
                session.close();
            }
        }
    }

    private static Result experiment(
        final MachineConfig machine,
        final MachineConfig.Loop config,
        final ClosedLoop loop,
        final ControlCommands commands,
        final int loopIndex,
        final RelayAutotune tune,
        final Session session,
        final NanoClock clock,
        final Options options)
    {
        final PrintWriter out = options.console();
        final String unit = machine.sensor(config.measurement()).input().unit().symbol();
        final long startNs = clock.nanoTime();
        final long progressNs = Math.round(options.progressSeconds() * 1e9);
        // Loops start in OFF unless their machine file says otherwise; the experiment holds the setpoint in AUTO first.
        commands.mode(CommandSource.LOCAL, 0, loopIndex, Mode.AUTO);
        out.printf(Locale.ROOT, "autotune %s (%s): holding %.3f %s for %s%n", config.id(), config.autotune().rule(),
            loop.setpoint(), unit, options.steadySeconds() > 0
                ? String.format(Locale.ROOT, "up to %.0f s, until steady for %.0f s", options.settleSeconds(), options.steadySeconds())
                : String.format(Locale.ROOT, "%.0f s to settle", options.settleSeconds()));
        out.flush();

        long nextProgressNs = startNs + progressNs;
        final long settleEndNs = startNs + Math.round(options.settleSeconds() * 1e9);
        final long steadyNs = Math.round(options.steadySeconds() * 1e9);
        final double band = Math.max(2.0 * config.autotune().hysteresis(), 1e-9);
        long steadySinceNs = Long.MIN_VALUE;
        while (session.alive() && clock.nanoTime() - settleEndNs < 0)
        {
            session.advance(Math.min(STEP_NS, settleEndNs - clock.nanoTime()));
            nextProgressNs = progress(out, loop, tune, unit, clock, startNs, nextProgressNs, progressNs);
            if (steadyNs > 0)
            {
                // Read from another thread in real time: a value one tick old decides nothing here.
                final boolean inBand = Math.abs(loop.measurement() - loop.setpoint()) <= band;
                steadySinceNs = !inBand ? Long.MIN_VALUE : steadySinceNs == Long.MIN_VALUE ? clock.nanoTime() : steadySinceNs;
                if (steadySinceNs != Long.MIN_VALUE && clock.nanoTime() - steadySinceNs >= steadyNs)
                {
                    out.printf(Locale.ROOT, "t=%8.1fs  steady: within %.3f %s of the setpoint for %.0f s%n",
                        seconds(clock.nanoTime() - startNs), band, unit, options.steadySeconds());
                    break;
                }
            }
        }

        final long requestNs = clock.nanoTime();
        long relayStartNs = requestNs;
        double experimentS = 0.0;
        if (session.alive())
        {
            out.printf(Locale.ROOT, "t=%8.1fs  relay started: pv=%.3f %s, output=%.4f, mode %s%n", seconds(requestNs - startNs),
                loop.measurement(), unit, loop.output(), loop.mode());
            out.flush();
            final long ticket = commands.autotuneStart(CommandSource.LOCAL, 0, loopIndex);
            // Deadline: the experiment's own timeout ends it as ABORTED; this only guards against it never starting.
            final long hardEndNs = requestNs + Math.round(config.autotune().timeoutS() * 1e9) + START_WAIT_NS;
            while (session.alive() && clock.nanoTime() - hardEndNs < 0)
            {
                final RelayAutotune.Status status = tune.status();
                if (status == RelayAutotune.Status.DONE || status == RelayAutotune.Status.ABORTED)
                {
                    break;
                }
                final CommandAnswer answer = commands.answer(ticket);
                if (status == RelayAutotune.Status.IDLE && (answer.isRejected() || clock.nanoTime() - requestNs > START_WAIT_NS))
                {
                    out.printf(Locale.ROOT, "autotune did not start: loop %s is in %s (%s), and the relay runs only in AUTO%n",
                        config.id(), loop.mode(), answer);
                    break;
                }
                if (status == RelayAutotune.Status.IDLE)
                {
                    relayStartNs = clock.nanoTime();
                }
                session.advance(STEP_NS);
                nextProgressNs = progress(out, loop, tune, unit, clock, startNs, nextProgressNs, progressNs);
            }
            experimentS = seconds(clock.nanoTime() - relayStartNs);
        }
        else
        {
            out.println("interrupted while settling: no experiment");
        }

        final RelayAutotune.Status status = tune.status();
        final boolean done = status == RelayAutotune.Status.DONE;
        return new Result(machine.name(), config.id(), config.autotune().rule(), status, tune.abortReason(), loop.mode().name(),
            loop.setpoint(), seconds(requestNs - startNs), experimentS,
            // What the relay measured is reported even when the rule could not use it (NOT_IDENTIFIABLE).
            measured(tune, tune.ultimateGain()), measured(tune, tune.ultimatePeriodS()), measured(tune, tune.oscillationAmplitude()),
            tune.model().name(), measured(tune, tune.integratingGain()), measured(tune, tune.processGain()), measured(tune, tune.timeConstantS()), measured(tune, tune.deadTimeS()),
            done ? tune.kp() : Double.NaN, done ? tune.ki() : Double.NaN, done ? tune.kd() : Double.NaN,
            config.kp(), config.ki(), config.kd());
    }

    private static double measured(final RelayAutotune tune, final double value)
    {
        final boolean finished = tune.status() == RelayAutotune.Status.DONE || tune.abortReason() == RelayAutotune.AbortReason.NOT_IDENTIFIABLE;
        return finished ? value : Double.NaN;
    }

    private static long progress(
        final PrintWriter out,
        final ClosedLoop loop,
        final RelayAutotune tune,
        final String unit,
        final NanoClock clock,
        final long startNs,
        final long nextProgressNs,
        final long progressNs)
    {
        final long nowNs = clock.nanoTime();
        if (progressNs <= 0 || nowNs - nextProgressNs < 0)
        {
            return nextProgressNs;
        }
        // Read from another thread in real time: display only, a value may be one tick old.
        out.printf(Locale.ROOT, "t=%8.1fs  pv=%10.3f %-5s out=%7.4f  %-7s relay %s%n", seconds(nowNs - startNs), loop.measurement(), unit,
            loop.output(), loop.mode(), tune.status());
        out.flush();
        return nextProgressNs + progressNs * Math.max(1, (nowNs - nextProgressNs) / progressNs + 1);
    }

    private static double seconds(final long ns)
    {
        return ns * 1e-9;
    }

    /** Time passing for the machine: virtual steps in lockstep, real waiting with the agents on their threads. */
    private interface Session extends AutoCloseable
    {
        void advance(long ns);

        boolean alive();

        @Override
        void close();
    }

    private static final class Lockstep implements Session
    {
        private final VirtualClock clock;
        private final LockstepRunner runner;

        Lockstep(final VirtualClock clock, final LockstepRunner runner)
        {
            this.clock = clock;
            this.runner = runner;
        }

        @Override
        public void advance(final long ns)
        {
            runner.runUntil(clock.nanoTime() + ns);
        }

        @Override
        public boolean alive()
        {
            return true;
        }

        @Override
        public void close()
        {
            runner.close();
        }
    }

    /**
     * Real time: a signal ends the experiment, the control agent stops and every output is driven
     * safe before anything else closes (a heater left at u0+d is the failure this guards against).
     */
    private static final class RealTime implements Session
    {
        private final AgentThreads threads;
        private final Supplier<List<String>> driveSafe;
        private final StopSignal stop;

        RealTime(final AgentThreads threads, final Supplier<List<String>> driveSafe)
        {
            this.threads = threads;
            this.driveSafe = driveSafe;
            this.stop = StopSignal.install(driveSafe::get, EXIT_GUARD_NS);
            threads.start();
        }

        @Override
        public void advance(final long ns)
        {
            try
            {
                stop.awaitStop(ns, TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                stop.request("interrupt");
            }
        }

        @Override
        public boolean alive()
        {
            return !stop.stopRequested();
        }

        @Override
        public void close()
        {
            try
            {
                threads.stopControl();
                final List<String> failures = driveSafe.get();
                if (!failures.isEmpty())
                {
                    LOG.error("autotune stop: safe value NOT written to {}", failures);
                }
                threads.close();
            }
            finally
            {
                stop.close();
            }
        }
    }
}
