package io.ironloop.control.advice;

import io.ironloop.control.runtime.SeqlockStatus;

/**
 * The advisor's latest findings (anomaly score, alarm, the input channels blamed for it, how many alarms were
 * raised so far, health index, remaining life and its band) for
 * the telemetry agent and the status page: a single-writer seqlock ({@link SeqlockStatus}), read without a lock
 * and without allocating. A read that keeps racing the writer returns false and the reader keeps what it had.
 */
public final class AdvisorStatus extends SeqlockStatus<AdvisorStatus.Snapshot>
{
    /** A reader's copy. */
    public static final class Snapshot extends SeqlockStatus.Snapshot<Snapshot>
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

        public Snapshot()
        {
            super(new Snapshot(null));
        }

        private Snapshot(final Snapshot staging)
        {
            super(staging);
        }

        @Override
        protected void copyFrom(final Snapshot from)
        {
            final int n = Math.max(0, Math.min(from.contributorCount, MAX_CONTRIBUTORS));
            System.arraycopy(from.contributors, 0, contributors, 0, n);
            contributorCount = n;
            alarmsRaised = from.alarmsRaised;
            timeNs = from.timeNs;
            anomalyScore = from.anomalyScore;
            alarm = from.alarm;
            health = from.health;
            remainingS = from.remainingS;
            remainingLowS = from.remainingLowS;
            remainingHighS = from.remainingHighS;
        }
    }

    /** Channels named per alarm at most. */
    public static final int MAX_CONTRIBUTORS = 4;
    private static final int[] NONE = new int[0];

    public AdvisorStatus()
    {
        super(new Snapshot(null));
    }

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
        final long opened = beginWrite();
        final Snapshot written = written();
        if (alarm && !written.alarm)
        {
            written.alarmsRaised++;
        }
        final int n = Math.max(0, Math.min(count, Math.min(channels.length, MAX_CONTRIBUTORS)));
        System.arraycopy(channels, 0, written.contributors, 0, n);
        written.contributorCount = n;
        written.timeNs = timeNs;
        written.anomalyScore = anomalyScore;
        written.alarm = alarm;
        written.health = health;
        written.remainingS = remainingS;
        written.remainingLowS = remainingLowS;
        written.remainingHighS = remainingHighS;
        endWrite(opened);
    }
}
