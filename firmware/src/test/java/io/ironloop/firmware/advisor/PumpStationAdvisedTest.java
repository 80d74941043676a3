package io.ironloop.firmware.advisor;

import io.ironloop.control.advice.AdvisorStatus;
import io.ironloop.control.advice.RobustZScoreModel;
import io.ironloop.control.command.CommandSource;
import io.ironloop.control.loop.ClosedLoop;
import io.ironloop.control.mode.Mode;
import io.ironloop.control.runtime.LockstepRunner;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.control.time.VirtualClock;
import io.ironloop.firmware.config.MachineConfig;
import io.ironloop.firmware.config.MachineSetup;
import io.ironloop.firmware.wiring.BoardBackends;
import io.ironloop.firmware.wiring.Machine;
import io.ironloop.firmware.wiring.MachineContext;
import io.ironloop.hal.BoardIo;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped pump station in ADVISED mode (board-configs/machines/pump-station-advised.yaml), lockstep on the
 * simulated board: the built-in advisor learns, its trim is clamped to the loop's bounds, and when the advisor
 * stalls its advice expires and the PID holds its own setpoint.
 */
class PumpStationAdvisedTest
{
    private static final long SECOND = 1_000_000_000L;

    /** The advisor agent, or nothing at all while stalled: a thread that stopped coming back. */
    private static final class Stallable implements ScheduledAgent
    {
        private final ScheduledAgent agent;
        boolean stalled;

        Stallable(final ScheduledAgent agent)
        {
            this.agent = agent;
        }

        @Override
        public void onStart()
        {
            agent.onStart();
        }

        @Override
        public int doWork() throws Exception
        {
            return stalled ? 0 : agent.doWork();
        }

        @Override
        public long nextDeadlineNs()
        {
            return stalled ? Long.MAX_VALUE : agent.nextDeadlineNs();
        }

        @Override
        public String roleName()
        {
            return agent.roleName();
        }
    }

    @Test
    void shouldStartAdvisedClampTheAdvisorsTrimAndFallBackWhenItStalls() throws Exception
    {
        final MachineSetup setup = MachineSetup.load(Path.of("../board-configs/machines/pump-station-advised.yaml"), null);
        final MachineConfig config = setup.machine();
        final VirtualClock clock = new VirtualClock(0L);
        final CountersManager counters = InMemoryCounters.of(config);
        final BoardIo io = BoardBackends.open(setup.board(), clock);
        try (Machine machine = Machine.assemble(setup, clock, io, counters))
        {
            final List<ClosedLoop> loops = new ArrayList<>();
            loops.add(machine.control().loop(0));
            final Map<String, Long> stale = new HashMap<>();
            stale.put("discharge_pressure", MachineContext.conclude(config).staleAfterNs("discharge_pressure"));
            final Advisor advisor = AdvisorWiring.build(config, clock, machine.image(), loops, stale, counters);
            final Stallable agent = new Stallable(advisor.agent());
            final List<ScheduledAgent> agents = new ArrayList<>(machine.acquisition());
            agents.add(machine.control());
            agents.add(machine.transitionLogger());
            agents.add(agent);
            final ClosedLoop loop = machine.control().loop(0);
            assertEquals(Mode.ADVISED, loop.mode(), "the shipped advised pump station starts ADVISED");
            try (LockstepRunner runner = new LockstepRunner(clock, agents.toArray(new ScheduledAgent[0])))
            {
                runner.runFor(40 * SECOND);
                final RobustZScoreModel model = (RobustZScoreModel)advisor.model();
                assertTrue(model.ready(), "30 s of pressure learned");
                assertEquals(4.0, model.median(0), 0.1, "the learned operating point is the 4 bar setpoint, start-up ramp and all");
                assertEquals(4.0, loop.activeSetpoint(), 0.05, "at its learned normal the advisor trims by (almost) nothing");
                assertEquals(400, advisor.agent().counters().runs().get(), 1, "10 Hz for 40 s, off the control agent's 100 Hz");

                // The operator raises the setpoint: the pump leaves what the advisor learned, so it backs off, inside its bounds.
                machine.control().commands().setpoint(CommandSource.LOCAL, 1, 0, 6.0);
                runner.runFor(10 * SECOND);
                assertEquals(6.0, loop.setpoint());
                assertEquals(5.5, loop.activeSetpoint(), 1e-9, "the advisor asks for far more than -0.5 bar: clamped to trimMin");
                assertTrue(loop.envelope().clamped() > 0);
                final AdvisorStatus.Snapshot status = new AdvisorStatus.Snapshot();
                assertTrue(advisor.status().read(status));
                assertTrue(status.anomalyScore > 50 && status.alarm, "5.5 bar is far outside the learned 4 bar: score " + status.anomalyScore);
                assertTrue(status.health < 1.0, "the smoothed score has moved the health index: " + status.health);
                assertEquals(Mode.ADVISED, loop.mode());

                // The advisor stops coming back: its last advice expires 500 ms after it was written.
                agent.stalled = true;
                final long ignoredBefore = loop.envelope().ignored();
                runner.runFor(400 * 1_000_000L);
                assertEquals(5.5, loop.activeSetpoint(), 1e-9, "the last advice is still fresh");
                runner.runFor(200 * 1_000_000L);
                assertEquals(6.0, loop.activeSetpoint(), 1e-9, "expired: the deterministic setpoint");
                assertEquals(ignoredBefore + 1, loop.envelope().ignored(), "the expired advice counted");
                assertEquals(Mode.ADVISED, loop.mode(), "a silent advisor is not a trip");

                agent.stalled = false;
                runner.runFor(SECOND);
                assertEquals(5.5, loop.activeSetpoint(), 1e-9, "advice is used again once the advisor is back");
            }
            advisor.close();
        }
    }
}
