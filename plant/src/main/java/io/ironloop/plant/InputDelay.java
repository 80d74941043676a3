package io.ironloop.plant;

/**
 * A transport delay in whole integration steps: what goes in comes out {@code max(1, round(deadTime / step))}
 * steps later (one step at least, as the zero-order hold of the input already implies). Starts full of
 * {@code initial}. Allocation-free after construction.
 */
final class InputDelay
{
    private final double[] line;
    private int index;

    InputDelay(final double deadTimeS, final long stepNs, final double initial)
    {
        line = new double[Math.max(1, (int)Math.round(deadTimeS * 1e9 / stepNs))];
        java.util.Arrays.fill(line, initial);
    }

    /** Puts {@code value} in and returns the one that went in a dead time ago. */
    double shift(final double value)
    {
        final double delayed = line[index];
        line[index] = value;
        index = index + 1 == line.length ? 0 : index + 1;
        return delayed;
    }
}
