package io.ironloop.control.runtime;

import io.ironloop.control.command.ControlCommands;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.control.time.VirtualClock;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The control agent: the only writer of the output image (never of an actuator: each bus agent writes
 * its own). Runs every loop once per tick on absolute deadlines, measures its own wake-up jitter and
 * cycle time, counts overruns and missed deadlines, and hands one sample per loop to telemetry. Reads
 * the clock once at the top of the tick and passes the time down. A tick: every loop senses (checks
 * and trips), then the queued commands are applied in order, then every loop acts (controls and
 * writes its output channel). Each loop's step is contained: one that throws goes SAFE alone and is
 * counted, and the other loops still run and write.
 */
public final class ControlAgent implements ScheduledAgent
{
    /** Jitter above this is recorded as this (the histogram never resizes, so never allocates). */
    public static final long MAX_RECORDED_NS = 10_000_000_000L;
    /** Commands that may wait for the control agent at once. */
    public static final int COMMAND_CAPACITY = 64;
    /** Commands applied per tick at most, so a flood cannot stretch a tick. */
    public static final int COMMAND_LIMIT_PER_TICK = 8;

    private final NanoClock clock;
    private final ProcessImage image;
    private final ClosedLoop[] loops;
    private final TelemetryChannel telemetry;
    private final FixedRateSchedule schedule;
    private final SingleWriterRecorder jitterRecorder = new SingleWriterRecorder(MAX_RECORDED_NS, 3);
    private final SingleWriterRecorder cycleTimeRecorder = new SingleWriterRecorder(MAX_RECORDED_NS, 3);
    private final ControlCommands commands;
    private final AtomicCounter commandQueueDepth;
    private final AtomicCounter telemetryQueueDepth;
    private final AtomicCounter cycles;
    private final AtomicCounter overruns;
    private final AtomicCounter jitterMaxNs;
    private final AtomicCounter cycleTimeMaxNs;
    private final AtomicCounter telemetryDrops;
    private final AtomicCounter loopErrors;
    private final AtomicCounter missedDeadlines;
    private final boolean measuresTime;
    private long lastTickNs = Long.MIN_VALUE;

    public ControlAgent(
        final NanoClock clock,
        final long periodNs,
        final ProcessImage image,
        final TelemetryChannel telemetry,
        final ControlCounters counters,
        final ClosedLoop... loops)
    {
        this.clock = clock;
        this.image = image;
        this.telemetry = telemetry;
        this.loops = loops.clone();
        this.schedule = new FixedRateSchedule(periodNs);
        this.cycles = counters.cycles();
        this.overruns = counters.overruns();
        this.jitterMaxNs = counters.jitterMaxNs();
        this.cycleTimeMaxNs = counters.cycleTimeMaxNs();
        this.telemetryDrops = counters.telemetryDrops();
        this.loopErrors = counters.loopErrors();
        this.missedDeadlines = counters.missedDeadlines();
        // Under lockstep jitter and cycle time are zero by construction: skip the recorders' atomic operations.
        this.measuresTime = !(clock instanceof VirtualClock);
        this.commands = new ControlCommands(loops.length, COMMAND_CAPACITY);
        this.commandQueueDepth = counters.commandQueueDepth();
        this.telemetryQueueDepth = counters.telemetryQueueDepth();
    }

    @Override
    public void onStart()
    {
        schedule.start(clock.nanoTime());
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (!schedule.isDue(nowNs))
        {
            return 0;
        }
        final long overrunsBefore = schedule.overruns();
        final long jitterNs = schedule.onTick(nowNs);
        final double dtS = lastTickNs == Long.MIN_VALUE ? schedule.periodNs() * 1e-9 : (nowNs - lastTickNs) * 1e-9;
        lastTickNs = nowNs;
        if (schedule.lastMissed())
        {
            missedDeadlines.incrementRelease();
        }

        for (int i = 0; i < loops.length; i++)
        {
            final ClosedLoop loop = loops[i];
            try
            {
                loop.sense(nowNs, image);
            }
            catch (final RuntimeException ex)
            {
                contain(loop, nowNs);
            }
        }
        commands.applyTo(loops, nowNs, COMMAND_LIMIT_PER_TICK);

        final long tick = schedule.ticks();
        for (int i = 0; i < loops.length; i++)
        {
            final ClosedLoop loop = loops[i];
            try
            {
                loop.act(nowNs, dtS);
            }
            catch (final RuntimeException ex)
            {
                contain(loop, nowNs);
            }
            if (!telemetry.offer(nowNs, i, loop.measurement(), loop.setpoint(), loop.output(), jitterNs,
                loop.mode(), loop.measurementStatus(), tick))
            {
                telemetryDrops.incrementRelease();
            }
        }

        final long cycleNs = clock.nanoTime() - nowNs;
        if (measuresTime)
        {
            jitterRecorder.recordValue(Math.min(Math.max(jitterNs, 0), MAX_RECORDED_NS));
            cycleTimeRecorder.recordValue(Math.min(Math.max(cycleNs, 0), MAX_RECORDED_NS));
        }
        commandQueueDepth.setRelease(commands.depth());
        telemetryQueueDepth.setRelease(telemetry.ring().size());
        cycles.incrementRelease();
        if (schedule.overruns() != overrunsBefore)
        {
            overruns.incrementRelease();
        }
        jitterMaxNs.proposeMaxRelease(jitterNs);
        cycleTimeMaxNs.proposeMaxRelease(cycleNs);
        return 1;
    }

    private void contain(final ClosedLoop loop, final long nowNs)
    {
        // Counted every time; the transition log records the loop entering SAFE once, so logging stays bounded.
        loopErrors.incrementRelease();
        loop.fail(nowNs);
    }

    @Override
    public long nextDeadlineNs()
    {
        return schedule.started() ? schedule.deadlineNs() : clock.nanoTime();
    }

    /** Wake-up jitter recorder; read its intervals from one other thread only. */
    public SingleWriterRecorder jitterRecorder()
    {
        return jitterRecorder;
    }

    /** Cycle time (tick start to end) recorder; read its intervals from one other thread only. */
    public SingleWriterRecorder cycleTimeRecorder()
    {
        return cycleTimeRecorder;
    }

    /** Where other threads queue setpoint changes, mode requests and resets for this agent. */
    public ControlCommands commands()
    {
        return commands;
    }

    /** The loops this agent runs. */
    public ClosedLoop loop(final int index)
    {
        return loops[index];
    }

    public int loopCount()
    {
        return loops.length;
    }

    public FixedRateSchedule schedule()
    {
        return schedule;
    }

    @Override
    public String roleName()
    {
        return "control";
    }
}
