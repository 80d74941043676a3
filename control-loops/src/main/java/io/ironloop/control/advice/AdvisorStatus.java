package io.ironloop.control.advice;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The advisor's latest findings (anomaly score, alarm, the input channels blamed for it, how many alarms were
 * raised so far, health index, remaining life and its band) for
 * the telemetry agent and the status page: a single-writer seqlock, read without a lock and without
 * allocating. A read that keeps racing the writer returns false and the reader keeps what it had.
 */
public final class AdvisorStatus
{
    /** A reader's copy. */
    public static final class Snapshot
    {
        /** Indices (into the advisor's inputs) of the channels contributing most to the alarm, most first; valid up to {@link #contributorCount}. */
        public final int[] contributors = new int[MAX_CONTRIBUTORS];
        public int contributorCount;
        /** Alarms raised since start: a reader that missed a short alarm between two reads still sees it was raised. */
        public long alarmsRaised;
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

    /** Channels named per alarm at most. */
    public static final int MAX_CONTRIBUTORS = 4;
    private static final int READ_ATTEMPTS = 4;
    private static final int[] NONE = new int[0];
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
    private final int[] contributors = new int[MAX_CONTRIBUTORS];
    private int contributorCount;
    private long alarmsRaised;

    /** The advisor thread only; no channels named. */
    public void write(
        final long timeNs, final double anomalyScore, final boolean alarm, final double health, final double remainingS,
        final double remainingLowS, final double remainingHighS)
    {
        write(timeNs, anomalyScore, alarm, health, remainingS, remainingLowS, remainingHighS, NONE, 0);
    }

    /**
     * The advisor thread only.
     *
     * @param channels indices of the inputs blamed for the alarm, most first (the first {@link #MAX_CONTRIBUTORS} of {@code count} kept)
     */
    public void write(
        final long timeNs, final double anomalyScore, final boolean alarm, final double health, final double remainingS,
        final double remainingLowS, final double remainingHighS, final int[] channels, final int count)
    {
        final long s = (long)SEQUENCE.getOpaque(this);
        SEQUENCE.setOpaque(this, s + 1);
        VarHandle.storeStoreFence();
        if (alarm && !this.alarm)
        {
            alarmsRaised++;
        }
        final int n = Math.max(0, Math.min(count, Math.min(channels.length, MAX_CONTRIBUTORS)));
        System.arraycopy(channels, 0, contributors, 0, n);
        contributorCount = n;
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
            final long raisedSoFar = alarmsRaised;
            final int n = Math.max(0, Math.min(contributorCount, MAX_CONTRIBUTORS));
            System.arraycopy(contributors, 0, into.contributors, 0, n);
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
                into.alarmsRaised = raisedSoFar;
                into.contributorCount = n;
                into.sequence = before >>> 1;
                return before != 0;
            }
        }
        return false;
    }
}
