package io.ironloop.plant;

/**
 * What the {@link Plant}s with state vectors share: the input held between integration steps, the
 * lazy fixed-step integration up to the sampling time, and the measured outputs (true value plus seeded
 * Gaussian noise, refreshed once per sample that advanced the state, for every output in order, so
 * the noise sequence does not depend on which output is read first).
 */
abstract class SteppedPlant implements Plant
{
    /** Integration step, injected. */
    protected final long stepNs;
    /** The same, in seconds. */
    protected final double stepS;
    private final String[] names;
    private final double[] noiseStd;
    private final double[] measured;
    private final GaussianNoise noise;
    private volatile double input;
    private long simNs = Long.MIN_VALUE;

    SteppedPlant(final long stepNs, final long seed, final String[] names, final double[] noiseStd)
    {
        if (stepNs <= 0)
        {
            throw new IllegalArgumentException("the integration step must be positive, got " + stepNs + " ns");
        }
        for (final double std : noiseStd)
        {
            if (!(std >= 0) || !Double.isFinite(std))
            {
                throw new IllegalArgumentException("measurement noise must be finite and not negative, got " + std);
            }
        }
        this.stepNs = stepNs;
        this.stepS = stepNs / 1e9;
        this.names = names.clone();
        this.noiseStd = noiseStd.clone();
        this.measured = new double[names.length];
        this.noise = new GaussianNoise(seed);
    }

    /** Advances the state by one step with the (held) input {@code command} in 0..1. */
    protected abstract void step(double command);

    @Override
    public final void input(final double fraction)
    {
        // NaN clamps to 0: a plant never integrates a NaN into its state.
        input = fraction >= 1.0 ? 1.0 : fraction > 0.0 ? fraction : 0.0;
    }

    /** The input as last set, for subclasses' initial conditions and tests. */
    protected final double heldInput()
    {
        return input;
    }

    @Override
    public final int outputs()
    {
        return names.length;
    }

    @Override
    public final String outputName(final int output)
    {
        return names[output];
    }

    @Override
    public final double measuredAt(final int output, final long nowNs)
    {
        advanceTo(nowNs);
        return measured[output];
    }

    private void advanceTo(final long nowNs)
    {
        if (simNs == Long.MIN_VALUE)
        {
            simNs = nowNs;
            measure();
            return;
        }
        // One read of the input per sample: what the actuator holds over this interval.
        final double command = input;
        final long step = stepNs;
        long time = simNs;
        boolean stepped = false;
        while (nowNs - time >= step)
        {
            step(command);
            time += step;
            stepped = true;
        }
        simNs = time;
        if (stepped)
        {
            measure();
        }
    }

    private void measure()
    {
        for (int i = 0; i < measured.length; i++)
        {
            measured[i] = trueValue(i) + noiseStd[i] * noise.nextGaussian();
        }
    }

    static void require(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
