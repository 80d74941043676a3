package io.ironloop.control.vibration;

/**
 * A rolling-element bearing's geometry and the defect frequencies that follow from it (the classic
 * kinematic formulas, no slip): with n balls of diameter d on pitch diameter D at contact angle θ and a
 * shaft turning at f_r (inner race rotating, outer race fixed),
 * <ul>
 *   <li>FTF (cage) = f_r/2 · (1 − d/D·cos θ)</li>
 *   <li>BPFO (outer race) = n·f_r/2 · (1 − d/D·cos θ)</li>
 *   <li>BPFI (inner race) = n·f_r/2 · (1 + d/D·cos θ)</li>
 *   <li>BSF (ball spin) = D·f_r/(2d) · (1 − (d/D·cos θ)²); a ball defect strikes both races, so its
 *       envelope line is usually at 2·BSF</li>
 * </ul>
 * Diameters in any one unit (only their ratio counts).
 */
public record BearingGeometry(String name, int balls, double ballDiameter, double pitchDiameter, double contactAngleDeg)
{
    public BearingGeometry
    {
        if (balls < 3)
        {
            throw new IllegalArgumentException("a bearing has at least 3 rolling elements, got " + balls);
        }
        if (!(ballDiameter > 0) || !(pitchDiameter > ballDiameter))
        {
            throw new IllegalArgumentException("need 0 < ball diameter < pitch diameter, got " + ballDiameter + " and " + pitchDiameter);
        }
        if (!(contactAngleDeg >= 0 && contactAngleDeg < 90))
        {
            throw new IllegalArgumentException("contact angle must be in [0, 90) degrees, got " + contactAngleDeg);
        }
    }

    /** SKF 6205-2RS JEM, the CWRU drive-end bearing: 9 balls, 0.3126 in balls, 1.537 in pitch, 0°. */
    public static BearingGeometry skf6205()
    {
        return new BearingGeometry("6205-2RS JEM SKF", 9, 0.3126, 1.537, 0.0);
    }

    private double ratio()
    {
        return ballDiameter / pitchDiameter * Math.cos(Math.toRadians(contactAngleDeg));
    }

    /** Cage frequency in Hz at shaft frequency {@code shaftHz}. */
    public double ftf(final double shaftHz)
    {
        return shaftHz / 2 * (1 - ratio());
    }

    public double bpfo(final double shaftHz)
    {
        return balls * shaftHz / 2 * (1 - ratio());
    }

    public double bpfi(final double shaftHz)
    {
        return balls * shaftHz / 2 * (1 + ratio());
    }

    public double bsf(final double shaftHz)
    {
        final double r = ratio();
        return pitchDiameter * shaftHz / (2 * ballDiameter) * (1 - r * r);
    }
}
