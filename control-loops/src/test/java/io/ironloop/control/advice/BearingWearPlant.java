package io.ironloop.control.advice;

import java.util.SplittableRandom;

/**
 * A bearing whose wear indicator (vibration RMS, mm/s) grows exponentially from {@code initial} and
 * reaches {@code failure} at a known, seeded time, measured with noise: log-normal white noise of
 * {@code sigma}, optionally AR(1)-correlated ({@code rho}) and on top of an optional healthy plateau (the
 * indicator then is {@code plateau + growth}, the growth starting from almost nothing). The true remaining
 * life at any time is known exactly.
 */
final class BearingWearPlant
{
    final double initial;
    final double failure;
    final double failureTimeS;
    final double ratePerS;
    private final double sigma;
    private final double rho;
    private final double plateau;
    private final SplittableRandom random;
    private double correlated;

    BearingWearPlant(final long seed, final double initial, final double failure, final double lifeS, final double sigma,
        final double rho, final double plateau)
    {
        this.random = new SplittableRandom(seed);
        this.initial = initial;
        this.failure = failure;
        this.failureTimeS = lifeS;
        this.ratePerS = Math.log((failure - plateau) / initial) / lifeS;
        this.sigma = sigma;
        this.rho = rho;
        this.plateau = plateau;
    }

    /** The noise-free indicator at {@code tS}. */
    double truth(final double tS)
    {
        return plateau + initial * Math.exp(ratePerS * tS);
    }

    /** One measurement at {@code tS}. */
    double measure(final double tS)
    {
        correlated = rho * correlated + Math.sqrt(1 - rho * rho) * gaussian();
        return truth(tS) * Math.exp(sigma * correlated);
    }

    double remainingS(final double tS)
    {
        return failureTimeS - tS;
    }

    private double gaussian()
    {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        final double u = 1.0 - random.nextDouble();
        final double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
