package io.ironloop.firmware.config;

import java.util.List;
import java.util.Map;

/**
 * A machine file's {@code advisor:} section: which model (the built-in robust z-score or an ONNX file), how
 * often it runs, how long its advice lives, which channels feed it in which order, what each model output
 * means (anomaly score, health, alarm, fallback, a setpoint trim per loop), and the health and
 * remaining-life estimate of the part it watches. Bounds on the trims are each loop's {@code advice:}.
 *
 * @param kind          {@code builtin}, {@code ensemble} or {@code onnx}
 * @param modelFile     the ONNX file, resolved against the machine file's folder (null for builtin)
 * @param inputs        sensor ids, in the model's input order
 * @param trims         loop id to the model output that is its setpoint trim
 * @param anomalyScore  model output index, or -1
 */
public record AdvisorConfig(
    String kind,
    String modelFile,
    Position modelPosition,
    double rateHz,
    double expiryMs,
    List<String> inputs,
    int anomalyScore,
    int health,
    int alarm,
    int fallback,
    Map<String, Integer> trims,
    Builtin builtin,
    Health healthEstimate,
    Position position,
    Ensemble ensemble)
{
    public static final int UNMAPPED = -1;

    /** Without ensemble settings (a builtin or onnx advisor). */
    public AdvisorConfig(final String kind, final String modelFile, final Position modelPosition, final double rateHz,
        final double expiryMs, final List<String> inputs, final int anomalyScore, final int health, final int alarm,
        final int fallback, final Map<String, Integer> trims, final Builtin builtin, final Health healthEstimate,
        final Position position)
    {
        this(kind, modelFile, modelPosition, rateHz, expiryMs, inputs, anomalyScore, health, alarm, fallback, trims, builtin,
            healthEstimate, position, null);
    }

    /**
     * Settings of the detector-ensemble model ({@code io.ironloop.control.advice.EnsembleModel} on the
     * detectors of {@code io.ironloop.control.detect}): it learns on the machine from its first
     * {@code learnSamples} complete samples. {@code detectors} picks the ensemble: {@code default}
     * ({@code EnsembleSpec.DEFAULT}) or {@code smoothed} ({@code EnsembleSpec.SMOOTHED}, which adds exponentially
     * smoothed copies of its members and needs at least {@link #SMOOTHED_MIN_LEARN_SAMPLES}).
     */
    public record Ensemble(int learnSamples, String detectors)
    {
        /** The ensemble's members need 50 usable rows, and a quarter of the learning rows is held out for thresholds. */
        public static final int MIN_LEARN_SAMPLES = 100;
        /**
         * The smoothed copies' thresholds come from held-out smoothed scores, which are strongly autocorrelated: with
         * 100 learning samples they false-alarmed on about 4 % of white-noise samples, with 400 on none
         * (docs/DETECTION.md). 400 is also the learning length the smoothed ensemble was chosen with (SKAB).
         */
        public static final int SMOOTHED_MIN_LEARN_SAMPLES = 400;
        public static final java.util.List<String> DETECTORS = java.util.List.of("default", "smoothed");

        public Ensemble(final int learnSamples)
        {
            this(learnSamples, "default");
        }
    }

    /** Settings of the built-in robust z-score model ({@code io.ironloop.control.advice.RobustZScoreModel}). */
    public record Builtin(int learnSamples, double minScale, double alarmScore, double deadband, double trimPerScore,
        double smoothingSamples, double fallbackScore)
    {
    }

    /**
     * The health index and remaining life of one part: its degradation indicator is a model output
     * ({@code indicatorOutput}) or a channel ({@code indicatorChannel}, one of the inputs), and it fails at
     * {@code failureLevel}.
     */
    public record Health(String part, int indicatorOutput, String indicatorChannel, double healthyLevel, double failureLevel,
        int points, double sampleEveryS)
    {
    }
}
