package io.ironloop.control.block;

/**
 * On/off (bang-bang) control with a hysteresis band and minimum on and off times (to protect a
 * contactor, a compressor or a burner from short cycling). Heating action switches on below
 * {@code setpoint - hysteresis/2} and off above {@code setpoint + hysteresis/2}; cooling action is the
 * mirror image. Allocation-free.
 */
public final class OnOff implements LoopController
{
    private final double hysteresis;
    private final boolean heating;
    private final double outputOn;
    private final double outputOff;
    private final long minOnNs;
    private final long minOffNs;
    private boolean on;
    private long switchedNs;
    private boolean switchedOnce;
    private boolean switchedWhileTracking;

    /**
     * @param hysteresis width of the band around the setpoint (>= 0)
     * @param heating    true: on while the measurement is low (heater); false: on while high (cooler)
     * @param outputOn   command while on
     * @param outputOff  command while off
     * @param minOnNs    shortest time to stay on once switched on
     * @param minOffNs   shortest time to stay off once switched off
     */
    public OnOff(
        final double hysteresis,
        final boolean heating,
        final double outputOn,
        final double outputOff,
        final long minOnNs,
        final long minOffNs)
    {
        if (!(hysteresis >= 0) || minOnNs < 0 || minOffNs < 0 || !Double.isFinite(outputOn) || !Double.isFinite(outputOff))
        {
            throw new IllegalArgumentException("invalid on/off parameters");
        }
        this.hysteresis = hysteresis;
        this.heating = heating;
        this.outputOn = outputOn;
        this.outputOff = outputOff;
        this.minOnNs = minOnNs;
        this.minOffNs = minOffNs;
    }

    @Override
    public int inputCount()
    {
        return 1;
    }

    @Override
    public double update(final long nowNs, final double dtS, final double setpoint, final double[] inputs)
    {
        if (switchedWhileTracking)
        {
            // The output changed while someone else set it (SAFE, MANUAL): the minimum times count from now.
            switchedWhileTracking = false;
            switchedNs = nowNs;
            switchedOnce = true;
        }
        final double pv = inputs[0];
        if (!Double.isFinite(pv) || !Double.isFinite(setpoint))
        {
            return on ? outputOn : outputOff;
        }
        final double half = hysteresis / 2.0;
        final double error = heating ? setpoint - pv : pv - setpoint;
        boolean want = on;
        if (error > half)
        {
            want = true;
        }
        else if (error < -half)
        {
            want = false;
        }
        if (want != on)
        {
            final long minimumNs = on ? minOnNs : minOffNs;
            if (!switchedOnce || nowNs - switchedNs >= minimumNs)
            {
                on = want;
                switchedNs = nowNs;
                switchedOnce = true;
            }
        }
        return on ? outputOn : outputOff;
    }

    @Override
    public void track(final double output, final double setpoint, final double[] inputs)
    {
        final boolean applied = Math.abs(output - outputOn) < Math.abs(output - outputOff);
        switchedWhileTracking |= applied != on;
        on = applied;
    }

    @Override
    public void reset()
    {
        on = false;
        switchedOnce = false;
        switchedWhileTracking = false;
    }

    public boolean isOn()
    {
        return on;
    }
}
