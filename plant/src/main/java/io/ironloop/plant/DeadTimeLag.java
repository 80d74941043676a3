package io.ironloop.plant;

/**
 * The dynamics the simulated plants share: an input in 0..1 passes through a dead time, a static gain
 * ({@code offset + gain * u}, or {@code offset + gain * u^2} for a square law such as a pump's
 * affinity law) and a first-order lag, and is measured with seeded Gaussian noise. Integrated exactly
 * (zero-order hold on the input) in fixed steps, lazily, up to the time it is sampled, so it follows
 * whichever clock drives the bus and a seed always gives the same trajectory under the virtual clock.
 *
 * <p>Threading: the input may be set from another thread (the control agent writes an output while
 * an acquisition agent samples the measurement); integration happens only on the sampling thread.
 */
final class DeadTimeLag
{
    private final double offset;
    private final double gain;
    private final boolean squareLaw;
    private final long stepNs;
    private final double lagAlpha;
    private final double noiseStd;
    private final GaussianNoise noise;
    private final double[] deadTimeLine;
    private int deadTimeIndex;

    private volatile double input;
    private long simNs = Long.MIN_VALUE;
    private double value;
    private double measured;

    DeadTimeLag(
        final double offset,
        final double gain,
        final boolean squareLaw,
        final double timeConstantS,
        final double deadTimeS,
        final double noiseStd,
        final long seed,
        final long stepNs)
    {
        this.offset = offset;
        this.gain = gain;
        this.squareLaw = squareLaw;
        this.stepNs = stepNs;
        this.lagAlpha = 1.0 - StrictMath.exp(-(stepNs / 1e9) / timeConstantS);
        this.noiseStd = noiseStd;
        this.noise = new GaussianNoise(seed);
        this.deadTimeLine = new double[Math.max(1, (int)Math.round(deadTimeS * 1e9 / stepNs))];
        this.value = offset;
        this.measured = offset;
    }

    /** Sets the input, clamped to 0..1 (any thread). */
    void input(final double fraction)
    {
        input = Math.max(0.0, Math.min(1.0, fraction));
    }

    /** The measured output at {@code nowNs} (sampling thread only). */
    double measuredAt(final long nowNs)
    {
        advanceTo(nowNs);
        return measured;
    }

    /** The noise-free output at the last integration step. */
    double trueValue()
    {
        return value;
    }

    private void advanceTo(final long nowNs)
    {
        if (simNs == Long.MIN_VALUE)
        {
            simNs = nowNs;
            measured = value + noiseStd * noise.nextGaussian();
            return;
        }
        // One read of the input per integration: it is what the actuator holds over this interval, and
        // locals keep the volatile read from forcing every field to be reloaded on each step.
        final double command = input;
        final double[] line = deadTimeLine;
        final long step = stepNs;
        int index = deadTimeIndex;
        double state = value;
        long time = simNs;
        boolean stepped = false;
        while (nowNs - time >= step)
        {
            final double delayed = line[index];
            line[index] = command;
            index = index + 1 == line.length ? 0 : index + 1;
            final double target = offset + gain * (squareLaw ? delayed * delayed : delayed);
            state += (target - state) * lagAlpha;
            time += step;
            stepped = true;
        }
        deadTimeIndex = index;
        value = state;
        simNs = time;
        if (stepped)
        {
            measured = state + noiseStd * noise.nextGaussian();
        }
    }
}
