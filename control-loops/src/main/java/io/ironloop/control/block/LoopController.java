package io.ironloop.control.block;

/**
 * A controller block that a loop runs every tick: PID, cascade, on/off. The loop reads the block's
 * inputs from the process image, checks them (status, age, finite) and passes them in, so a block
 * sees only finite inputs in {@link #update}. Implementations are allocation-free and take time from
 * the caller; they should not throw, but the loop counts and contains it if one does.
 */
public interface LoopController
{
    /** Number of process values the block needs: input 0 is the controlled measurement. */
    int inputCount();

    /**
     * One automatic step.
     *
     * @param nowNs    time of the tick
     * @param dtS      seconds since the previous tick (> 0)
     * @param setpoint the loop's setpoint for input 0
     * @param inputs   {@link #inputCount()} finite process values
     * @return the command for the loop's actuator
     */
    double update(long nowNs, double dtS, double setpoint, double[] inputs);

    /**
     * Follows an output set by someone else (MANUAL, SAFE, autotune) so that the return to automatic
     * is bumpless. Inputs may be NaN when they are not healthy.
     */
    void track(double output, double setpoint, double[] inputs);

    /** Clears the state. */
    void reset();
}
