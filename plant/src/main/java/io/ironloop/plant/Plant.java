package io.ironloop.plant;

/**
 * A simulated process with one actuator input and one or more measured outputs, integrated in fixed
 * steps of an injected length up to the time it is sampled (whatever clock drives the sampling: the
 * system clock on a bench, the virtual clock in lockstep), so a seed always gives the same trajectory.
 *
 * <p>Threading: {@link #input} may be called from any thread (the control agent's output flush);
 * {@link #measuredAt} integrates and must be called from one thread only (the acquisition agent of
 * the bus its sensors are on). Neither allocates.
 */
public interface Plant
{
    /** The actuator's command as a fraction of its span, clamped to 0..1. */
    void input(double fraction);

    /** How many measured outputs this plant has. */
    int outputs();

    /** The name of {@code output} as the machine file names it ({@code value}, {@code level}, {@code flow}, ...). */
    String outputName(int output);

    /** The measured value of {@code output} at {@code nowNs} (true value plus measurement noise), in its unit. */
    double measuredAt(int output, long nowNs);

    /** The noise-free value of {@code output} at the last integration step, for tests. */
    double trueValue(int output);
}
