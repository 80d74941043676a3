package io.ironloop.firmware.replay;

import io.ironloop.control.advice.AdvisorStatus;

import java.util.Locale;

/**
 * The alarm of the machine's advisor ({@code alarm: advisor}): what its model (the on-machine detector
 * ensemble, the built-in robust z-score or an ONNX model) raises through the advisor agent, read from
 * the advisor's published status as the control side would see it. Allocation-free per tick: the
 * status is a seqlock snapshot into a reused holder; the cause text is built only when the alarm rises.
 */
final class AdvisorAlarms implements AlarmSource
{
    private final AdvisorStatus status;
    private final AdvisorStatus.Snapshot snapshot = new AdvisorStatus.Snapshot();
    private boolean alarm;
    private String cause = "";

    AdvisorAlarms(final AdvisorStatus status)
    {
        this.status = status;
    }

    @Override
    public boolean active(final long nowNs)
    {
        if (status.read(snapshot))
        {
            final boolean raised = snapshot.alarm;
            if (raised && !alarm)
            {
                cause = String.format(Locale.ROOT, "advisor alarm, anomaly score %.3g", snapshot.anomalyScore);
            }
            alarm = raised;
        }
        return alarm;
    }

    @Override
    public String cause()
    {
        return cause;
    }
}
