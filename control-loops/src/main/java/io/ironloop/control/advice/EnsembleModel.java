package io.ironloop.control.advice;

import io.ironloop.control.detect.DetectorEnsemble;
import io.ironloop.control.detect.DetectorLearningException;

/**
 * The detectors of {@code io.ironloop.control.detect} as an advisor model: the ensemble learns normal
 * behaviour on the machine from its first {@code learnSamples} complete samples, then scores every
 * sample. Outputs, in order:
 * <ol start="0">
 *   <li>anomaly score: the ensemble's score over its threshold (1 = at the threshold; 0 while learning);</li>
 *   <li>alarm: 1 while the ensemble's alarm rule (hysteresis, minimum duration) holds an alarm, else 0;</li>
 *   <li>fallback: 1 while alarmed or while an input is missing (NaN): the machine is outside what the
 *       model learned, so an ADVISED loop goes back to AUTO.</li>
 * </ol>
 * A sample with a missing input is not learned (it would poison the statistics) and, once learned, is
 * scored with that channel at its normal value by the detectors. When learning fails (a constant
 * channel, too few usable samples) the model never becomes ready and {@link #notReady()} says why; its
 * outputs stay neutral, so the loops keep their deterministic path. Allocation-free after learning.
 */
public final class EnsembleModel implements Model
{
    public static final int OUTPUTS = 3;
    public static final int SCORE = 0;
    public static final int ALARM = 1;
    public static final int FALLBACK = 2;

    private final DetectorEnsemble ensemble;
    private final int learnSamples;
    private int learned;
    private boolean ready;
    private String failure;

    public EnsembleModel(final DetectorEnsemble ensemble, final int learnSamples)
    {
        if (learnSamples < 1)
        {
            throw new IllegalArgumentException("learnSamples must be positive, got " + learnSamples);
        }
        this.ensemble = ensemble;
        this.learnSamples = learnSamples;
    }

    @Override
    public int inputCount()
    {
        return ensemble.channels();
    }

    @Override
    public int outputCount()
    {
        return OUTPUTS;
    }

    @Override
    public void evaluate(final long nowNs, final double[] inputs, final double[] outputs)
    {
        final boolean complete = complete(inputs);
        if (!ready)
        {
            outputs[SCORE] = 0.0;
            outputs[ALARM] = 0.0;
            outputs[FALLBACK] = 0.0;
            if (failure == null && complete)
            {
                ensemble.learn(inputs);
                if (++learned >= learnSamples)
                {
                    finish();
                }
            }
            return;
        }
        final double threshold = ensemble.threshold();
        final double score = ensemble.score(inputs);
        final boolean alarm = ensemble.alarm();
        outputs[SCORE] = threshold > 0 ? score / threshold : score;
        outputs[ALARM] = alarm ? 1.0 : 0.0;
        outputs[FALLBACK] = alarm || !complete ? 1.0 : 0.0;
    }

    private void finish()
    {
        try
        {
            ensemble.finishLearning();
            ready = true;
        }
        catch (final DetectorLearningException ex)
        {
            failure = "learning failed after " + learned + " samples: " + ex.getMessage();
        }
    }

    private static boolean complete(final double[] inputs)
    {
        for (final double v : inputs)
        {
            if (!Double.isFinite(v))
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean ready()
    {
        return ready;
    }

    @Override
    public String notReady()
    {
        if (ready)
        {
            return null;
        }
        return failure != null ? failure : "learning: " + learned + " of " + learnSamples + " samples";
    }

    /** Why learning failed, or null (still learning or learned). */
    public String learningFailure()
    {
        return failure;
    }

    /** Channel indices that contributed most to the last score, most first; returns how many were written. */
    public int topChannels(final int[] out)
    {
        return ensemble.topChannels(out);
    }

    /** The ensemble's blamed channels of the active (or last) alarm. */
    @Override
    public int contributors(final int[] out)
    {
        return ready ? ensemble.topChannels(out) : 0;
    }
}
