package io.ironloop.control.output;

import io.ironloop.control.block.Pid;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionCause;
import io.ironloop.control.mode.TransitionLog;
import io.ironloop.control.runtime.AcquisitionAgent;
import io.ironloop.control.runtime.ControlAgent;
import io.ironloop.control.runtime.ControlCounters;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.hal.Reading;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;

/**
 * One PID loop on a control agent, its actuator on a bus agent that flushes the output image, and a
 * sensor agent publishing a constant measurement below the setpoint, so the loop drives its output up.
 */
final class OutputRig
{
    static final long PERIOD_NS = 10_000_000L;
    static final double SAFE = 0.0;

    final NanoClock clock;
    final ProcessImage image = new ProcessImage("pv");
    final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
    final ControlCounters counters = new ControlCounters(countersManager);
    final ScriptedActuator actuator = new ScriptedActuator("pump_speed", SAFE);
    final AtomicCounter writeFailures = countersManager.newCounter("actuator write failures: pump_speed");
    final AtomicCounter status = countersManager.newCounter("actuator status: pump_speed");
    final AtomicCounter lastResorts = countersManager.newCounter("output last resort trips: bus");
    final OutputChannel channel = new OutputChannel(actuator, OutputChannel.DEFAULT_FAULT_AFTER, writeFailures, status);
    final OutputImage outputs = new OutputImage(channel);
    final TransitionLog transitions = new TransitionLog(64);
    final ClosedLoop loop;
    final ControlAgent control;
    final AcquisitionAgent bus;
    final Freezable frozenControl;
    final ScheduledAgent sensor;

    OutputRig(final NanoClock clock)
    {
        this(clock, 0L);
    }

    /** @param startupGraceNs how long the loop waits for its first sample before a missing one trips it */
    OutputRig(final NanoClock clock, final long startupGraceNs)
    {
        this.clock = clock;
        loop = new ClosedLoop("pressure", 0, new Pid(0.01, 0.05, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0), channel, 4.0,
            50_000_000L, startupGraceNs, -1.0, 9.0,
            countersManager.newCounter("loop mode"), countersManager.newCounter("trips"), countersManager.newCounter("block errors"))
            .transitions(transitions, 0).startMode(Mode.AUTO).resetTo(Mode.AUTO);
        control = new ControlAgent(clock, PERIOD_NS, image, new TelemetryChannel(1 << 16), counters, loop);
        frozenControl = new Freezable(control);
        bus = new AcquisitionAgent("bus", clock, image, countersManager.newCounter("bus cycles"))
            .outputs(new OutputFlush(outputs, new OutputChannel[] {channel}, counters.cycles(), lastResorts,
                OutputFlush.defaultRefreshNs(PERIOD_NS), OutputFlush.defaultStallNs(PERIOD_NS),
                clock instanceof VirtualClock ? 0L : OutputFlush.defaultPollNs(PERIOD_NS)));
        sensor = new Sensor(clock, image);
    }

    static OutputRig lockstep()
    {
        return new OutputRig(new VirtualClock(0L));
    }

    /** The agents in the order the firmware runs them: buses, then control. */
    ScheduledAgent[] agents()
    {
        return new ScheduledAgent[] {sensor, bus, frozenControl};
    }

    /** Queues a reset of the loop's latched SAFE from a local test operator. */
    void reset()
    {
        control.commands().reset(CommandSource.LOCAL, 1, 0);
    }

    /** Queues a mode request from a local test operator. */
    void mode(final Mode mode)
    {
        control.commands().mode(CommandSource.LOCAL, 1, 0, mode);
    }

    /** Why the loop last entered SAFE, or null. */
    TransitionCause lastSafeCause()
    {
        final TransitionCause[] cause = {null};
        transitions.drain((timeNs, loop, from, to, why, detail, accepted, source, sourceId) ->
        {
            if (to == Mode.SAFE && accepted)
            {
                cause[0] = why;
            }
        });
        return cause[0];
    }

    /** The control agent, which stops cycling (as a hung thread would) while frozen. */
    static final class Freezable implements ScheduledAgent
    {
        private final ControlAgent agent;
        volatile boolean frozen;

        Freezable(final ControlAgent agent)
        {
            this.agent = agent;
        }

        @Override
        public void onStart()
        {
            agent.onStart();
        }

        @Override
        public int doWork()
        {
            return frozen ? 0 : agent.doWork();
        }

        @Override
        public long nextDeadlineNs()
        {
            return frozen ? Long.MAX_VALUE : agent.nextDeadlineNs();
        }

        @Override
        public String roleName()
        {
            return "control";
        }
    }

    /** Publishes pv = 2.0 every period, so the loop (setpoint 4.0) keeps commanding. */
    private static final class Sensor implements ScheduledAgent
    {
        private final NanoClock clock;
        private final ProcessImage image;
        private final Reading reading = new Reading();
        private long nextNs;

        Sensor(final NanoClock clock, final ProcessImage image)
        {
            this.clock = clock;
            this.image = image;
        }

        @Override
        public void onStart()
        {
            nextNs = clock.nanoTime();
        }

        @Override
        public int doWork()
        {
            final long nowNs = clock.nanoTime();
            if (nowNs - nextNs < 0)
            {
                return 0;
            }
            nextNs += PERIOD_NS;
            image.write(0, reading.ok(2.0, nowNs));
            return 1;
        }

        @Override
        public long nextDeadlineNs()
        {
            return nextNs;
        }

        @Override
        public String roleName()
        {
            return "sensor";
        }
    }
}
