package io.ironloop.hal.signal;

import io.ironloop.hal.Reading;
import io.ironloop.hal.SensorStatus;

/**
 * Linear calibration {@code y = scale * x + offset} (ESPHome {@code calibrate_linear}), from a scale
 * and offset or fitted by least squares through measured (raw, true) point pairs.
 */
public final class LinearCalibration implements SignalStage
{
    private final double scale;
    private final double offset;

    public LinearCalibration(final double scale, final double offset)
    {
        if (!Double.isFinite(scale) || !Double.isFinite(offset))
        {
            throw new IllegalArgumentException("linear calibration needs a finite scale and offset, got " + scale + ", " + offset);
        }
        this.scale = scale;
        this.offset = offset;
    }

    /** Least-squares line through point pairs (two or more, with at least two distinct raw values). */
    public static LinearCalibration fit(final double[] raw, final double[] actual)
    {
        final double[] coefficients = PolynomialCalibration.leastSquares(raw, actual, 1);
        return new LinearCalibration(coefficients[1], coefficients[0]);
    }

    public double scale()
    {
        return scale;
    }

    public double offset()
    {
        return offset;
    }

    @Override
    public boolean apply(final Reading reading)
    {
        if (reading.status != SensorStatus.FAULT)
        {
            reading.value = scale * reading.value + offset;
        }
        return true;
    }
}
