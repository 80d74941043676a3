package io.ironloop.control.detect;

/**
 * A detector of abnormal behaviour that learns what normal looks like on the machine and then scores
 * every sample. The one interface every detector here implements, and what an advisor or an
 * evaluation drives:
 *
 * <ol>
 *   <li><b>Learning</b> (off the hot path, may allocate): {@link #learn(double[])} once per healthy sample,
 *       in time order, then {@link #finishLearning()}. A NaN entry means "missing": it never enters a learned
 *       statistic (multivariate models drop the whole row, univariate ones the single value). Too few usable
 *       samples or a constant channel make {@code finishLearning} throw {@link DetectorLearningException}
 *       with a message naming the channel; nothing is divided by zero.</li>
 *   <li><b>Scoring</b> (hot path): {@link #score(double[])} once per sample, in time order. It allocates
 *       nothing, throws nothing and takes no lock; a NaN entry is taken as the learned normal value of that
 *       channel (it neither raises nor lowers the score). The score is not negative; it exceeds
 *       {@link #threshold()} when the sample looks abnormal. The threshold comes from the learning samples
 *       alone (a quantile of the scores of learning samples, times a factor; see {@link ThresholdRule}).</li>
 *   <li>{@link #contributions(double[])} fills one non-negative value per channel: how much each channel
 *       added to the last score (larger: more to blame). It allocates nothing.</li>
 * </ol>
 *
 * A row is a {@code double[]} of {@link #channels()} values; the detector never keeps a reference to it.
 * Instances are single-threaded: learn and score on one thread, or hand over with a happens-before edge.
 */
public interface Detector
{
    /** Short name for reports, e.g. "pca". */
    String name();

    /** Values per row. */
    int channels();

    /** Adds one healthy sample to the learning set (copied). Ignored after {@link #finishLearning()}. */
    void learn(double[] row);

    /** Fits the model and its threshold to the samples learned so far. */
    void finishLearning() throws DetectorLearningException;

    /** Whether {@link #finishLearning()} succeeded. */
    boolean learned();

    /** Scores one sample; 0 before learning has finished. Allocation-free. */
    double score(double[] row);

    /** Scores above this are abnormal (from the learning data alone). */
    double threshold();

    /** Per-channel share of the last score, into {@code out} (length {@link #channels()}). Allocation-free. */
    void contributions(double[] out);

    /** Forgets scoring state (lag buffers, cumulative sums), keeps the learned model. */
    void resetScoring();
}
