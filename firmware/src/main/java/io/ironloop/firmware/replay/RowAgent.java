package io.ironloop.firmware.replay;

import io.ironloop.control.runtime.ScheduledAgent;
import org.agrona.concurrent.NanoClock;

/**
 * Steps through the recording in lockstep: at row {@code i}'s time ({@code start + i / rate}) it reads
 * the row and sets every fed signal; the device models then answer the drivers with the new values.
 * First in the lockstep order, so acquisition at the same instant sees the new row. No allocation.
 */
final class RowAgent implements ScheduledAgent
{
    private final NanoClock clock;
    private final ReplaySource source;
    private final double[] row;
    private final int[] channels;
    private final FedSignal[] signals;
    private final long startNs;
    private final double periodNs;
    private final long maxRows;
    private long rows;
    private long nextNs;

    RowAgent(final NanoClock clock, final ReplaySource source, final int[] channels, final FedSignal[] signals, final long startNs,
        final long maxRows, final double replayHz)
    {
        this.clock = clock;
        this.source = source;
        this.row = new double[source.names().length];
        this.channels = channels;
        this.signals = signals;
        this.startNs = startNs;
        this.periodNs = 1e9 / replayHz;
        this.maxRows = maxRows;
        this.nextNs = startNs;
    }

    @Override
    public int doWork()
    {
        if (clock.nanoTime() - nextNs < 0)
        {
            return 0;
        }
        if (rows >= maxRows || !source.next(row))
        {
            nextNs = Long.MAX_VALUE;
            return 0;
        }
        for (int i = 0; i < channels.length; i++)
        {
            signals[i].set(row[channels[i]]);
        }
        rows++;
        nextNs = startNs + (long)(rows * periodNs);
        return 1;
    }

    /** The current row's value of {@code channel} (raw, unscaled). */
    double value(final int channel)
    {
        return row[channel];
    }

    long rows()
    {
        return rows;
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextNs;
    }

    @Override
    public String roleName()
    {
        return "replay-rows";
    }
}
