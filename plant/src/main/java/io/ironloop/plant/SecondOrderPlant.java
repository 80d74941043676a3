package io.ironloop.plant;

/**
 * A second-order process (a mass on a spring, a level with inertia, a lightly damped positioner):
 * {@code y'' + 2 zeta wn y' + wn^2 (y - offset) = wn^2 gain u(t - deadTime)}. Discretized exactly for an
 * input held over each step: the transition matrix and input vector come from the matrix exponential,
 * computed once at construction, so an underdamped step overshoots by {@code exp(-zeta pi / sqrt(1 - zeta^2))}
 * whatever the step length. Starts at rest at {@code offset}. One output, {@code value}.
 */
public final class SecondOrderPlant extends SteppedPlant
{
    private final double offset;
    private final double phi00;
    private final double phi01;
    private final double phi10;
    private final double phi11;
    private final double gamma0;
    private final double gamma1;
    private final InputDelay delay;
    private double position;
    private double velocity;

    /**
     * @param offset             output at rest with zero input
     * @param gain               steady-state change of the output for a full-span input
     * @param naturalFrequencyHz undamped natural frequency {@code wn / 2 pi}
     * @param damping            damping ratio zeta (below 1 overshoots)
     * @param deadTimeS          transport delay
     * @param noise              standard deviation of the measurement noise, in output units
     * @param seed               noise seed
     * @param stepNs             integration step
     */
    public SecondOrderPlant(
        final double offset,
        final double gain,
        final double naturalFrequencyHz,
        final double damping,
        final double deadTimeS,
        final double noise,
        final long seed,
        final long stepNs)
    {
        super(stepNs, seed, new String[] {"value"}, new double[] {noise});
        require(Double.isFinite(offset) && Double.isFinite(gain), "offset and gain must be finite");
        require(naturalFrequencyHz > 0 && Double.isFinite(naturalFrequencyHz), "naturalFrequencyHz must be positive, got " + naturalFrequencyHz);
        require(damping >= 0 && Double.isFinite(damping), "damping must not be negative, got " + damping);
        require(deadTimeS >= 0 && Double.isFinite(deadTimeS), "deadTimeS must not be negative, got " + deadTimeS);
        final double wn = 2.0 * StrictMath.PI * naturalFrequencyHz;
        // Augmented system [x; u]' = [[A, B], [0, 0]] [x; u]: its exponential holds Phi and Gamma.
        final double[][] m = {
            {0.0, 1.0, 0.0},
            {-wn * wn, -2.0 * damping * wn, wn * wn * gain},
            {0.0, 0.0, 0.0}};
        final double[][] e = expm(m, stepS);
        this.phi00 = e[0][0];
        this.phi01 = e[0][1];
        this.phi10 = e[1][0];
        this.phi11 = e[1][1];
        this.gamma0 = e[0][2];
        this.gamma1 = e[1][2];
        this.offset = offset;
        this.delay = new InputDelay(deadTimeS, stepNs, 0.0);
    }

    @Override
    protected void step(final double command)
    {
        final double u = delay.shift(command);
        final double p = position;
        final double v = velocity;
        position = phi00 * p + phi01 * v + gamma0 * u;
        velocity = phi10 * p + phi11 * v + gamma1 * u;
    }

    @Override
    public double trueValue(final int output)
    {
        return offset + position;
    }

    /** exp(m * t) by scaling and squaring a Taylor series; plain arithmetic, so the same on every JVM. */
    static double[][] expm(final double[][] m, final double t)
    {
        final int n = m.length;
        double norm = 0.0;
        for (final double[] row : m)
        {
            double sum = 0.0;
            for (final double x : row)
            {
                sum += Math.abs(x);
            }
            norm = Math.max(norm, sum * t);
        }
        int squarings = 0;
        double scale = t;
        while (norm > 0.5)
        {
            norm /= 2.0;
            scale /= 2.0;
            squarings++;
        }
        double[][] result = identity(n);
        double[][] term = identity(n);
        for (int k = 1; k <= 20; k++)
        {
            term = multiply(term, m);
            for (final double[] row : term)
            {
                for (int j = 0; j < n; j++)
                {
                    row[j] *= scale / k;
                }
            }
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    result[i][j] += term[i][j];
                }
            }
        }
        for (int s = 0; s < squarings; s++)
        {
            result = multiply(result, result);
        }
        return result;
    }

    private static double[][] identity(final int n)
    {
        final double[][] id = new double[n][n];
        for (int i = 0; i < n; i++)
        {
            id[i][i] = 1.0;
        }
        return id;
    }

    private static double[][] multiply(final double[][] a, final double[][] b)
    {
        final int n = a.length;
        final double[][] c = new double[n][n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0.0;
                for (int k = 0; k < n; k++)
                {
                    sum += a[i][k] * b[k][j];
                }
                c[i][j] = sum;
            }
        }
        return c;
    }
}
