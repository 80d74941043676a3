package io.ironloop.control.runtime;

import org.agrona.concurrent.Agent;

/**
 * An agent that works on deadlines. On the board an {@code AgentRunner} calls {@link #doWork()} in a
 * loop with an idle strategy; under lockstep the runner advances the virtual clock straight to the
 * earliest {@link #nextDeadlineNs()} of all agents.
 */
public interface ScheduledAgent extends Agent
{
    /** Time at which this agent next has work; {@code Long.MAX_VALUE} when none is scheduled. */
    long nextDeadlineNs();
}
