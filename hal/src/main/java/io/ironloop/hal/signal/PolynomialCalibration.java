package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/**
 * Polynomial calibration {@code y = c0 + c1 x + c2 x^2 + ...} (ESPHome {@code calibrate_polynomial}),
 * from coefficients or fitted by least squares through point pairs; evaluated by Horner's rule.
 */
public final class PolynomialCalibration implements SignalStage
{
    private final double[] coefficients;

    /** @param coefficients c0, c1, ... (at least one, all finite) */
    public PolynomialCalibration(final double... coefficients)
    {
        if (coefficients.length == 0)
        {
            throw new IllegalArgumentException("polynomial calibration needs at least one coefficient");
        }
        for (final double c : coefficients)
        {
            if (!Double.isFinite(c))
            {
                throw new IllegalArgumentException("polynomial coefficients must be finite");
            }
        }
        this.coefficients = coefficients.clone();
    }

    /** Least-squares polynomial of {@code degree} through point pairs (more points than the degree). */
    public static PolynomialCalibration fit(final double[] raw, final double[] actual, final int degree)
    {
        return new PolynomialCalibration(leastSquares(raw, actual, degree));
    }

    /** Coefficients c0..c{degree}, lowest first. */
    public double[] coefficients()
    {
        return coefficients.clone();
    }

    @Override
    public boolean apply(final Reading reading)
    {
        if (reading.status == SensorStatus.FAULT)
        {
            return true;
        }
        final double x = reading.value;
        double y = 0;
        for (int i = coefficients.length - 1; i >= 0; i--)
        {
            y = y * x + coefficients[i];
        }
        reading.value = y;
        return true;
    }

    /** Solves the normal equations by Gaussian elimination with partial pivoting (start-up only). */
    static double[] leastSquares(final double[] x, final double[] y, final int degree)
    {
        if (degree < 0 || x.length != y.length || x.length < degree + 1)
        {
            throw new IllegalArgumentException("a degree-" + degree + " fit needs at least " + (degree + 1) + " point pairs, got " + x.length);
        }
        final int n = degree + 1;
        final double[][] a = new double[n][n + 1];
        for (int k = 0; k < x.length; k++)
        {
            final double[] powers = new double[2 * n];
            powers[0] = 1;
            for (int p = 1; p < powers.length; p++)
            {
                powers[p] = powers[p - 1] * x[k];
            }
            for (int row = 0; row < n; row++)
            {
                for (int col = 0; col < n; col++)
                {
                    a[row][col] += powers[row + col];
                }
                a[row][n] += powers[row] * y[k];
            }
        }
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++)
            {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col]))
                {
                    pivot = row;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12)
            {
                throw new IllegalArgumentException("the point pairs do not determine a degree-" + degree + " fit (too few distinct raw values)");
            }
            final double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int row = 0; row < n; row++)
            {
                if (row != col)
                {
                    final double factor = a[row][col] / a[col][col];
                    for (int c = col; c <= n; c++)
                    {
                        a[row][c] -= factor * a[col][c];
                    }
                }
            }
        }
        final double[] coefficients = new double[n];
        for (int i = 0; i < n; i++)
        {
            coefficients[i] = a[i][n] / a[i][i];
        }
        return coefficients;
    }
}
