package io.ironloop.hal.sim;

import io.ironloop.hal.bus.BusResult;

/**
 * Fault injection for simulated buses: make chosen addresses fail with a chosen result, for a number
 * of transfers or until cleared. Used by tests to prove drivers turn bus errors into statuses.
 */
public final class BusFaults
{
    private static final int FOREVER = Integer.MAX_VALUE;
    private final int[] remaining;
    private final int[] result;

    public BusFaults(final int addressCount)
    {
        remaining = new int[addressCount];
        result = new int[addressCount];
    }

    /** Fails the next {@code transfers} transfers to {@code address} with {@code busResult}. */
    public void failNext(final int address, final int transfers, final int busResult)
    {
        remaining[address] = transfers;
        result[address] = busResult;
    }

    /** Fails every transfer to {@code address} until {@link #clear(int)}. */
    public void failAlways(final int address, final int busResult)
    {
        failNext(address, FOREVER, busResult);
    }

    /** Stops failing {@code address}. */
    public void clear(final int address)
    {
        remaining[address] = 0;
    }

    /** Returns 0 when the transfer may proceed, else the injected negative result (and counts it down). */
    public int check(final int address)
    {
        final int left = remaining[address];
        if (left == 0)
        {
            return 0;
        }
        if (left != FOREVER)
        {
            remaining[address] = left - 1;
        }
        return result[address] == 0 ? BusResult.IO_ERROR : result[address];
    }
}
