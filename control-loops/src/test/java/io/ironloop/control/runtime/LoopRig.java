package io.ironloop.control.runtime;

import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.block.LoopController;
import io.ironloop.control.command.CommandAnswer;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.mode.TransitionLog;
import io.ironloop.control.output.OutputChannel;
import io.ironloop.control.output.OutputImage;
import io.ironloop.control.telemetry.TelemetryChannel;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.hal.Reading;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;

/** One loop on a real control agent, lockstep on a virtual clock; the test plays the bus agent (sensors and output). */
final class LoopRig
{
    static final long PERIOD_NS = 10_000_000L;
    static final int PV = 0;
    static final int INNER = 1;
    static final int DOOR = 2;

    final VirtualClock clock = new VirtualClock(0L);
    final ProcessImage image = new ProcessImage("pv", "inner", "door");
    final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
    final ControlCounters counters = new ControlCounters(countersManager);
    final AtomicCounter trips = countersManager.newCounter("trips");
    final AtomicCounter blockErrors = countersManager.newCounter("block errors");
    final TransitionLog transitions = new TransitionLog(64);
    final RecordingActuator actuator;
    final OutputChannel channel;
    final ClosedLoop loop;
    final ControlAgent agent;
    private final Reading reading = new Reading();

    LoopRig(final LoopController controller, final double safeValue, final double setpoint, final long startupGraceNs)
    {
        actuator = new RecordingActuator(safeValue);
        channel = new OutputChannel(actuator, OutputChannel.DEFAULT_FAULT_AFTER, countersManager.newCounter("write failures"),
            countersManager.newCounter("actuator status"));
        new OutputImage(channel);
        final int[] slots = controller.inputCount() == 1 ? new int[] {PV} : new int[] {PV, INNER};
        loop = new ClosedLoop("test", slots, controller, channel, setpoint, 50_000_000L, startupGraceNs, -10.0, 10.0, 0.0, 1.0,
            countersManager.newCounter("mode"), trips, blockErrors).transitions(transitions, 0).startMode(Mode.AUTO);
        agent = new ControlAgent(clock, PERIOD_NS, image, new TelemetryChannel(1 << 16), counters, loop);
        agent.onStart();
    }

    void publish(final int slot, final double value)
    {
        image.write(slot, reading.ok(value, clock.nanoTime()));
    }

    void publishFault(final int slot)
    {
        image.write(slot, reading.fault(-3, clock.nanoTime()));
    }

    /** Queues a mode request from a local test operator; returns the ticket. */
    long mode(final Mode mode)
    {
        return agent.commands().mode(CommandSource.LOCAL, 1, 0, mode);
    }

    long reset()
    {
        return agent.commands().reset(CommandSource.LOCAL, 1, 0);
    }

    long manualOutput(final double value)
    {
        return agent.commands().manualOutput(CommandSource.LOCAL, 1, 0, value);
    }

    long setpoint(final double value)
    {
        return agent.commands().setpoint(CommandSource.LOCAL, 1, 0, value);
    }

    long autotuneStart()
    {
        return agent.commands().autotuneStart(CommandSource.LOCAL, 1, 0);
    }

    CommandAnswer answer(final long ticket)
    {
        return agent.commands().answer(ticket);
    }

    /** Runs the tick due now and writes its output as the bus agent would, then moves the clock to the next one. */
    void tick()
    {
        agent.doWork();
        channel.flush(clock.nanoTime(), false);
        clock.advanceBy(PERIOD_NS);
    }
}
