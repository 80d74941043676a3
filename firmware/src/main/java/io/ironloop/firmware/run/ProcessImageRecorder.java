package io.ironloop.firmware.run;

import io.ironloop.control.recording.RecordingWriter;
import io.ironloop.control.runtime.ProcessImage;
import io.ironloop.control.runtime.ScheduledAgent;
import io.ironloop.hal.Reading;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;

/**
 * {@code ironloop record} on a running machine, any backend: an agent of its own (never the control thread)
 * that, once per control period, reads every process-image slot (seqlock reads: the writers never wait for it)
 * and appends them as one row to a live binary recording (docs/RECORDING-FORMAT.md), block by block, each
 * block with its CRC32C. Row {@code i} stands for {@code start + i} control periods: a run late by several
 * periods (a pause) repeats the values it reads for the rows it missed, at most one second's worth, and
 * counts them, so the recording's time base stays the control rate. A write that fails stops the recording
 * (counted, the message kept) and leaves the machine running; the file keeps its complete blocks.
 * {@link #finish} (after the agent's thread has stopped) writes the last block and the final header.
 */
public final class ProcessImageRecorder implements ScheduledAgent
{
    private final NanoClock clock;
    private final ProcessImage image;
    private final int[] slots;
    private final long periodNs;
    private final RecordingWriter writer;
    private final AtomicCounter rows;
    private final AtomicCounter lateRows;
    private final double[] row;
    private final Reading reading = new Reading();
    private final long maxCatchUp;
    private final long maxRows;
    private long nextNs = Long.MIN_VALUE;
    private volatile IOException failure;
    private volatile boolean done;

    /**
     * @param slots   the process-image slot of each channel of {@code writer}, in order
     * @param maxRows rows to record, then {@link #done()}; 0 for no limit (until the run stops)
     */
    public ProcessImageRecorder(final NanoClock clock, final ProcessImage image, final int[] slots, final long periodNs,
                                final RecordingWriter writer, final AtomicCounter rows, final AtomicCounter lateRows, final long maxRows)
    {
        if (slots.length != writer.channelCount() || periodNs <= 0)
        {
            throw new IllegalArgumentException("recorder: " + slots.length + " slots for " + writer.channelCount() + " channels, period "
                + periodNs + " ns");
        }
        this.clock = clock;
        this.image = image;
        this.slots = slots.clone();
        this.periodNs = periodNs;
        this.writer = writer;
        this.rows = rows;
        this.lateRows = lateRows;
        this.row = new double[slots.length];
        this.maxCatchUp = Math.max(1, 1_000_000_000L / periodNs);
        this.maxRows = maxRows <= 0 ? Long.MAX_VALUE : maxRows;
    }

    @Override
    public void onStart()
    {
        if (nextNs == Long.MIN_VALUE)
        {
            nextNs = clock.nanoTime();
        }
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (nextNs == Long.MIN_VALUE)
        {
            nextNs = nowNs;
        }
        if (failure != null || done || nowNs - nextNs < 0)
        {
            return 0;
        }
        long due = (nowNs - nextNs) / periodNs + 1;
        if (due > maxCatchUp)
        {
            // Further behind than we repeat: the rows in between are lost time, the rest repeat this reading.
            nextNs += (due - maxCatchUp) * periodNs;
            due = maxCatchUp;
        }
        due = Math.min(due, maxRows - writer.rowCount());
        for (int i = 0; i < slots.length; i++)
        {
            image.read(slots[i], reading);
            row[i] = reading.value;
        }
        try
        {
            for (long i = 0; i < due; i++)
            {
                writer.append(row);
            }
        }
        catch (final IOException ex)
        {
            failure = ex;
            return 0;
        }
        rows.getAndAddRelease(due);
        if (due > 1)
        {
            lateRows.getAndAddRelease(due - 1);
        }
        nextNs += due * periodNs;
        if (writer.rowCount() >= maxRows)
        {
            done = true;
        }
        return (int)due;
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextNs == Long.MIN_VALUE ? clock.nanoTime() : nextNs;
    }

    @Override
    public String roleName()
    {
        return "recorder";
    }

    /** True once the rows asked for are written: the run may stop. */
    public boolean done()
    {
        return done;
    }

    /** The write that stopped the recording, or null. */
    public IOException failure()
    {
        return failure;
    }

    /** Rows written so far. */
    public long rowCount()
    {
        return writer.rowCount();
    }

    /** Writes the last block and the final header; call once the agent no longer runs. */
    public void finish() throws IOException
    {
        writer.close();
        if (failure != null)
        {
            throw failure;
        }
    }
}
