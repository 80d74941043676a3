package io.ironloop.control.block;

/**
 * A ramp/soak setpoint program (furnaces, kilns, heat treatment): a list of segments, each a ramp at a
 * rate to a target followed by a soak at the target for a duration. The program starts from the
 * measurement (or a given value), so a warm furnace does not first cool down to the start value.
 *
 * <p>Guaranteed soak (holdback): with a band > 0, the program stops advancing -- neither the ramping
 * setpoint nor the soak timer moves -- while the measurement is further than the band from the
 * setpoint, so the work piece really spends the soak time at temperature. An operator can also
 * {@link #hold()} and {@link #resume()} the program. Time comes from the caller ({@code dtS}); a
 * program that is not updated (loop in MANUAL or SAFE) does not advance. Allocation-free.
 */
public final class RampSoakProgram
{
    /** Where the program is. */
    public enum State { IDLE, RAMP, SOAK, DONE }

    private final double[] ratePerS;
    private final double[] target;
    private final double[] soakS;
    private final double bandAbs;

    private volatile boolean holdRequested;
    private State state = State.IDLE;
    private int segment;
    private double setpoint = Double.NaN;
    private double soakedS;
    private boolean waiting;

    /**
     * @param ratePerS  ramp rate of each segment in units per second (> 0; infinite = step)
     * @param target    target of each segment
     * @param soakS     soak time of each segment in seconds (>= 0)
     * @param bandAbs   guaranteed-soak band in measurement units; 0 = off
     */
    public RampSoakProgram(final double[] ratePerS, final double[] target, final double[] soakS, final double bandAbs)
    {
        if (ratePerS.length == 0 || ratePerS.length != target.length || target.length != soakS.length || !(bandAbs >= 0))
        {
            throw new IllegalArgumentException("a program needs segments of equal rate, target and soak counts");
        }
        for (int i = 0; i < ratePerS.length; i++)
        {
            if (!(ratePerS[i] > 0) || !Double.isFinite(target[i]) || !(soakS[i] >= 0) || !Double.isFinite(soakS[i]))
            {
                throw new IllegalArgumentException("segment " + i + ": rate must be > 0, target finite, soak >= 0");
            }
        }
        this.ratePerS = ratePerS.clone();
        this.target = target.clone();
        this.soakS = soakS.clone();
        this.bandAbs = bandAbs;
    }

    /** Starts (or restarts) from {@code startValue} at the first segment. */
    public void start(final double startValue)
    {
        setpoint = startValue;
        segment = 0;
        soakedS = 0.0;
        waiting = false;
        state = State.RAMP;
    }

    /**
     * Advances the program by {@code dtS} and returns the setpoint. Starts from {@code measurement}
     * on the first call (if it is finite; else from the first target).
     */
    public double update(final double dtS, final double measurement)
    {
        if (state == State.IDLE)
        {
            start(Double.isFinite(measurement) ? measurement : target[0]);
        }
        if (state == State.DONE || !(dtS > 0) || !Double.isFinite(dtS))
        {
            return setpoint;
        }
        waiting = bandAbs > 0 && (!Double.isFinite(measurement) || Math.abs(measurement - setpoint) > bandAbs);
        if (holdRequested || waiting)
        {
            return setpoint;
        }
        if (state == State.RAMP)
        {
            final double goal = target[segment];
            final double step = ratePerS[segment] * dtS;
            if (Math.abs(goal - setpoint) <= step)
            {
                setpoint = goal;
                state = State.SOAK;
                soakedS = 0.0;
            }
            else
            {
                setpoint += goal > setpoint ? step : -step;
            }
            return setpoint;
        }
        soakedS += dtS;
        if (soakedS >= soakS[segment])
        {
            segment++;
            soakedS = 0.0;
            state = segment == target.length ? State.DONE : State.RAMP;
        }
        return setpoint;
    }

    /** Freezes the program where it is (any thread). */
    public void hold()
    {
        holdRequested = true;
    }

    /** Lets a held program go on (any thread). */
    public void resume()
    {
        holdRequested = false;
    }

    public boolean isHeld()
    {
        return holdRequested;
    }

    /** True when the last update held the program because the measurement was outside the band. */
    public boolean isWaitingForMeasurement()
    {
        return waiting;
    }

    public State state()
    {
        return state;
    }

    /** Index of the current segment (the segment count when done). */
    public int segment()
    {
        return segment;
    }

    public double setpoint()
    {
        return setpoint;
    }

    /** Seconds spent soaking in the current segment. */
    public double soakedS()
    {
        return soakedS;
    }

    public int segmentCount()
    {
        return target.length;
    }
}
