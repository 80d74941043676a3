package io.ironloop.control.advice;

/**
 * What an advisor runs: a function from an input vector (the mapped channels, in order) to an output
 * vector whose meaning the machine file gives (anomaly score, health, setpoint trims, alarm, fallback).
 * Built-in models, ONNX models and the detectors of {@code io.ironloop.control.detect} all plug in here.
 *
 * <p>Called on the advisor thread only, never on the control thread. It may throw and may return
 * NaN: the advisor agent contains both, counts them and withdraws its advice. A built-in model must
 * not allocate after {@link #evaluate} has run once.
 */
public interface Model
{
    /** Length of the input vector. */
    int inputCount();

    /** Length of the output vector. */
    int outputCount();

    /**
     * Scores one sample.
     *
     * @param nowNs   the advisor's time of this sample
     * @param inputs  the mapped channels; NaN where a channel is not OK (a model may refuse to score then)
     * @param outputs filled by the model, length {@link #outputCount()}
     */
    void evaluate(long nowNs, double[] inputs, double[] outputs);

    /** False while the model is still learning (its outputs are then neutral); checked every run, allocation-free. */
    default boolean ready()
    {
        return true;
    }

    /**
     * The inputs that contributed most to the last evaluation, most first, as indices into the input vector;
     * returns how many were written (at most {@code out.length}). The advisor names them in its alarm.
     * Allocation-free; a model that cannot tell returns 0 (the default).
     */
    default int contributors(final int[] out)
    {
        return 0;
    }

    /** Why the model is not scoring yet (learning), or null when it is. For status, not for the hot path. */
    default String notReady()
    {
        return null;
    }
}
