package io.ironloop.control.runtime;

import io.ironloop.control.output.OutputFlush;
import io.ironloop.hal.Reading;
import io.ironloop.hal.Sensor;
import io.ironloop.hal.SensorStatus;
import io.ironloop.hal.driver.SupervisedSensor;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The agent of one slow bus. Reads its devices at their own rates and publishes each reading, with its
 * status, into the process image; and, given an {@link OutputFlush}, writes the bus's actuators from the
 * output image and keeps the last resort watch on the control agent. The control tick never waits on a
 * bus: it reads the latest value and its age from the process image and writes its commands to the
 * output image. Faults are counted per sensor and per actuator; nothing thrown by a driver escapes.
 */
public final class AcquisitionAgent implements ScheduledAgent
{
    /** One sensor, its slot and its schedule. */
    public static final class Channel
    {
        final Sensor sensor;
        final int slot;
        final FixedRateSchedule schedule;
        final AtomicCounter faults;
        final AtomicCounter reads;
        final SupervisedSensor supervisor;
        final AtomicCounter resets;
        final Reading reading = new Reading();

        public Channel(final Sensor sensor, final int slot, final long periodNs, final AtomicCounter reads, final AtomicCounter faults)
        {
            this(sensor, slot, periodNs, reads, faults, null, null);
        }

        /**
         * @param supervisor the sensor's supervisor, whose device-reset attempts are published to {@code resets}
         *                   after each read (both null when there is none)
         */
        public Channel(
            final Sensor sensor,
            final int slot,
            final long periodNs,
            final AtomicCounter reads,
            final AtomicCounter faults,
            final SupervisedSensor supervisor,
            final AtomicCounter resets)
        {
            this.sensor = sensor;
            this.slot = slot;
            this.schedule = new FixedRateSchedule(periodNs);
            this.reads = reads;
            this.faults = faults;
            this.supervisor = supervisor;
            this.resets = resets;
            this.reading.unit = sensor.unit();
        }

        /** How often this channel is read. */
        public long periodNs()
        {
            return schedule.periodNs();
        }
    }

    private final String roleName;
    private final NanoClock clock;
    private final ProcessImage image;
    private final Channel[] channels;
    private final AtomicCounter cycles;
    private OutputFlush outputs;
    /** Earliest deadline of the channels, kept when they change (start, a tick); valid once {@link #channelsStarted}. */
    private long channelsDeadlineNs = Long.MAX_VALUE;
    private boolean channelsStarted;

    public AcquisitionAgent(
        final String roleName, final NanoClock clock, final ProcessImage image, final AtomicCounter cycles, final Channel... channels)
    {
        this.roleName = roleName;
        this.clock = clock;
        this.image = image;
        this.cycles = cycles;
        this.channels = channels.clone();
    }

    /** Makes this agent write its bus's outputs; start-up only, before the agent runs. */
    public AcquisitionAgent outputs(final OutputFlush outputs)
    {
        this.outputs = outputs;
        return this;
    }

    /** The outputs this agent writes, or null. */
    public OutputFlush outputs()
    {
        return outputs;
    }

    @Override
    public void onStart()
    {
        final long nowNs = clock.nanoTime();
        for (final Channel channel : channels)
        {
            channel.schedule.start(nowNs);
        }
        channelsStarted = true;
        channelsDeadlineNs = earliestChannelDeadlineNs();
        if (outputs != null)
        {
            outputs.onStart(nowNs);
        }
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        // Outputs first: a command waiting behind a slow sensor read is a late command.
        int work = outputs != null ? outputs.doWork(nowNs) : 0;
        boolean sampled = false;
        for (final Channel channel : channels)
        {
            if (channel.schedule.isDue(nowNs))
            {
                channel.schedule.onTick(nowNs);
                sample(channel, nowNs);
                work++;
                sampled = true;
            }
        }
        if (sampled)
        {
            channelsDeadlineNs = earliestChannelDeadlineNs();
        }
        if (work > 0)
        {
            cycles.incrementRelease();
        }
        return work;
    }

    private void sample(final Channel channel, final long nowNs)
    {
        final Reading reading = channel.reading;
        try
        {
            channel.sensor.read(nowNs, reading);
        }
        catch (final RuntimeException ex)
        {
            // A driver bug must not stop acquisition of the other sensors: it becomes a fault like any other.
            reading.fault(io.ironloop.hal.bus.BusResult.IO_ERROR, nowNs);
        }
        channel.reads.incrementRelease();
        if (reading.status == SensorStatus.FAULT)
        {
            channel.faults.incrementRelease();
        }
        if (channel.resets != null)
        {
            channel.resets.setRelease(channel.supervisor.resets() + channel.supervisor.resetFailures()); // on the reading thread
        }
        image.write(channel.slot, reading);
    }

    /** The earliest deadline of the (started) channels, or Long.MAX_VALUE without channels. */
    private long earliestChannelDeadlineNs()
    {
        long next = Long.MAX_VALUE;
        for (final Channel channel : channels)
        {
            final long deadline = channel.schedule.deadlineNs();
            if (deadline - next < 0)
            {
                next = deadline;
            }
        }
        return next;
    }

    @Override
    public long nextDeadlineNs()
    {
        long next = outputs != null ? outputs.nextDeadlineNs() : Long.MAX_VALUE;
        if (channelsStarted)
        {
            // Channel deadlines move only when a channel ticks (doWork) or starts (onStart): no scan per call
            // (lockstep asks every agent before every step, several times per instant).
            return channelsDeadlineNs - next < 0 ? channelsDeadlineNs : next;
        }
        for (final Channel channel : channels)
        {
            final long deadline = channel.schedule.started() ? channel.schedule.deadlineNs() : clock.nanoTime();
            if (deadline - next < 0)
            {
                next = deadline;
            }
        }
        return next;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
