package io.ironloop.firmware.run;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * How to run a machine.
 *
 * @param fast          lockstep on a virtual clock, as fast as the CPU allows (deterministic)
 * @param seconds       how long (virtual seconds when fast); 0 = until interrupted
 * @param brokerUri     MQTT broker, or null for an embedded one
 * @param mqtt          false to publish nowhere
 * @param telemetryOut  file receiving every published payload, one per line, or null
 * @param seed          overrides the simulated plant's seed, or null
 * @param idle          overrides the control agent's idle strategy, or null
 * @param console       where status lines and notices go
 */
public record RunOptions(
    Path machineFile,
    Path boardFile,
    boolean fast,
    double seconds,
    String brokerUri,
    boolean mqtt,
    Path telemetryOut,
    Long seed,
    String idle,
    PrintWriter console)
{
}
