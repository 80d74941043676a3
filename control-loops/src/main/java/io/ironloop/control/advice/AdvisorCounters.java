package io.ironloop.control.advice;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * The advisor's counters in the counters file: runs (its heartbeat), model errors (a model that threw),
 * invalid outputs (NaN, infinite or out of range: the advice was withdrawn), runs skipped because the
 * model was not ready, and its findings: anomaly score x1000, health index x1000, remaining life in
 * seconds (-1 unknown), alarm (0/1).
 */
public record AdvisorCounters(
    AtomicCounter runs,
    AtomicCounter modelErrors,
    AtomicCounter invalidOutputs,
    AtomicCounter notReady,
    AtomicCounter anomalyScoreMilli,
    AtomicCounter healthMilli,
    AtomicCounter remainingLifeS,
    AtomicCounter alarm)
{
}
