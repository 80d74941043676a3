package io.ironloop.control.vibration;

import org.jtransforms.fft.DoubleFFT_1D;
import org.visnow.jlargearrays.ConcurrencyUtils;

/**
 * Analyses one window of an accelerometer signal at a time: the time-domain features (RMS, peak,
 * crest factor, kurtosis), the energy in fixed frequency bands, and the envelope spectrum in one
 * demodulation band (band-pass by zeroing FFT bins, Hilbert envelope as the modulus of the analytic
 * signal, Hann-windowed spectrum of the envelope). The envelope spectrum of every window is also added
 * to a running average, which {@link BearingDiagnoser} reads.
 *
 * <p>Every buffer is allocated in the constructor; {@link #analyse} allocates nothing (JTransforms runs
 * single-threaded, see {@link #singleThreadedFft()}). Not thread-safe: one analyser per signal.
 */
public final class VibrationAnalyzer
{
    private final double sampleRateHz;
    private final int n;
    private final int bandLowBin;
    private final int bandHighBin;
    private final double[] bandEdgesHz;
    private final DoubleFFT_1D complexFft;
    private final DoubleFFT_1D realFft;
    /** Interleaved complex buffer of length 2n. */
    private final double[] spectrum;
    private final double[] envelope;
    private final double[] hann;
    private final double hannSum;
    private final double[] envelopeAmplitude;
    private final double[] envelopeAverage;
    private final double[] bandEnergies;
    private int windowsAveraged;

    private double rms;
    private double peak;
    private double crest;
    private double kurtosis;
    private double envelopeKurtosis;

    /**
     * @param sampleRateHz  sampling rate of the signal
     * @param windowLength  samples per window, a power of two (e.g. 16384 at 48 kHz: 0.34 s, 2.9 Hz bins)
     * @param bandLowHz     demodulation band, lower edge
     * @param bandHighHz    demodulation band, upper edge (at most the Nyquist frequency)
     * @param bandEdgesHz   edges of the energy bands, ascending: k+1 edges give k bands
     */
    public VibrationAnalyzer(
        final double sampleRateHz, final int windowLength, final double bandLowHz, final double bandHighHz, final double[] bandEdgesHz)
    {
        if (!(sampleRateHz > 0) || windowLength < 64 || Integer.bitCount(windowLength) != 1)
        {
            throw new IllegalArgumentException("need a positive rate and a power-of-two window of at least 64 samples, got "
                + sampleRateHz + " Hz and " + windowLength);
        }
        final double nyquist = sampleRateHz / 2;
        if (!(bandLowHz >= 0 && bandHighHz > bandLowHz && bandHighHz <= nyquist))
        {
            throw new IllegalArgumentException("demodulation band [" + bandLowHz + ", " + bandHighHz + "] Hz must lie in [0, "
                + nyquist + "] Hz and be non-empty");
        }
        if (bandEdgesHz.length < 2)
        {
            throw new IllegalArgumentException("need at least two band edges");
        }
        for (int i = 1; i < bandEdgesHz.length; i++)
        {
            if (!(bandEdgesHz[i] > bandEdgesHz[i - 1]) || bandEdgesHz[i - 1] < 0 || bandEdgesHz[i] > nyquist)
            {
                throw new IllegalArgumentException("band edges must ascend within [0, " + nyquist + "] Hz");
            }
        }
        singleThreadedFft();
        this.sampleRateHz = sampleRateHz;
        this.n = windowLength;
        final double binHz = sampleRateHz / windowLength;
        this.bandLowBin = Math.max(1, (int)Math.ceil(bandLowHz / binHz));
        this.bandHighBin = Math.min(windowLength / 2 - 1, (int)Math.floor(bandHighHz / binHz));
        if (bandHighBin < bandLowBin)
        {
            throw new IllegalArgumentException("demodulation band narrower than one bin (" + binHz + " Hz)");
        }
        this.bandEdgesHz = bandEdgesHz.clone();
        this.complexFft = new DoubleFFT_1D(windowLength);
        this.realFft = complexFft;
        this.spectrum = new double[2 * windowLength];
        this.envelope = new double[windowLength];
        this.hann = new double[windowLength];
        double sum = 0;
        for (int i = 0; i < windowLength; i++)
        {
            hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / windowLength);
            sum += hann[i];
        }
        this.hannSum = sum;
        this.envelopeAmplitude = new double[windowLength / 2];
        this.envelopeAverage = new double[windowLength / 2];
        this.bandEnergies = new double[bandEdgesHz.length - 1];
    }

    /** JTransforms would otherwise start a thread pool and split large transforms across it. */
    public static void singleThreadedFft()
    {
        if (ConcurrencyUtils.getNumberOfThreads() != 1)
        {
            ConcurrencyUtils.setNumberOfThreads(1);
        }
    }

    public int windowLength()
    {
        return n;
    }

    public double sampleRateHz()
    {
        return sampleRateHz;
    }

    /** Width of one bin of the envelope spectrum. */
    public double binHz()
    {
        return sampleRateHz / n;
    }

    public double bandLowHz()
    {
        return bandLowBin * binHz();
    }

    public double bandHighHz()
    {
        return bandHighBin * binHz();
    }

    /**
     * Analyses {@code samples[offset .. offset + windowLength)}. Returns false (and leaves the previous
     * results) when the window holds a NaN or an infinity, so one bad sample never poisons the average.
     */
    public boolean analyse(final double[] samples, final int offset)
    {
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            final double x = samples[offset + i];
            if (!Double.isFinite(x))
            {
                return false;
            }
            mean += x;
        }
        mean /= n;
        double m2 = 0;
        double m4 = 0;
        double sumSquares = 0;
        double max = 0;
        for (int i = 0; i < n; i++)
        {
            final double raw = samples[offset + i];
            final double x = raw - mean;
            final double x2 = x * x;
            m2 += x2;
            m4 += x2 * x2;
            sumSquares += raw * raw;
            max = Math.max(max, Math.abs(raw));
            spectrum[2 * i] = x;
            spectrum[2 * i + 1] = 0;
        }
        m2 /= n;
        m4 /= n;
        rms = Math.sqrt(sumSquares / n);
        peak = max;
        crest = rms > 0 ? peak / rms : 0;
        kurtosis = m2 > 0 ? m4 / (m2 * m2) : 0;

        complexFft.complexForward(spectrum);
        bandEnergiesFromSpectrum();

        // Analytic signal of the band-passed window: keep positive in-band bins, doubled; drop the rest.
        for (int k = 0; k < n; k++)
        {
            final double gain = k >= bandLowBin && k <= bandHighBin ? 2.0 : 0.0;
            spectrum[2 * k] *= gain;
            spectrum[2 * k + 1] *= gain;
        }
        complexFft.complexInverse(spectrum, true);
        double envelopeMean = 0;
        for (int i = 0; i < n; i++)
        {
            final double re = spectrum[2 * i];
            final double im = spectrum[2 * i + 1];
            envelope[i] = Math.sqrt(re * re + im * im);
            envelopeMean += envelope[i];
        }
        envelopeMean /= n;
        double e2 = 0;
        double e4 = 0;
        for (int i = 0; i < n; i++)
        {
            final double e = envelope[i] - envelopeMean;
            e2 += e * e;
            e4 += e * e * e * e;
            envelope[i] = e * hann[i];
        }
        e2 /= n;
        e4 /= n;
        envelopeKurtosis = e2 > 0 ? e4 / (e2 * e2) : 0;
        realFft.realForward(envelope);
        // realForward layout: [0] = Re(0), [1] = Re(n/2), [2k], [2k+1] = Re, Im of bin k.
        final double scale = 2.0 / hannSum;
        envelopeAmplitude[0] = 0;
        for (int k = 1; k < n / 2; k++)
        {
            final double re = envelope[2 * k];
            final double im = envelope[2 * k + 1];
            envelopeAmplitude[k] = Math.sqrt(re * re + im * im) * scale;
        }
        windowsAveraged++;
        final double weight = 1.0 / windowsAveraged;
        for (int k = 0; k < n / 2; k++)
        {
            envelopeAverage[k] += (envelopeAmplitude[k] - envelopeAverage[k]) * weight;
        }
        return true;
    }

    /** Mean-square value per band (Parseval, one-sided): the band energies sum to the variance. */
    private void bandEnergiesFromSpectrum()
    {
        final double binHz = binHz();
        final double norm = 1.0 / ((double)n * n);
        for (int b = 0; b < bandEnergies.length; b++)
        {
            final int from = Math.max(1, (int)Math.ceil(bandEdgesHz[b] / binHz));
            final int to = Math.min(n / 2, (int)Math.ceil(bandEdgesHz[b + 1] / binHz));
            double energy = 0;
            for (int k = from; k < to; k++)
            {
                final double re = spectrum[2 * k];
                final double im = spectrum[2 * k + 1];
                energy += (k == n / 2 ? 1.0 : 2.0) * (re * re + im * im);
            }
            bandEnergies[b] = energy * norm;
        }
    }

    /** Forgets the averaged envelope spectrum. */
    public void resetAverage()
    {
        java.util.Arrays.fill(envelopeAverage, 0);
        windowsAveraged = 0;
    }

    public int windowsAveraged()
    {
        return windowsAveraged;
    }

    public double rms()
    {
        return rms;
    }

    public double peak()
    {
        return peak;
    }

    public double crestFactor()
    {
        return crest;
    }

    /** Fourth standardised moment (3 for Gaussian noise, 1.5 for a sine). */
    public double kurtosis()
    {
        return kurtosis;
    }

    /** Kurtosis of the envelope in the demodulation band: high when the band carries impacts. */
    public double envelopeKurtosis()
    {
        return envelopeKurtosis;
    }

    public int bandCount()
    {
        return bandEnergies.length;
    }

    public double bandEnergy(final int band)
    {
        return bandEnergies[band];
    }

    /** Envelope amplitude at bin k of the last window (k · {@link #binHz()} Hz). */
    public double envelopeAmplitude(final int bin)
    {
        return envelopeAmplitude[bin];
    }

    /** Envelope amplitude at bin k averaged over the windows since the last {@link #resetAverage()}. */
    public double averagedEnvelope(final int bin)
    {
        return envelopeAverage[bin];
    }

    /** A copy of the averaged envelope spectrum (for diagnosis and reports, off the per-window path). */
    public double[] averagedEnvelopeSpectrum()
    {
        return envelopeAverage.clone();
    }
}
