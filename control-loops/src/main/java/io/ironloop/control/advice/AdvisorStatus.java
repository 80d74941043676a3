package io.ironloop.control.advice;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The advisor's latest findings (anomaly score, alarm, health index, remaining life and its band) for
 * the telemetry agent and the status page: a single-writer seqlock, read without a lock and without
 * allocating. A read that keeps racing the writer returns false and the reader keeps what it had.
 */
public final class AdvisorStatus
{
    /** A reader's copy. */
    public static final class Snapshot
    {
        public long timeNs;
        public double anomalyScore = Double.NaN;
        public boolean alarm;
        public double health = Double.NaN;
        public double remainingS = Double.NaN;
        public double remainingLowS = Double.NaN;
        public double remainingHighS = Double.NaN;
        /** Which write this is (0: none yet). */
        public long sequence;
    }

    private static final int READ_ATTEMPTS = 4;
    private static final VarHandle SEQUENCE;

    static
    {
        try
        {
            SEQUENCE = MethodHandles.lookup().findVarHandle(AdvisorStatus.class, "sequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused")
    private volatile long sequence;
    private long timeNs;
    private double anomalyScore = Double.NaN;
    private boolean alarm;
    private double health = Double.NaN;
    private double remainingS = Double.NaN;
    private double remainingLowS = Double.NaN;
    private double remainingHighS = Double.NaN;

    /** The advisor thread only. */
    public void write(
        final long timeNs, final double anomalyScore, final boolean alarm, final double health, final double remainingS,
        final double remainingLowS, final double remainingHighS)
    {
        final long s = (long)SEQUENCE.getOpaque(this);
        SEQUENCE.setOpaque(this, s + 1);
        VarHandle.storeStoreFence();
        this.timeNs = timeNs;
        this.anomalyScore = anomalyScore;
        this.alarm = alarm;
        this.health = health;
        this.remainingS = remainingS;
        this.remainingLowS = remainingLowS;
        this.remainingHighS = remainingHighS;
        SEQUENCE.setRelease(this, s + 2);
    }

    /** Copies the latest findings; false when nothing was written yet or the writer kept racing. */
    public boolean read(final Snapshot into)
    {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++)
        {
            final long before = (long)SEQUENCE.getAcquire(this);
            if ((before & 1) != 0)
            {
                continue;
            }
            final long t = timeNs;
            final double score = anomalyScore;
            final boolean a = alarm;
            final double h = health;
            final double r = remainingS;
            final double lo = remainingLowS;
            final double hi = remainingHighS;
            VarHandle.loadLoadFence();
            if ((long)SEQUENCE.getOpaque(this) == before)
            {
                into.timeNs = t;
                into.anomalyScore = score;
                into.alarm = a;
                into.health = h;
                into.remainingS = r;
                into.remainingLowS = lo;
                into.remainingHighS = hi;
                into.sequence = before >>> 1;
                return before != 0;
            }
        }
        return false;
    }
}
