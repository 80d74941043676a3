package io.ironloop.control.vibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Names the likely bearing fault from an (averaged) envelope spectrum: for each defect frequency
 * (BPFO, BPFI, BSF; FTF as supporting evidence only) it looks for a peak near each of its first
 * harmonics and measures the peak's prominence, its amplitude over the local spectral floor (the
 * median of the bins within {@link #FLOOR_HALF_WIDTH_HZ} around it, the peak's own neighbourhood
 * excluded). A harmonic counts when its prominence is at least {@link #MIN_PROMINENCE} and, when a
 * baseline spectrum is given, at least {@link #MIN_RISE_OVER_BASELINE} times the baseline's amplitude
 * at the same frequency, so lines the healthy machine already had are not blamed on the bearing.
 * A fault is named only when its fundamental line counts (BPFO×1, BPFI×1, and 2×BSF for a ball,
 * which strikes both races once per spin turn); among those, the one whose fundamental stands out
 * most wins. Higher harmonics are reported as supporting evidence: they are not used to rank, since
 * those of different defects fall close together (3·BPFO ≈ 2·BPFI for the 6205) and race faults
 * carry shaft-rate sidebands that land near other defects' lines.
 *
 * <p>The constants were set before looking at any fault recording, from textbook practice (a line
 * 4× over the floor is about 12 dB, the usual "clear peak"; 1.5 % search tolerance covers the slip
 * of a rolling element bearing, typically 1-2 %). Runs once per diagnosis, off the per-window path
 * (it allocates its report).
 */
public final class BearingDiagnoser
{
    public static final double MIN_PROMINENCE = 4.0;
    public static final double MIN_RISE_OVER_BASELINE = 2.0;
    public static final double SLIP_TOLERANCE = 0.015;
    public static final double FLOOR_HALF_WIDTH_HZ = 25.0;
    public static final int HARMONICS = 3;

    /** The fault names of issue 11's JSON. */
    public enum Fault
    {
        NONE("none"), INNER_RACE("inner-race"), OUTER_RACE("outer-race"), BALL("ball"), UNKNOWN("unknown");

        private final String label;

        Fault(final String label)
        {
            this.label = label;
        }

        public String label()
        {
            return label;
        }
    }

    /** One harmonic looked at: where it was expected, where the peak was, and how far it stands out. */
    public record Evidence(String defect, int harmonic, double expectedHz, double peakHz, double amplitude, double floor,
                           double prominence, double baselineAmplitude, boolean counts)
    {
    }

    public record Diagnosis(Fault fault, List<Evidence> evidence)
    {
        /** The counting evidence for the named fault, strongest first. */
        public List<Evidence> support()
        {
            final String defect = switch (fault)
            {
                case INNER_RACE -> "BPFI";
                case OUTER_RACE -> "BPFO";
                case BALL -> "BSF";
                default -> "";
            };
            final List<Evidence> support = new ArrayList<>();
            for (final Evidence e : evidence)
            {
                if (e.counts() && e.defect().equals(defect))
                {
                    support.add(e);
                }
            }
            support.sort((a, b) -> Double.compare(b.prominence(), a.prominence()));
            return support;
        }
    }

    /**
     * The allocation-free result of {@link #diagnose(double[], double, double[], Finding)}: the named fault and its
     * strongest counting line (which defect, which multiple, where, how far over the floor), for a running machine
     * that diagnoses every window. Reused by its owner, one per diagnoser.
     */
    public static final class Finding
    {
        private final double[] floorScratch;
        public Fault fault = Fault.NONE;
        /** BPFO, BPFI or BSF; "" when nothing counts. */
        public String defect = "";
        /** Which multiple of the defect frequency the strongest counting line is (0: none). */
        public int harmonic;
        public double expectedHz = Double.NaN;
        public double peakHz = Double.NaN;
        /** The strongest counting line's amplitude over the local floor (0: none). */
        public double prominence;

        /** @param bins bins of the spectra it will diagnose */
        public Finding(final int bins)
        {
            this.floorScratch = new double[bins];
        }

        void clear()
        {
            fault = Fault.NONE;
            defect = "";
            harmonic = 0;
            expectedHz = Double.NaN;
            peakHz = Double.NaN;
            prominence = 0;
        }
    }

    private static final String[] DEFECTS = {"BPFO", "BPFI", "BSF", "FTF"};

    private final BearingGeometry geometry;
    private double shaftHz;

    public BearingDiagnoser(final BearingGeometry geometry, final double shaftRpm)
    {
        if (!(shaftRpm > 0))
        {
            throw new IllegalArgumentException("shaft speed must be positive, got " + shaftRpm + " rpm");
        }
        this.geometry = geometry;
        this.shaftHz = shaftRpm / 60.0;
    }

    /** A measured shaft speed for the next diagnoses (a speed sensor); ignored unless positive and finite. */
    public void shaftRpm(final double rpm)
    {
        if (rpm > 0 && rpm < Double.POSITIVE_INFINITY)
        {
            this.shaftHz = rpm / 60.0;
        }
    }

    public double shaftHz()
    {
        return shaftHz;
    }

    public BearingGeometry geometry()
    {
        return geometry;
    }

    /**
     * @param spectrum  envelope amplitude per bin (bin k at k · binHz)
     * @param baseline  the healthy machine's envelope spectrum on the same bins, or null
     */
    public Diagnosis diagnose(final double[] spectrum, final double binHz, final double[] baseline)
    {
        final List<Evidence> evidence = new ArrayList<>();
        final String[] defects = {"BPFO", "BPFI", "BSF", "FTF"};
        final double[] frequencies = {geometry.bpfo(shaftHz), geometry.bpfi(shaftHz), geometry.bsf(shaftHz), geometry.ftf(shaftHz)};
        final double[] fundamental = new double[defects.length];
        for (int d = 0; d < defects.length; d++)
        {
            final int harmonics = d == 2 ? 2 * HARMONICS : HARMONICS;
            final int primary = d == 2 ? 2 : 1;
            for (int h = 1; h <= harmonics; h++)
            {
                final Evidence e = look(defects[d], h, h * frequencies[d], spectrum, binHz, baseline);
                if (e == null)
                {
                    continue;
                }
                evidence.add(e);
                if (h == primary && e.counts())
                {
                    fundamental[d] = e.prominence();
                }
            }
        }
        int best = -1;
        for (int d = 0; d < 3; d++)
        {
            if (fundamental[d] > 0 && (best < 0 || fundamental[d] > fundamental[best]))
            {
                best = d;
            }
        }
        final Fault fault = best < 0 ? Fault.UNKNOWN : best == 0 ? Fault.OUTER_RACE : best == 1 ? Fault.INNER_RACE : Fault.BALL;
        return new Diagnosis(fault, List.copyOf(evidence));
    }

    /**
     * As {@link #diagnose(double[], double, double[])}, allocation-free, into {@code out}: UNKNOWN when no
     * fundamental counts, else the fault whose fundamental stands out most, with its strongest counting line.
     */
    public void diagnose(final double[] spectrum, final double binHz, final double[] baseline, final Finding out)
    {
        out.clear();
        int best = -1;
        double bestFundamental = 0;
        for (int d = 0; d < 3; d++)
        {
            final double frequency = d == 0 ? geometry.bpfo(shaftHz) : d == 1 ? geometry.bpfi(shaftHz) : geometry.bsf(shaftHz);
            final int primary = d == 2 ? 2 : 1;
            final double prominence = prominence(primary * frequency, spectrum, binHz, baseline, out.floorScratch);
            if (prominence > bestFundamental)
            {
                bestFundamental = prominence;
                best = d;
            }
        }
        if (best < 0)
        {
            out.fault = Fault.UNKNOWN;
            return;
        }
        out.fault = best == 0 ? Fault.OUTER_RACE : best == 1 ? Fault.INNER_RACE : Fault.BALL;
        out.defect = DEFECTS[best];
        final double frequency = best == 0 ? geometry.bpfo(shaftHz) : best == 1 ? geometry.bpfi(shaftHz) : geometry.bsf(shaftHz);
        final int harmonics = best == 2 ? 2 * HARMONICS : HARMONICS;
        for (int h = 1; h <= harmonics; h++)
        {
            final double prominence = prominence(h * frequency, spectrum, binHz, baseline, out.floorScratch);
            if (prominence > out.prominence)
            {
                out.prominence = prominence;
                out.harmonic = h;
                out.expectedHz = h * frequency;
                out.peakHz = lastPeakBin * binHz;
            }
        }
    }

    private int lastPeakBin;

    /** The prominence of the line near {@code expectedHz} when it counts (as {@link #look} judges), else 0. */
    private double prominence(final double expectedHz, final double[] spectrum, final double binHz, final double[] baseline,
                              final double[] scratch)
    {
        final double tolerance = Math.max(2 * binHz, SLIP_TOLERANCE * expectedHz);
        final int from = Math.max(1, (int)Math.floor((expectedHz - tolerance) / binHz));
        final int to = Math.min(spectrum.length - 1, (int)Math.ceil((expectedHz + tolerance) / binHz));
        final int floorFrom = Math.max(1, (int)Math.floor((expectedHz - FLOOR_HALF_WIDTH_HZ - tolerance) / binHz));
        final int floorTo = Math.min(spectrum.length - 1, (int)Math.ceil((expectedHz + FLOOR_HALF_WIDTH_HZ + tolerance) / binHz));
        if (to <= from || floorTo - floorFrom < 8)
        {
            return 0;
        }
        int peakBin = from;
        for (int k = from; k <= to; k++)
        {
            if (spectrum[k] > spectrum[peakBin])
            {
                peakBin = k;
            }
        }
        int count = 0;
        for (int k = floorFrom; k <= floorTo && count < scratch.length; k++)
        {
            if (Math.abs(k - peakBin) > 2)
            {
                scratch[count++] = spectrum[k];
            }
        }
        // A few dozen bins: the JDK sorts a range this small in place (insertion sort), without allocating.
        Arrays.sort(scratch, 0, count);
        final double floor = count == 0 ? 0 : scratch[count / 2];
        final double amplitude = spectrum[peakBin];
        final double prominence = floor > 0 ? amplitude / floor : 0;
        lastPeakBin = peakBin;
        final boolean counts = prominence >= MIN_PROMINENCE && (baseline == null || amplitude >= MIN_RISE_OVER_BASELINE * baseline[peakBin]);
        return counts ? prominence : 0;
    }

    private static Evidence look(final String defect, final int harmonic, final double expectedHz, final double[] spectrum,
                                 final double binHz, final double[] baseline)
    {
        final double tolerance = Math.max(2 * binHz, SLIP_TOLERANCE * expectedHz);
        final int from = Math.max(1, (int)Math.floor((expectedHz - tolerance) / binHz));
        final int to = Math.min(spectrum.length - 1, (int)Math.ceil((expectedHz + tolerance) / binHz));
        final int floorFrom = Math.max(1, (int)Math.floor((expectedHz - FLOOR_HALF_WIDTH_HZ - tolerance) / binHz));
        final int floorTo = Math.min(spectrum.length - 1, (int)Math.ceil((expectedHz + FLOOR_HALF_WIDTH_HZ + tolerance) / binHz));
        if (to <= from || floorTo - floorFrom < 8)
        {
            return null;
        }
        int peakBin = from;
        for (int k = from; k <= to; k++)
        {
            if (spectrum[k] > spectrum[peakBin])
            {
                peakBin = k;
            }
        }
        final double[] around = new double[floorTo - floorFrom + 1];
        int count = 0;
        for (int k = floorFrom; k <= floorTo; k++)
        {
            if (Math.abs(k - peakBin) > 2)
            {
                around[count++] = spectrum[k];
            }
        }
        final double[] floorBins = Arrays.copyOf(around, count);
        Arrays.sort(floorBins);
        final double floor = count == 0 ? 0 : floorBins[count / 2];
        final double amplitude = spectrum[peakBin];
        final double prominence = floor > 0 ? amplitude / floor : 0;
        final double baselineAmplitude = baseline == null ? Double.NaN : baseline[peakBin];
        final boolean counts = prominence >= MIN_PROMINENCE
            && (baseline == null || amplitude >= MIN_RISE_OVER_BASELINE * baselineAmplitude);
        return new Evidence(defect, harmonic, expectedHz, peakBin * binHz, amplitude, floor, prominence, baselineAmplitude, counts);
    }
}
