package io.ironloop.control.vibration;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bearing's latest vibration findings for telemetry, the status page, the advisor and replay checks:
 * the last window's features, the baseline score, the alarm and the diagnosis with its evidence. A
 * single-writer seqlock (the vibration agent writes), read without a lock and without allocating, like
 * {@code control.advice.AdvisorStatus}. A read that keeps racing the writer returns false.
 */
public final class VibrationStatus
{
    /** A reader's copy. */
    public static final class Snapshot
    {
        public long timeNs;
        public boolean learning = true;
        public long windows;
        public double rms = Double.NaN;
        public double peak = Double.NaN;
        public double crest = Double.NaN;
        public double kurtosis = Double.NaN;
        public double score = Double.NaN;
        public boolean alarm;
        public BearingDiagnoser.Fault fault = BearingDiagnoser.Fault.NONE;
        public String defect = "";
        public int harmonic;
        public double expectedHz = Double.NaN;
        public double peakHz = Double.NaN;
        public double prominence;
        /** Which write this is (0: none yet). */
        public long sequence;
    }

    private static final int READ_ATTEMPTS = 4;
    private static final VarHandle SEQUENCE;
    private static final VarHandle ALARM;

    static
    {
        try
        {
            SEQUENCE = MethodHandles.lookup().findVarHandle(VibrationStatus.class, "sequence", long.class);
            ALARM = MethodHandles.lookup().findVarHandle(VibrationStatus.class, "alarmFlag", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String bearing;
    @SuppressWarnings("unused")
    private volatile long sequence;
    @SuppressWarnings("unused")
    private volatile boolean alarmFlag;
    private final Snapshot written = new Snapshot();

    public VibrationStatus(final String bearing)
    {
        this.bearing = bearing;
    }

    /** The bearing these findings concern. */
    public String bearing()
    {
        return bearing;
    }

    /** The latest alarm, one read (for the advisor agent's duty cycle). */
    public boolean alarm()
    {
        return (boolean)ALARM.getAcquire(this);
    }

    /** The vibration agent only: copies {@code from} in as the latest findings. */
    public void write(final Snapshot from)
    {
        final long s = (long)SEQUENCE.getOpaque(this);
        SEQUENCE.setOpaque(this, s + 1);
        VarHandle.storeStoreFence();
        copy(from, written);
        SEQUENCE.setRelease(this, s + 2);
        ALARM.setRelease(this, from.alarm);
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
            final long t = written.timeNs;
            final boolean learning = written.learning;
            final long windows = written.windows;
            final double rms = written.rms;
            final double peak = written.peak;
            final double crest = written.crest;
            final double kurtosis = written.kurtosis;
            final double score = written.score;
            final boolean alarm = written.alarm;
            final BearingDiagnoser.Fault fault = written.fault;
            final String defect = written.defect;
            final int harmonic = written.harmonic;
            final double expectedHz = written.expectedHz;
            final double peakHz = written.peakHz;
            final double prominence = written.prominence;
            VarHandle.loadLoadFence();
            if ((long)SEQUENCE.getOpaque(this) == before)
            {
                into.timeNs = t;
                into.learning = learning;
                into.windows = windows;
                into.rms = rms;
                into.peak = peak;
                into.crest = crest;
                into.kurtosis = kurtosis;
                into.score = score;
                into.alarm = alarm;
                into.fault = fault;
                into.defect = defect;
                into.harmonic = harmonic;
                into.expectedHz = expectedHz;
                into.peakHz = peakHz;
                into.prominence = prominence;
                into.sequence = before >>> 1;
                return before != 0;
            }
        }
        return false;
    }

    private static void copy(final Snapshot from, final Snapshot to)
    {
        to.timeNs = from.timeNs;
        to.learning = from.learning;
        to.windows = from.windows;
        to.rms = from.rms;
        to.peak = from.peak;
        to.crest = from.crest;
        to.kurtosis = from.kurtosis;
        to.score = from.score;
        to.alarm = from.alarm;
        to.fault = from.fault;
        to.defect = from.defect;
        to.harmonic = from.harmonic;
        to.expectedHz = from.expectedHz;
        to.peakHz = from.peakHz;
        to.prominence = from.prominence;
    }
}
