package io.ironloop.firmware.run;

import io.ironloop.firmware.page.PageOptions;

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
 * @param stateDir      where latched trips outlive a restart, or null: the default directory on a real
 *                      board ({@code StateDirectory}), none on a simulated one (each simulated run starts clean)
 * @param page          the command line's say over the status page (a real-time run serves one unless disabled)
 * @param recordOut     a live binary recording of every process-image slot at the control rate ({@code ironloop record}), or null
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
    PrintWriter console,
    Path stateDir,
    PageOptions page,
    Path recordOut)
{
    /** Options without a recording. */
    public RunOptions(
        final Path machineFile,
        final Path boardFile,
        final boolean fast,
        final double seconds,
        final String brokerUri,
        final boolean mqtt,
        final Path telemetryOut,
        final Long seed,
        final String idle,
        final PrintWriter console,
        final Path stateDir,
        final PageOptions page)
    {
        this(machineFile, boardFile, fast, seconds, brokerUri, mqtt, telemetryOut, seed, idle, console, stateDir, page, null);
    }

    /** Options with the status page as the machine file says. */
    public RunOptions(
        final Path machineFile,
        final Path boardFile,
        final boolean fast,
        final double seconds,
        final String brokerUri,
        final boolean mqtt,
        final Path telemetryOut,
        final Long seed,
        final String idle,
        final PrintWriter console,
        final Path stateDir)
    {
        this(machineFile, boardFile, fast, seconds, brokerUri, mqtt, telemetryOut, seed, idle, console, stateDir, PageOptions.FROM_MACHINE_FILE);
    }

    /** Options with the default state directory. */
    public RunOptions(
        final Path machineFile,
        final Path boardFile,
        final boolean fast,
        final double seconds,
        final String brokerUri,
        final boolean mqtt,
        final Path telemetryOut,
        final Long seed,
        final String idle,
        final PrintWriter console)
    {
        this(machineFile, boardFile, fast, seconds, brokerUri, mqtt, telemetryOut, seed, idle, console, null);
    }
}
