package io.ironloop.firmware.run;

import io.ironloop.control.runtime.AcquisitionAgent;
import io.ironloop.control.runtime.IdleStrategies;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.wiring.Machine;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * A machine's agents on their own threads, as on the board: one per acquisition bus, the control agent,
 * telemetry and the transition logger, each with the idle strategy its machine file names and
 * pinned to the CPUs it names ({@code control.cpu} for the control agent, {@code control.backgroundCpus}
 * for the rest and for the JVM's own threads). Used by {@code run} and by {@code bench loop}, so the benchmark measures what runs.
 */
public final class AgentThreads implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(AgentThreads.class);
    /** Longest park of a background agent between its deadlines, so a stop request is seen soon. */
    private static final long ACQUISITION_MAX_PARK_NS = 200_000L;
    private static final long CONTROL_MAX_PARK_NS = 100_000L;
    private static final long TELEMETRY_MAX_PARK_NS = 1_000_000L;

    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<ThreadFactory> factories = new ArrayList<>();
    private final List<IdleStrategy> strategies = new ArrayList<>();
    /** Acquisition and control: the agents a first control tick needs; the rest are background. */
    private final List<Boolean> controlPath = new ArrayList<>();
    private boolean controlPathStarted;
    private boolean backgroundStarted;
    private final BitSet controlCpus;
    private final BitSet backgroundCpus;
    private AgentRunner controlRunner;
    private int confined;

    private AgentThreads(final MachineConfig.Control settings)
    {
        final boolean supported = CpuAffinity.supported();
        if (!supported && (settings.cpu() != MachineConfig.Control.UNPINNED || !settings.backgroundCpus().isEmpty()))
        {
            LOG.warn("CPU pinning is configured but this operating system does not support it; agents run unpinned");
        }
        this.controlCpus = supported ? CpuAffinity.controlCpus(settings) : null;
        this.backgroundCpus = supported ? CpuAffinity.backgroundCpus(settings, CpuAffinity.allowed()) : null;
    }

    /**
     * The machine's agents, not started.
     *
     * @param settings         the machine file's control section: idle strategies and CPUs
     * @param controlIdle      the control agent's idle strategy, or {@code null} to leave the control agent
     *                         to the caller (the benchmark's baseline drives it from an executor)
     * @param machine          the assembled machine
     * @param telemetry        the telemetry agent
     * @param clock            the clock the park strategies wait on
     * @param errorHandler     where an agent's exception goes
     */
    public static AgentThreads of(
        final MachineConfig.Control settings,
        final String controlIdle,
        final Machine machine,
        final ScheduledAgent telemetry,
        final NanoClock clock,
        final ErrorHandler errorHandler)
    {
        final AgentThreads threads = new AgentThreads(settings);
        for (final AcquisitionAgent agent : machine.acquisition())
        {
            threads.add(IdleStrategies.of(settings.acquisitionIdle(), ACQUISITION_MAX_PARK_NS, agent, clock), agent, errorHandler, false);
            threads.controlPath.set(threads.controlPath.size() - 1, Boolean.TRUE);
        }
        if (controlIdle != null)
        {
            threads.controlRunner = threads.add(
                IdleStrategies.of(controlIdle, CONTROL_MAX_PARK_NS, machine.control(), clock), machine.control(), errorHandler, true);
        }
        threads.add(IdleStrategies.of(settings.telemetryIdle(), TELEMETRY_MAX_PARK_NS, telemetry, clock), telemetry, errorHandler, false);
        threads.add(new SleepingMillisIdleStrategy(20), machine.transitionLogger(), errorHandler, false);
        return threads;
    }

    /**
     * Adds a background agent (the advisor) on its own thread, with the background CPUs and an idle
     * strategy that parks until its next deadline; before {@link #start()} only.
     */
    public AgentThreads withBackground(final ScheduledAgent agent, final NanoClock clock, final ErrorHandler errorHandler)
    {
        add(IdleStrategies.of("park", TELEMETRY_MAX_PARK_NS, agent, clock), agent, errorHandler, false);
        return this;
    }

    private AgentRunner add(final IdleStrategy idle, final ScheduledAgent agent, final ErrorHandler errorHandler, final boolean control)
    {
        final AgentRunner runner = new AgentRunner(idle, errorHandler, null, agent);
        runners.add(runner);
        controlPath.add(control);
        strategies.add(idle);
        factories.add(pinning(control ? controlCpus : backgroundCpus));
        return runner;
    }

    /**
     * A thread factory whose threads pin themselves to {@code cpus} before running; plain threads when
     * {@code cpus} is null or the operating system cannot pin.
     */
    public static ThreadFactory pinning(final BitSet cpus)
    {
        if (cpus == null || !CpuAffinity.supported())
        {
            return Thread::new;
        }
        final BitSet copy = (BitSet)cpus.clone();
        return task -> new Thread(() ->
        {
            try
            {
                CpuAffinity.pinCurrentThread(copy);
            }
            catch (final RuntimeException ex)
            {
                // Checked before start, so this is a machine that changed under us: run unpinned, loudly.
                LOG.error("{}; the agent runs unpinned", ex.getMessage());
            }
            task.run();
        });
    }

    /**
     * Starts every agent on its own thread. With CPUs pinned, first confines every thread of the process
     * (the JVM's included) to the background CPUs, so that nothing but the control agent runs on its CPU.
     */
    public void start()
    {
        startControlPath();
        startBackground();
    }

    /**
     * Starts the acquisition and control agents only: what the first control tick needs. A run starts
     * the rest ({@link #startBackground()}) once control ticks, so that telemetry's first connection,
     * class loading and the advisor's learning do not take the CPU from control's first cycles.
     */
    public void startControlPath()
    {
        if (controlPathStarted)
        {
            return;
        }
        controlPathStarted = true;
        if (backgroundCpus != null)
        {
            confined = CpuAffinity.confineProcess(backgroundCpus);
        }
        for (int i = 0; i < runners.size(); i++)
        {
            if (controlPath.get(i))
            {
                AgentRunner.startOnThread(runners.get(i), factories.get(i));
            }
        }
    }

    /** Starts every agent not started by {@link #startControlPath()} (telemetry, transition log, advisor, ...). */
    public void startBackground()
    {
        startControlPath();
        if (backgroundStarted)
        {
            return;
        }
        backgroundStarted = true;
        for (int i = 0; i < runners.size(); i++)
        {
            if (!controlPath.get(i))
            {
                AgentRunner.startOnThread(runners.get(i), factories.get(i));
            }
        }
    }

    /** Where the threads run once started, for the console: {@code null} when nothing is pinned. */
    public String describePinning()
    {
        if (backgroundCpus == null && controlCpus == null)
        {
            return null;
        }
        return "control agent on CPU " + (controlCpus == null ? "any" : CpuAffinity.describe(controlCpus)) + "; "
            + (backgroundCpus == null ? "other threads unpinned" : confined + " other threads confined to CPUs " + CpuAffinity.describe(backgroundCpus));
    }

    /** The idle strategies, for warming their fast paths up before a measurement. */
    public IdleStrategy[] idleStrategies()
    {
        return strategies.toArray(new IdleStrategy[0]);
    }

    /** The control agent's thread once started, or {@code null}. */
    public Thread controlThread()
    {
        return controlRunner == null ? null : controlRunner.thread();
    }

    /** The CPUs every other thread is confined to at start, or {@code null} when they are not. */
    public BitSet backgroundCpus()
    {
        return backgroundCpus == null ? null : (BitSet)backgroundCpus.clone();
    }

    /**
     * Stops the control agent alone (its thread has ended when this returns), so that nothing
     * commands an output while the caller drives them safe; the other agents keep running.
     */
    public void stopControl()
    {
        if (controlRunner != null)
        {
            CloseHelper.quietClose(controlRunner);
        }
    }

    /** Stops the agents in reverse order of start (idempotent). */
    @Override
    public void close()
    {
        for (int i = runners.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(runners.get(i));
        }
    }
}
