package io.ironloop.firmware.run;

/**
 * What a run achieved, as {@code --summary-json} writes it.
 *
 * @param simSeconds    time covered by the run (virtual seconds when fast)
 * @param setpoint      first loop's setpoint
 * @param finalValue    first loop's last filtered measurement
 * @param overshootPct  overshoot in % of the step
 * @param settleSeconds first time after which the value stayed within +-2 % of setpoint (NaN: never)
 * @param overruns      control ticks that started a whole period late
 */
public record RunSummary(
    String machine,
    String loop,
    double simSeconds,
    double setpoint,
    double finalValue,
    double overshootPct,
    double settleSeconds,
    long overruns,
    long controlCycles,
    long telemetryPublished,
    long telemetryDropped,
    String finalMode)
{
}
