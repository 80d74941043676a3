package io.ironloop.control.vibration;

import io.ironloop.control.runtime.SeqlockStatus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bearing's latest vibration findings for telemetry, the status page, the advisor and replay checks:
 * the last window's features, the baseline score, the alarm and the diagnosis with its evidence. A
 * single-writer seqlock ({@link SeqlockStatus}, the vibration agent writes), read without a lock and without
 * allocating, like {@code control.advice.AdvisorStatus}. A read that keeps racing the writer returns false.
 */
public final class VibrationStatus extends SeqlockStatus<VibrationStatus.Snapshot>
{
    /** A reader's copy. */
    public static final class Snapshot extends SeqlockStatus.Snapshot<Snapshot>
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
            timeNs = from.timeNs;
            learning = from.learning;
            windows = from.windows;
            rms = from.rms;
            peak = from.peak;
            crest = from.crest;
            kurtosis = from.kurtosis;
            score = from.score;
            alarm = from.alarm;
            fault = from.fault;
            defect = from.defect;
            harmonic = from.harmonic;
            expectedHz = from.expectedHz;
            peakHz = from.peakHz;
            prominence = from.prominence;
        }
    }

    private static final VarHandle ALARM;

    static
    {
        try
        {
            ALARM = MethodHandles.lookup().findVarHandle(VibrationStatus.class, "alarmFlag", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String bearing;
    @SuppressWarnings("unused")
    private volatile boolean alarmFlag;

    public VibrationStatus(final String bearing)
    {
        super(new Snapshot(null));
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
        final long opened = beginWrite();
        written().copyFrom(from);
        endWrite(opened);
        ALARM.setRelease(this, from.alarm);
    }
}
