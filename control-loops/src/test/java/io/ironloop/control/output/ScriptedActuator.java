package io.ironloop.control.output;

import io.ironloop.hal.Actuator;
import io.ironloop.hal.LifecycleState;
import io.ironloop.hal.Unit;

/**
 * Test actuator: answers each write with a result the test sets, and remembers the values, the number
 * of calls and whether any came from a thread the test forbids (the control thread).
 */
final class ScriptedActuator implements Actuator
{
    private final String id;
    private final double safeValue;
    private volatile int result;
    private volatile Thread forbidden;
    private volatile boolean calledFromForbidden;
    private volatile double last = Double.NaN;
    private volatile double lastWritten = Double.NaN;
    private volatile long calls;
    private long checksum = 17;

    ScriptedActuator(final String id, final double safeValue)
    {
        this.id = id;
        this.safeValue = safeValue;
    }

    /** The result of every later write: 0 for success, a negative BusResult for a failure. */
    void answer(final int result)
    {
        this.result = result;
    }

    /** Notes any later write made on {@code thread}. */
    void forbid(final Thread thread)
    {
        forbidden = thread;
    }

    boolean calledFromForbidden()
    {
        return calledFromForbidden;
    }

    long calls()
    {
        return calls;
    }

    /** A digest of every call's time and value, to compare two runs bit for bit. */
    long checksum()
    {
        return checksum;
    }

    /** The value of the last call, failed or not. */
    double lastAttempted()
    {
        return lastWritten;
    }

    @Override
    public int write(final long nowNs, final double value)
    {
        calledFromForbidden |= Thread.currentThread() == forbidden;
        calls++;
        checksum = checksum * 31 + Double.doubleToRawLongBits(value) + nowNs;
        lastWritten = value;
        final int answer = result;
        if (answer >= 0)
        {
            last = value;
        }
        return answer;
    }

    @Override
    public double lastValue()
    {
        return last;
    }

    @Override
    public Unit unit()
    {
        return Unit.FRACTION;
    }

    @Override
    public double safeValue()
    {
        return safeValue;
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public void configure()
    {
    }

    @Override
    public void activate()
    {
    }

    @Override
    public void deactivate()
    {
    }

    @Override
    public LifecycleState state()
    {
        return LifecycleState.ACTIVE;
    }
}
