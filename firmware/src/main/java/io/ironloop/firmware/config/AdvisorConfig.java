package io.ironloop.firmware.config;

import java.util.List;
import java.util.Map;

/**
 * A machine file's {@code advisor:} section: which model (the built-in robust z-score or an ONNX file), how
 * often it runs, how long its advice lives, which channels feed it in which order, what each model output
 * means (anomaly score, health, alarm, fallback, a setpoint trim per loop), and the health and
 * remaining-life estimate of the part it watches. Bounds on the trims are each loop's {@code advice:}.
 *
 * @param kind          {@code builtin} or {@code onnx}
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
    Position position)
{
    public static final int UNMAPPED = -1;

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
