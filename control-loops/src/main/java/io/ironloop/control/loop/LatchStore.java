package io.ironloop.control.loop;

import io.ironloop.control.mode.TransitionCause;

import java.util.Map;

/**
 * Where latched trips outlive the process: a loop that went SAFE is recorded, a reset clears it, and
 * at start-up a loop with a recorded latch starts in SAFE with that cause. Called off the control
 * thread only (the transition logger), since implementations do file I/O.
 */
public interface LatchStore
{
    /** One latched trip. */
    record Latch(String loopId, TransitionCause cause, int detail, long timeNs)
    {
    }

    /** Records that {@code loopId} latched SAFE. */
    void record(String loopId, TransitionCause cause, int detail, long timeNs);

    /** Records that {@code loopId} was reset out of SAFE. */
    void clear(String loopId);

    /** Every latch recorded and not cleared, by loop id. */
    Map<String, Latch> load();
}
